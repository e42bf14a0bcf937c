/**
 * The offline bulk load: a compiled graph written as CSV files and built into the managed server's
 * `neo4j` database by `neo4j-admin database import full`, with the server stopped. An order of
 * magnitude faster than any Bolt write (no transactions, no index updates per row), and only for an
 * empty or replaceable store. The CSV files are ./csv.ts's, neo4j-admin is run by ./admin.ts.
 */
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompiledGraph } from '../../core/graph.js';
import type { PendingProps } from '../../core/rows.js';
import type { Database } from '../../db/database.js';
import { isAlive, neo4jConf, readState, resolveClasspath } from '../../neo4j/managed.js';
import { type ImportCounts, setListProperties } from '../../repositories/graph-write.js';
import { type AdminOutcome, importArguments, runAdmin } from './admin.js';
import { BulkImportError, writeCsv } from './csv.js';

export { BulkImportError };

const DATABASE = 'neo4j';

export interface BulkImportOptions {
  /** The managed server's home (`managedHome(config)`, or a throwaway one). */
  home: string;
  graph: CompiledGraph;
  /** Replace a store the home already holds; without it, such a store is a refusal. */
  replace?: boolean;
  /** The heap written into the home's neo4j.conf, which neo4j-admin reads. */
  heap?: string;
  pagecache?: string;
  progress?: (line: string) => void;
}

export interface BulkImportResult extends ImportCounts {
  /** CSV files written (one per label set or type and property signature). */
  files: number;
  csvSeconds: number;
  /** The whole neo4j-admin process, JVM start included. */
  adminSeconds: number;
  /** neo4j-admin's own phases ("Node import", "Relationship import", …) in seconds, as it reports them. */
  phases: Record<string, number>;
  pending: PendingProps;
}

const hasEntries = (dir: string) =>
  readdir(dir).then(
    (names) => names.length > 0,
    () => false,
  );
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * The refusals, before any work: a server running in `home`, or a store there without `replace`.
 * `bulkImport` checks again; callers may check first, before compiling a big graph.
 */
export async function checkBulkTarget(home: string, replace: boolean) {
  const state = await readState(home);
  // A live supervisor with its server down is about to start it again.
  if (state && (isAlive(state.pid) || isAlive(state.ownerPid))) {
    throw new BulkImportError(
      `a Neo4j server is running in ${home} (pid ${state.pid}, ${state.uri}, supervised by pid ${state.ownerPid}): ` +
        'the bulk import builds the store offline. ' +
        'Stop it first (`npm run db -- stop`, or stop the service using it), then run the import again.',
    );
  }
  const { store, transactions } = storeDirs(home);
  if (!replace && ((await hasEntries(store)) || (await hasEntries(transactions)))) {
    throw new BulkImportError(
      `${store} already holds a database: the bulk import replaces it. Add --replace to replace it ` +
        '(everything in it is lost), or use `kg import --batched` to add to it.',
    );
  }
}

const storeDirs = (home: string) => ({
  store: join(home, 'data', 'databases', DATABASE),
  transactions: join(home, 'data', 'transactions', DATABASE),
});

/**
 * Writes `graph` as CSV under `home/import/bulk-*` and builds the `neo4j` database of `home` from it
 * with neo4j-admin; the CSV files are removed afterwards, whatever happens. The server must be
 * stopped. A store already there is refused unless `replace`; it is moved aside during the import
 * and put back if the import fails, so a failure leaves the home as it was.
 *
 * Indexes and constraints are not part of it (neo4j-admin creates none in Community): start the
 * server and call `finishBulkImport`.
 */
export async function bulkImport(options: BulkImportOptions): Promise<BulkImportResult> {
  const { home, graph, replace = false, heap = '1g', pagecache = '1g', progress = () => {} } = options;
  await checkBulkTarget(home, replace);
  const { store, transactions } = storeDirs(home);
  // plugins: neo4j-admin prints a stack trace when it is missing.
  for (const dir of ['conf', 'data', 'logs', 'run', 'import', 'plugins']) await mkdir(join(home, dir), { recursive: true });
  // startManagedNeo4j rewrites it on every start; neo4j-admin reads the directories from it.
  await writeFile(join(home, 'conf', 'neo4j.conf'), neo4jConf(home, 7687, heap, pagecache));
  const classpath = await resolveClasspath(progress);
  const work = await mkdtemp(join(home, 'import', 'bulk-'));
  // The store being replaced waits here until the import has succeeded.
  const previous = join(work, 'previous');
  try {
    const csvStarted = performance.now();
    const files = writeCsv(graph, work);
    const csvSeconds = (performance.now() - csvStarted) / 1000;
    progress(
      `wrote ${files.arguments.length} CSV files in ${csvSeconds.toFixed(1)} s: ${graph.documents.length} documents, ` +
        `${graph.entities.length} entities, ${graph.relations.length} relations`,
    );

    await mkdir(previous);
    if (await exists(store)) await rename(store, join(previous, 'store'));
    if (await exists(transactions)) await rename(transactions, join(previous, 'transactions'));
    const restore = async () => {
      await rm(store, { recursive: true, force: true });
      await rm(transactions, { recursive: true, force: true });
      if (await exists(join(previous, 'store'))) await rename(join(previous, 'store'), store);
      if (await exists(join(previous, 'transactions'))) await rename(join(previous, 'transactions'), transactions);
    };

    const args = importArguments(classpath, DATABASE, files, join(work, 'import.report'));
    progress('running neo4j-admin database import full');
    const adminStarted = performance.now();
    let outcome: AdminOutcome;
    try {
      outcome = await runAdmin(args, home, progress);
    } catch (error) {
      await restore();
      throw error;
    }
    const adminSeconds = (performance.now() - adminStarted) / 1000;
    if (outcome.code !== 0) {
      await restore();
      throw new BulkImportError(
        `neo4j-admin database import failed (exit ${outcome.code}); the database is as it was before:\n${outcome.tail.join('\n')}`,
      );
    }
    progress(`neo4j-admin imported in ${adminSeconds.toFixed(1)} s`);
    await rm(previous, { recursive: true, force: true });
    return {
      documents: graph.documents.length,
      entities: graph.entities.length,
      relations: graph.relations.length,
      files: files.arguments.length,
      csvSeconds,
      adminSeconds,
      phases: outcome.phases,
      pending: files.pending,
    };
  } finally {
    if (await hasEntries(previous)) {
      // Only if putting the previous store back failed: never delete it.
      for (const name of await readdir(work)) if (name !== 'previous') await rm(join(work, name), { recursive: true, force: true });
      progress(`the previous database could not be put back: it is in ${previous}`);
    } else await rm(work, { recursive: true, force: true });
  }
}

export interface FinishResult {
  /** applySchema, then every index ONLINE: what a query can rely on. */
  indexSeconds: number;
  /** Empty lists set over Bolt (see PendingProps). */
  pendingSeconds: number;
}

/**
 * After `bulkImport`, on the started server: constraints and indexes (`applySchema`), waited for
 * until ONLINE however long population takes, then the properties CSV could not hold.
 */
export async function finishBulkImport(db: Database, pending: PendingProps, timeoutSeconds = 3_600): Promise<FinishResult> {
  const started = performance.now();
  await db.applySchema(timeoutSeconds);
  const indexed = performance.now();
  await setListProperties(db, pending);
  return { indexSeconds: (indexed - started) / 1000, pendingSeconds: (performance.now() - indexed) / 1000 };
}
