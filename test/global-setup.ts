import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config.js';
import type { Neo4jCoordinates } from '../src/core/connection.js';
import { Database } from '../src/db/database.js';
import { ensureSeeded } from '../src/knowledge/load.js';
import { provisionNeo4j } from '../src/neo4j/provision.js';
import { type GraphDigest, graphDigest } from './graph-digest.js';
import { killLeftovers } from './support/run-processes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jCoordinates;
    /** The graph as seeded: every file must leave it so (test/support/seed-graph-check.ts). */
    seedGraph: GraphDigest;
  }
}

/**
 * The tests' own database, never the user's: NEO4J_* (from the shell or `.env`) are ignored. A
 * throwaway Neo4j (a container, or the managed server in a temporary folder), or the server that the
 * test-only KG_TEST_NEO4J_URI names (with KG_TEST_NEO4J_USER, _PASSWORD, _DATABASE), which must be empty.
 */
export function testConfig(env: NodeJS.ProcessEnv) {
  return loadConfig({
    ...env,
    NODE_ENV: 'test',
    NEO4J_URI: env.KG_TEST_NEO4J_URI ?? '',
    NEO4J_USER: env.KG_TEST_NEO4J_USER,
    NEO4J_PASSWORD: env.KG_TEST_NEO4J_PASSWORD,
    NEO4J_DATABASE: env.KG_TEST_NEO4J_DATABASE ?? '',
  });
}

export class NotOurDatabaseError extends Error {
  override name = 'NotOurDatabaseError';
}

/** The suite seeds, writes and deletes: it refuses a database that holds anything it did not put there. */
export async function claimEmpty(db: Database, uri: string) {
  const [row] = await db.read<{ nodes: number }>('MATCH (n) RETURN count(n) AS nodes');
  const nodes = row?.nodes ?? 0;
  if (nodes > 0) {
    throw new NotOurDatabaseError(
      `KG_TEST_NEO4J_URI=${uri} holds ${nodes} nodes: the tests seed, write and delete there, so they only use an empty ` +
        'database. Point KG_TEST_NEO4J_URI at an empty one, or unset it to let the tests start their own.',
    );
  }
}

/**
 * Fails the run (after killing them) if processes it started outlive it: a server or child that a
 * failed or timed-out test never stopped.
 */
async function noneLeft(runDir: string) {
  const left = await killLeftovers(runDir, 15_000);
  await rm(runDir, { recursive: true, force: true });
  if (left.length > 0) {
    // Vitest only logs an error thrown by a global teardown ("error during close"): the exit code says it.
    process.exitCode = 1;
    throw new Error(
      `${left.length} process(es) started by this run outlived it (now killed):\n${left.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`,
    );
  }
}

/** One Neo4j for the whole run, holding the seed graph. */
export default async function setup(project: TestProject) {
  // Every temporary folder of this run (the Neo4j homes included) under one of its own, which the
  // workers and their children inherit: what still runs from there at the end, this run started.
  const tmp = process.env.TMPDIR;
  const runDir = await mkdtemp(join(tmpdir(), 'kg-test-run-'));
  process.env.TMPDIR = runDir;
  const restore = () => {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  };
  const config = testConfig(process.env);
  const started = Date.now();
  let neo4j: Awaited<ReturnType<typeof provisionNeo4j>>;
  let seedGraph: GraphDigest;
  try {
    neo4j = await provisionNeo4j({ config, storage: 'throwaway', progress: (line) => console.log(`[neo4j] ${line}`) });
  } catch (error) {
    restore();
    await noneLeft(runDir);
    throw error;
  }
  const db = Database.connect(neo4j);
  try {
    if (neo4j.source === 'external') await claimEmpty(db, neo4j.uri);
    await ensureSeeded(db);
    seedGraph = await graphDigest(db);
  } catch (error) {
    await db.close();
    await neo4j.stop();
    restore();
    await noneLeft(runDir);
    throw error;
  }
  await db.close();
  console.log(`[neo4j] ${neo4j.source} server at ${neo4j.uri}, seeded in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  project.provide('neo4j', { uri: neo4j.uri, user: neo4j.user, password: neo4j.password, database: neo4j.database });
  project.provide('seedGraph', seedGraph);
  return async () => {
    restore();
    try {
      // An external test database was empty when claimed: leave it empty for the next run.
      if (neo4j.source === 'external') {
        const cleanup = Database.connect(neo4j);
        await cleanup.write('MATCH (n) DETACH DELETE n').catch(() => {});
        await cleanup.close();
      }
      await neo4j.stop();
    } finally {
      await noneLeft(runDir);
    }
  };
}
