/**
 * `npm start` as a user runs it: `prestart` compiles, then Node runs dist/src/main.js with its bounded
 * heap, here over the run's Neo4j. SIGTERM (a process manager, `kill`) and Ctrl-C (SIGINT to the
 * terminal's whole process group) stop it gracefully: no new connection is taken, a request under way
 * is still answered, and the server exits 0. Stopping a Neo4j the process started: test/managed.test.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { type ClientRequest, request } from 'node:http';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../src/core/paths.js';
import { isAlive } from '../src/neo4j/processes.js';
import { until } from './support/wait.js';

/** The processes of a process group, with their arguments. */
async function inGroup(group: number) {
  const found: { pid: number; args: string[] }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pgrp is the third field after the command, which is in parentheses.
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean);
    if (pgrp === group) found.push({ pid: Number(entry), args });
  }
  return found;
}

interface LogLine {
  msg: string;
  port?: number;
  signal?: string;
}

const LOOKUP = JSON.stringify({ query: '{ entity(id: "san-wu-wei") { name } }' });
const ANSWER = { data: { entity: { name: '晋江三伍微电子有限公司' } } };

describe('npm start', () => {
  const started: ChildProcess[] = [];
  /** Ends each whole group (npm, its shell, node) whatever happened. */
  afterEach(() => {
    for (const npm of started.splice(0)) {
      try {
        if (npm.pid) process.kill(-npm.pid, 'SIGKILL');
      } catch {}
    }
  });

  /** `npm start` in a process group of its own (as in a terminal), once it listens. */
  async function npmStart() {
    const neo4j = inject('neo4j');
    const npm = spawn('npm', ['start'], {
      cwd: PROJECT_ROOT,
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: '0',
        KG_SEED_ON_START: 'false',
        NEO4J_URI: neo4j.uri,
        NEO4J_USER: neo4j.user,
        NEO4J_PASSWORD: neo4j.password,
        NEO4J_DATABASE: neo4j.database ?? '',
        npm_config_update_notifier: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(npm);
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      npm.once('exit', (code, signal) => resolve({ code, signal })),
    );
    let stderr = '';
    npm.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const log: LogLine[] = [];
    createInterface({ input: npm.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.startsWith('{')) log.push(JSON.parse(line));
    });
    const find = (prefix: string) => log.find((l) => l.msg.startsWith(prefix));
    await until(() => Boolean(find('explorer on')) || npm.exitCode !== null, 150_000, 'npm start to listen');
    const port = find('explorer on')?.port;
    expect(port, `npm start exited ${npm.exitCode}:\n${stderr}`).toBeDefined();
    const base = `http://127.0.0.1:${port}`;
    expect(find('explorer on')?.msg).toBe(`explorer on ${base}/ · GraphiQL on ${base}/graphql`);
    // What runs is the compiled server with npm start's bounded heap, not tsx.
    const servers = (await inGroup(npm.pid as number)).filter(({ args }) => args.includes('dist/src/main.js'));
    expect(servers.map((s) => s.args)).toEqual([expect.arrayContaining(['--max-old-space-size=256'])]);
    return { npm, base, pid: servers[0]?.pid as number, log, find, exit };
  }

  /** A request under way: its headers and the first bytes of its body sent; `finish` sends the rest. */
  async function underWay(base: string) {
    const req: ClientRequest = request(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(LOOKUP) },
    });
    const answer = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
    });
    // Awaited by `finish`; a reset before then (a broken shutdown) fails there, not as an unhandled rejection.
    answer.catch(() => {});
    req.write(LOOKUP.slice(0, 10));
    // Time for the server to read the headers and start on the request.
    await sleep(300);
    return {
      finish: () => {
        req.end(LOOKUP.slice(10));
        return answer;
      },
    };
  }

  it('serves the compiled server; on SIGTERM it answers the request under way, takes no new one, and exits 0', async () => {
    const { base, pid, find, exit, log } = await npmStart();
    const answered = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: LOOKUP });
    expect(await answered.json()).toEqual(ANSWER);

    const pending = await underWay(base);
    process.kill(pid, 'SIGTERM');
    await until(() => Boolean(find('shutting down')), 10_000, 'the server to start shutting down');
    expect(find('shutting down')?.signal).toBe('SIGTERM');
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    expect(await pending.finish()).toEqual({ status: 200, body: ANSWER });
    // npm passes on the server's own exit code.
    expect(await exit).toEqual({ code: 0, signal: null });
    expect(log.at(-1)?.msg).toBe('stopped');
    expect(isAlive(pid)).toBe(false);
  }, 240_000);

  it('stops the same way on Ctrl-C: the request under way answered, then nothing of it left running', async () => {
    const { npm, base, pid, find, exit, log } = await npmStart();
    const pending = await underWay(base);
    process.kill(-(npm.pid as number), 'SIGINT');
    await until(() => Boolean(find('shutting down')), 10_000, 'the server to start shutting down');
    expect(find('shutting down')?.signal).toBe('SIGINT');
    expect(await pending.finish()).toEqual({ status: 200, body: ANSWER });
    // npm and its shell end on the SIGINT themselves (the terminal's usual 130), the server once it is done.
    await exit;
    await until(() => !isAlive(pid), 10_000, 'the server to exit');
    expect(log.at(-1)?.msg).toBe('stopped');
    expect(await inGroup(npm.pid as number)).toEqual([]);
  }, 240_000);
});
