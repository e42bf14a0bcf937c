import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import neo4j from 'neo4j-driver';
import { afterEach, expect, it } from 'vitest';
import { isAlive, type ManagedState, readState, resolveClasspath, startManagedNeo4j, terminate } from '../src/neo4j/managed.js';
import { describeManagedNeo4j } from './support/prerequisites.js';
import { eventually, portOpen } from './support/wait.js';

/** The Neo4j pids that watchdogs of `parentPid` watch (`sh -c <script> kg-neo4j-watchdog <parent> <child>`). */
async function watchedBy(parentPid: number): Promise<number[]> {
  const watched: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (args[3] === 'kg-neo4j-watchdog' && args[4] === String(parentPid)) watched.push(Number(args[5]));
  }
  return watched;
}

// These start their own servers beside the run's one (which may be a container).
await describeManagedNeo4j('managed local Neo4j', () => {
  const homes: string[] = [];
  const newHome = async () => {
    const home = await mkdtemp(join(tmpdir(), 'kg-managed-test-'));
    homes.push(home);
    return home;
  };
  /** Every child a test spawns: a test that fails or times out never reaches its own clean-up. */
  const children: ChildProcess[] = [];
  const track = <T extends ChildProcess>(spawned: T): T => {
    children.push(spawned);
    return spawned;
  };
  afterEach(async () => {
    for (const spawned of children.splice(0)) if (spawned.exitCode === null && spawned.signalCode === null) spawned.kill('SIGKILL');
    await Promise.all(
      homes.splice(0).map(async (home) => {
        const state = await readState(home);
        if (state) await terminate(state.pid, 10_000);
        await rm(home, { recursive: true, force: true });
      }),
    );
  });

  it('reuses the cached jars: a second resolution needs no Maven', async () => {
    // The first (Maven, unless global setup ran a managed server rather than a container) caches them.
    await resolveClasspath();
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const classpath = await resolveClasspath();
      expect(classpath.split(':').length).toBeGreaterThan(200);
    } finally {
      process.env.PATH = path;
    }
  });

  it('starts on loopback, answers Cypher, and stops leaving no process and no port', async () => {
    const server = await startManagedNeo4j({ home: await newHome(), heap: '256m', pagecache: '64m' });
    expect(server.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    const driver = neo4j.driver(server.uri, neo4j.auth.basic(server.user, server.password));
    try {
      const { records } = await driver.executeQuery('RETURN 40 + 2 AS answer');
      expect(records[0]?.get('answer').toNumber()).toBe(42);
      const { records: version } = await driver.executeQuery(
        'CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition',
      );
      expect(version[0]?.get('v')).toMatch(/^5\.26\./);
      expect(version[0]?.get('edition')).toBe('community');
    } finally {
      await driver.close();
    }
    await server.stop();
    expect(isAlive(server.pid)).toBe(false);
    expect(await portOpen(server.uri)).toBe(false);
  });

  it('finishes stopping, and cleans up its state, in a process that nothing else keeps alive', async () => {
    // npm start's shutdown is such a process once its HTTP server and driver are closed. Its output
    // goes to a file: a pipe would be a handle that keeps it alive.
    const home = await newHome();
    const out = await open(join(home, 'out.log'), 'w');
    const child = track(
      spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/managed-start-stop.ts', home], { stdio: ['ignore', out.fd, out.fd] }),
    );
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    await out.close();
    const lines = (await readFile(join(home, 'out.log'), 'utf8')).trim().split('\n');
    const { pid } = JSON.parse(lines.find((line) => line.startsWith('{')) ?? '{}') as { pid: number };
    expect({ code, last: lines.at(-1) }).toEqual({ code: 0, last: 'stopped' });
    expect(isAlive(pid)).toBe(false);
    expect(await readState(home)).toBeUndefined();
    expect(await readdir(join(home, 'kg-users')).catch(() => [])).toEqual([]);
  });

  it('restarts after a crash, and stops when its parent is killed with SIGKILL: the watchdog follows the new pid', async () => {
    const home = await newHome();
    const child = track(
      spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/managed-child.ts', home], { stdio: ['ignore', 'pipe', 'inherit'] }),
    );
    let neo4jPid: number | undefined;
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
      });
      const { pid, uri } = JSON.parse(line) as { pid: number; uri: string };
      neo4jPid = pid;
      expect(isAlive(pid)).toBe(true);
      expect(await portOpen(uri)).toBe(true);
      expect(await watchedBy(child.pid as number)).toEqual([pid]);

      // A crash: the child's supervisor starts it again on the same port, and the state file follows.
      process.kill(pid, 'SIGKILL');
      expect(
        await eventually(async () => ((await readState(home))?.pid ?? pid) !== pid && Boolean((await readState(home))?.since), 120_000),
      ).toBe(true);
      const restarted = (await readState(home)) as ManagedState;
      neo4jPid = restarted.pid;
      expect(restarted).toMatchObject({ uri, ownerPid: child.pid, owner: 'parent' });
      expect(isAlive(pid)).toBe(false);
      expect(await portOpen(uri)).toBe(true);
      // One watchdog, on the new pid: the old one ended with the old server.
      expect(await eventually(async () => (await watchedBy(child.pid as number)).join() === String(restarted.pid), 5_000)).toBe(true);

      child.kill('SIGKILL');
      expect(await eventually(() => !isAlive(restarted.pid), 90_000)).toBe(true);
      expect(await portOpen(uri)).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (neo4jPid !== undefined) await terminate(neo4jPid, 10_000);
    }
  }, 300_000);
});
