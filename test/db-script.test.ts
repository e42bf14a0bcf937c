/**
 * `npm run db` and the service together, as processes. A server started by `db start` is supervised
 * by a detached process that outlives the command: a crash under the service (`src/main.ts`, reusing
 * it) is healed, and no acknowledged write is lost. `db stop` refuses while the service uses it and
 * names it; once the service is gone it stops the server and its supervisor for good. A supervisor
 * killed in turn is replaced by the next `db start`, which adopts the running server.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/core/paths.js';
import { isAlive, terminate } from '../src/neo4j/processes.js';
import { type ManagedState, readState } from '../src/neo4j/state.js';
import { postGraphQL } from './hardening/harness.js';
import { describeManagedNeo4j } from './support/prerequisites.js';
import { portOpen, until } from './support/wait.js';

const KEY = 'db-script-test-key';
const UPSERT = 'mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { __typename ... on Error { message } } }';

/** `npm run db -- <args>`, as a process: its exit code and output. */
const runDb = (env: NodeJS.ProcessEnv, args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/db.ts', ...args], { cwd: PROJECT_ROOT, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

describe('npm run db with no server', () => {
  let data: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    data = await mkdtemp(join(tmpdir(), 'kg-db-none-test-'));
    env = { ...process.env, KG_DATA_DIR: data, KG_ENV_FILE: '', NEO4J_URI: '' };
  });
  afterAll(() => rm(data, { recursive: true, force: true }));

  it('says it is not running: status exits 3 naming the home, stop exits 0, and neither starts anything', async () => {
    const status = await runDb(env, ['status']);
    expect(status).toEqual({ code: 3, stdout: '', stderr: `# not running (home ${join(data, 'neo4j')})\n` });
    const stop = await runDb(env, ['stop']);
    expect(stop).toEqual({ code: 0, stdout: '', stderr: '# not running\n' });
    expect(await readState(join(data, 'neo4j'))).toBeUndefined();
  });

  it('refuses an unknown or missing command with the usage and exit 2', async () => {
    for (const args of [['restart'], []]) {
      expect(await runDb(env, args), args.join(' ')).toEqual({
        code: 2,
        stdout: '',
        stderr: 'usage: npm run db -- start | stop [--force] | status\n',
      });
    }
  });

  it('with NEO4J_URI set, manages nothing and prints the coordinates it would use', async () => {
    const external = { ...env, NEO4J_URI: 'bolt://db.example:7687', NEO4J_USER: 'reader', NEO4J_PASSWORD: 'secret' };
    for (const command of ['start', 'status', 'stop']) {
      const result = await runDb(external, [command]);
      expect(result.code, command).toBe(0);
      expect(result.stderr, command).toContain('NEO4J_URI is set, so there is no managed server to manage');
      expect(result.stdout, command).toBe('NEO4J_URI=bolt://db.example:7687\nNEO4J_USER=reader\nNEO4J_PASSWORD=secret\n');
    }
    expect(await readState(join(data, 'neo4j'))).toBeUndefined();
  });
});

