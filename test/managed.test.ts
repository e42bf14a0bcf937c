import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import neo4j from 'neo4j-driver';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, resolveClasspath, startManagedNeo4j } from '../src/neo4j/managed.js';

const portOpen = (uri: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(uri.replace('bolt://', 'http://'));
    const socket = tcpConnect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function eventually(check: () => boolean | Promise<boolean>, ms: number) {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(250)) if (await check()) return true;
  return check();
}

// These start their own servers beside the run's one (global setup already cached the jars).
describe('managed local Neo4j', () => {
  const homes: string[] = [];
  const newHome = async () => {
    const home = await mkdtemp(join(tmpdir(), 'kg-managed-test-'));
    homes.push(home);
    return home;
  };
  afterEach(async () => {
    await Promise.all(homes.splice(0).map((home) => rm(home, { recursive: true, force: true })));
  });

  it('reuses the cached jars: a second resolution needs no Maven', async () => {
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

  it('stops when its parent is killed with SIGKILL', async () => {
    const home = await newHome();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/managed-child.ts', home], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
    });
    const { pid, uri } = JSON.parse(line) as { pid: number; uri: string };
    expect(isAlive(pid)).toBe(true);
    expect(await portOpen(uri)).toBe(true);
    child.kill('SIGKILL');
    expect(await eventually(() => !isAlive(pid), 90_000)).toBe(true);
    expect(await portOpen(uri)).toBe(false);
  }, 180_000);
});
