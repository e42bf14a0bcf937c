/**
 * The bulk load, written once for `kg import --bulk` and the benchmark: refuse a running server (or a
 * store, without replace) before any work, build the store offline, start the server, create the
 * schema and wait for its indexes, set the lists CSV could not hold, and time each step.
 */

import type { Neo4jCoordinates } from '../../core/connection.js';
import { Database } from '../../db/database.js';
import { compileSeedPaths } from '../seed-paths.js';
import { formatPhases } from './admin.js';
import {
  type BulkImportOptions,
  type BulkImportResult,
  bulkImport,
  checkBulkTarget,
  type FinishResult,
  finishBulkImport,
} from './import.js';

export interface BulkBuild extends BulkImportResult {
  /** Validation, merge and quote check, before the CSV. */
  compileSeconds: number;
}

/** Compiles seed files (with no existing ids: the store is built from nothing), then `bulkImport`s them. */
export async function buildBulkStore(
  paths: string[],
  { documentsDir, ...options }: Omit<BulkImportOptions, 'graph'> & { documentsDir?: string },
): Promise<BulkBuild> {
  const started = performance.now();
  const graph = await compileSeedPaths(paths, { documentsDir });
  const compileSeconds = (performance.now() - started) / 1000;
  options.progress?.(`compiled ${graph.entities.length} entities, ${graph.relations.length} relations in ${compileSeconds.toFixed(1)} s`);
  return { ...(await bulkImport({ ...options, graph })), compileSeconds };
}

export interface BulkLoadOptions<S extends Neo4jCoordinates & { stop(): Promise<void> }> {
  home: string;
  replace?: boolean;
  /**
   * Builds the store while no server runs: `buildBulkStore` in this process, or in a child process
   * (the bench sizes the heap that holds the compiled graph).
   */
  build(): Promise<BulkBuild>;
  /** Starts the server over the new store. */
  start(): Promise<S>;
  progress?: (line: string) => void;
}

export interface BulkLoadResult extends BulkBuild, FinishResult {
  serverStartSeconds: number;
  /** CSV, neo4j-admin, server start, indexes online and empty lists: the whole bulk write, compile excluded. */
  wholeSeconds: number;
}

/** Runs the bulk load; returns the server it started, running, with the timings. */
export async function bulkLoad<S extends Neo4jCoordinates & { stop(): Promise<void> }>(
  options: BulkLoadOptions<S>,
): Promise<{ server: S; result: BulkLoadResult }> {
  const { home, replace = false, progress = () => {} } = options;
  await checkBulkTarget(home, replace);
  const build = await options.build();
  const serverStarted = performance.now();
  const server = await options.start();
  const serverStartSeconds = (performance.now() - serverStarted) / 1000;
  let finish: FinishResult;
  try {
    const db = Database.connect(server);
    try {
      progress('creating constraints and indexes, and waiting for them to be online');
      finish = await finishBulkImport(db, build.pending);
    } finally {
      await db.close();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  const wholeSeconds = build.csvSeconds + build.adminSeconds + serverStartSeconds + finish.indexSeconds + finish.pendingSeconds;
  return { server, result: { ...build, ...finish, serverStartSeconds, wholeSeconds } };
}

/** The bulk load in one line: each step's time, then the rates over the whole bulk write. */
export function describeBulkLoad(r: BulkLoadResult): string {
  const s = (seconds: number) => `${seconds.toFixed(1)} s`;
  const phases = formatPhases(r.phases);
  const pending = r.pending.nodes.length + r.pending.relations.length;
  return (
    `loaded ${r.documents} documents, ${r.entities} entities, ${r.relations} relations: compile ${s(r.compileSeconds)}, ` +
    `CSV ${s(r.csvSeconds)} (${r.files} files), neo4j-admin ${s(r.adminSeconds)}${phases ? ` (${phases})` : ''}, ` +
    `server start ${s(r.serverStartSeconds)}, schema and indexes online ${s(r.indexSeconds)}` +
    `${pending > 0 ? `, ${pending} empty lists ${s(r.pendingSeconds)}` : ''}; ` +
    `${Math.round(r.entities / r.wholeSeconds)} entities/s, ${Math.round(r.relations / r.wholeSeconds)} relationships/s ` +
    `over the whole bulk write (CSV to indexes online, ${s(r.wholeSeconds)})`
  );
}