await describeManagedNeo4j('npm run db and a service using its server', () => {
  let data: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let service: ChildProcess | undefined;
  const serviceLog: Record<string, any>[] = [];
  /** Every pid this file saw serve or supervise, stopped in afterAll whatever happened. */
  const seen = new Set<number>();

  const db = async (...args: string[]) => {
    const result = await runDb(env, args);
    const state = await readState(home);
    if (state) for (const pid of [state.pid, state.ownerPid]) seen.add(pid);
    return result;
  };
  const state = async () => (await readState(home)) as ManagedState;

  beforeAll(async () => {
    data = await mkdtemp(join(tmpdir(), 'kg-db-script-test-'));
    home = join(data, 'neo4j');
    env = { ...process.env, KG_DATA_DIR: data, KG_NEO4J_HEAP: '256m', KG_NEO4J_PAGECACHE: '64m', KG_ENV_FILE: '', NEO4J_URI: '' };
  });

  afterAll(async () => {
    if (service?.exitCode === null) service.kill('SIGKILL');
    await db('stop', '--force');
    for (const pid of seen) await terminate(pid, 10_000);
    await rm(data, { recursive: true, force: true });
  });

  it('heals a crash under the service, refuses to stop the server it uses, stops it for good once it is gone', async () => {
    const started = await db('start');
    expect(started.code, started.stderr).toBe(0);
    const first = await state();
    expect(started.stdout).toContain(`NEO4J_URI=${first.uri}`);
    expect(started.stderr).toContain(`supervised by db start's supervisor (pid ${first.ownerPid})`);
    expect(first.owner).toBe('detached');
    expect(isAlive(first.ownerPid)).toBe(true);
    // Started again, it starts nothing: the same server, the same coordinates.
    const again = await db('start');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`# already running (pid ${first.pid}, supervised by db start's supervisor (pid ${first.ownerPid}))`);
    expect(again.stdout).toBe(started.stdout);
    expect(await state()).toEqual(first);
    const serving = await db('status');
    expect(serving.code, serving.stderr).toBe(0);
    expect(serving.stderr).toContain(`# running (pid ${first.pid} since ${first.since}, supervised by db start's supervisor`);
    expect(serving.stdout).toBe(started.stdout);

    // The service reuses it; its start line names the explorer first, then GraphiQL.
    service = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...env, HOST: '127.0.0.1', PORT: '0', KG_SEED_ON_START: 'false', KG_API_KEY: KEY, NODE_ENV: 'production', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: service.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.startsWith('{')) serviceLog.push(JSON.parse(line));
    });
    await until(() => serviceLog.some((l) => String(l.msg).startsWith('explorer on')), 60_000, 'the service to listen');
    const startLine = String(serviceLog.find((l) => String(l.msg).startsWith('explorer on'))?.msg);
    const [, url] = /^explorer on (http:\/\/127\.0\.0\.1:\d+)\/ · GraphiQL on \1\/graphql$/.exec(startLine) ?? [];
    expect(url, startLine).toBeDefined();
    expect(serviceLog.some((l) => String(l.msg).includes(`using the Neo4j already running on ${first.uri}`))).toBe(true);
    const status = await db('status');
    expect(status.stderr).toContain(`pid ${service.pid}: `);

    const write = async (id: string) => {
      const input = { id, kind: 'Company', name: `监督测试 ${id}`, evidence: [{ document: 'db-script.txt', quote: id }] };
      const result = await postGraphQL(`${url}/graphql`, { query: UPSERT, variables: { input } }, { 'x-api-key': KEY });
      return result.body.data?.upsertEntity?.__typename === 'UpsertEntityPayload';
    };
    const acked: string[] = [];
    for (let i = 0; i < 10; i++) if (await write(`sup-${i}`)) acked.push(`sup-${i}`);
    expect(acked).toHaveLength(10);

    // kill -9 under the service: db start's supervisor restarts it on the same port.
    process.kill(first.pid, 'SIGKILL');
    await until(async () => (await fetch(`${url}/readyz`)).status === 503, 20_000, '/readyz 503');
    const killedAt = Date.now();
    await until(async () => (await fetch(`${url}/readyz`)).status === 200, 180_000, '/readyz 200 again');
    console.log(`[db-script] /readyz 200 again ${Date.now() - killedAt} ms after it turned 503`);
    const second = await state();
    seen.add(second.pid);
    expect(second).toMatchObject({ uri: first.uri, ownerPid: first.ownerPid });
    expect(second.pid).not.toBe(first.pid);
    for (let i = 10; i < 15; i++) if (await write(`sup-${i}`)) acked.push(`sup-${i}`);
    const ids = acked.map((id) => `"${id}"`).join(', ');
    const read = await postGraphQL(`${url}/graphql`, { query: `{ entities(first: 100, filter: { ids: [${ids}] }) { totalCount } }` });
    expect(read.body.errors, JSON.stringify(read.body)).toBeUndefined();
    expect(read.body.data?.entities.totalCount).toBe(15);
    const supervisorLog = await readFile(join(home, 'logs', 'supervisor.log'), 'utf8');
    const restart = supervisorLog
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((l) => l.serverPid === first.pid);
    expect(restart).toMatchObject({ level: 50, signal: 'SIGKILL', code: null, attempt: 1, delayMs: 1_000 });

    // `db stop` will not pull it from under the service: it names it and exits non-zero.
    const refused = await db('stop');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`pid ${service.pid}: `);
    expect(refused.stderr).toContain('src/main.ts');
    expect(isAlive(second.pid)).toBe(true);

    // The service stops gracefully and leaves the server it reused running.
    const exited = new Promise<number | null>((resolve) => service?.once('exit', resolve));
    service.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(isAlive(second.pid)).toBe(true);

    // Its supervisor killed too: Neo4j runs on, unsupervised, until `db start` adopts it.
    process.kill(second.ownerPid, 'SIGKILL');
    await until(() => !isAlive(second.ownerPid), 10_000, 'the supervisor to die');
    expect((await db('status')).stderr).toContain(`supervised by nobody: its supervisor (pid ${second.ownerPid}) is gone`);
    const adopted = await db('start');
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stderr).toContain(`supervising the Neo4j already running on ${first.uri} (pid ${second.pid})`);
    const third = await state();
    expect(third.pid).toBe(second.pid);
    expect(third.ownerPid).not.toBe(second.ownerPid);
    process.kill(second.pid, 'SIGKILL');
    await until(async () => (await state())?.pid !== second.pid && Boolean((await state())?.since), 180_000, 'the adopter to restart it');
    const fourth = await state();
    seen.add(fourth.pid);
    expect(await portOpen(first.uri)).toBe(true);

    // Nobody uses it now: `db stop` stops it and its supervisor, and nothing brings it back.
    const stopped = await db('stop');
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain('# stopped');
    expect(isAlive(fourth.pid)).toBe(false);
    expect(isAlive(fourth.ownerPid)).toBe(false);
    await sleep(3_000);
    expect(await readState(home)).toBeUndefined();
    expect(await portOpen(first.uri)).toBe(false);
    expect((await db('status')).code).toBe(3);
  }, 600_000);
});
