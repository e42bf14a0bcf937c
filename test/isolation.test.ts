/**
 * `npm test` never touches a user's own database: the NEO4J_* of the shell or of `.env` are ignored,
 * a test-only server must be empty, and the processes the tests start read no `.env`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/core/paths.js';
import { claimEmpty, NotOurDatabaseError, testConfig } from './global-setup.js';
import { connect } from './helpers.js';

/** tsx's loader by path: the probe runs in a folder with no node_modules. */
const TSX = pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const USER_DB = { NEO4J_URI: 'bolt://users-own-db:7687', NEO4J_USER: 'analyst', NEO4J_PASSWORD: 'secret', NEO4J_DATABASE: 'prod' };

describe("the tests' database", () => {
  it('ignores the NEO4J_* settings a user has, and takes only the test-only ones', () => {
    const ignored = testConfig(USER_DB);
    expect(ignored.NEO4J_URI).toBeUndefined();
    expect(ignored.NEO4J_DATABASE).toBeUndefined();
    const chosen = testConfig({ ...USER_DB, KG_TEST_NEO4J_URI: 'bolt://127.0.0.1:7999', KG_TEST_NEO4J_PASSWORD: 'pw' });
    expect([chosen.NEO4J_URI, chosen.NEO4J_USER, chosen.NEO4J_PASSWORD]).toEqual(['bolt://127.0.0.1:7999', 'neo4j', 'pw']);
  });

  it('refuses a database that holds data, saying why, and writes nothing there', async () => {
    const db = connect();
    try {
      const count = async () => (await db.read<{ n: number }>('MATCH (n) RETURN count(n) AS n'))[0]?.n;
      const before = await count();
      expect(before).toBeGreaterThan(0);
      const refusal = await claimEmpty(db, 'bolt://127.0.0.1:7999').catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(NotOurDatabaseError);
      expect((refusal as Error).message).toBe(
        `KG_TEST_NEO4J_URI=bolt://127.0.0.1:7999 holds ${before} nodes: the tests seed, write and delete there, so they only use an empty ` +
          'database. Point KG_TEST_NEO4J_URI at an empty one, or unset it to let the tests start their own.',
      );
      expect(await count()).toBe(before);
    } finally {
      await db.close();
    }
  });
});

describe('the .env file', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  /** What NEO4J_URI an entry point sees, started in a folder whose `.env` names the user's database. */
  async function seenByEntryPoint(env: NodeJS.ProcessEnv) {
    const dir = await mkdtemp(join(tmpdir(), 'kg-dotenv-'));
    dirs.push(dir);
    await writeFile(join(dir, '.env'), `NEO4J_URI=${USER_DB.NEO4J_URI}\n`);
    const probe = `await import(${JSON.stringify(join(PROJECT_ROOT, 'src', 'env.ts'))}); console.log(process.env.NEO4J_URI ?? 'unset')`;
    const child = spawnSync(process.execPath, ['--import', TSX, '--input-type=module', '-e', probe], {
      cwd: dir,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    return child.stdout.trim();
  }

  it('is read by the entry points, and by none of the processes the tests start', async () => {
    expect(await seenByEntryPoint({})).toBe(USER_DB.NEO4J_URI);
    expect(process.env.KG_ENV_FILE).toBe('');
    expect(await seenByEntryPoint({ KG_ENV_FILE: process.env.KG_ENV_FILE })).toBe('unset');
  });
});
