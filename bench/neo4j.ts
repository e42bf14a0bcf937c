/**
 * The Neo4j the benchmark runs over, holding the generated graph, put there by the project's own
 * importer in a child process (bench/import.ts): `bulk` (neo4j-admin into a throwaway managed home
 * before its server starts) or `batched` (over Bolt, into a provisioned Neo4j or NEO4J_URI's).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { loadConfig } from '../src/config.js';
import { PROJECT_ROOT } from '../src/core/paths.js';
import type { PendingProps } from '../src/core/rows.js';
import { Database } from '../src/db/database.js';
import { bulkLoad, describeBulkLoad } from '../src/knowledge/bulk/load.js';
import { startManagedNeo4j } from '../src/neo4j/managed.js';
import { type ProvisionedNeo4j, provisionNeo4j } from '../src/neo4j/provision.js';
import { log, type Run } from './context.js';
import type { Manifest } from './generate.js';
import type { BatchedImportResult, BulkImportResult, BulkImportRun, ImportResult } from './import.js';

type Config = ReturnType<typeof loadConfig>;

const TSX = ['--import', 'tsx'];
const BULK_NODE_FLAG = '--max-semi-space-size=64';

/** bench/import.ts in a child process, its stderr passed on as progress; resolves to the JSON it prints last. */
function runImport<T>(run: Run, dir: string, args: string[], env: NodeJS.ProcessEnv, nodeFlags: string[] = []): Promise<T> {
  // The compiled graph lives in this process's heap: about 7 GB at a million entities.
  const heapMB = Math.max(2048, Math.ceil((run.options.entities / 1_000_000) * 10_240));
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${heapMB}`, ...nodeFlags, ...TSX, join('bench', 'import.ts'), dir, ...args],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  run.track(child);
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    for (const line of c.toString().split('\n').filter(Boolean)) log(line);
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as T);
      else reject(new Error(`import failed (exit ${code})`));
    });
  });
}

/**
 * `--import bulk`: kg import --bulk's bulkLoad into a throwaway managed home, its build step (compile,
 * CSV, neo4j-admin) in the import child, whose heap holds the compiled graph.
 */
async function bulkThenStart(run: Run, dir: string, config: Config) {
  const home = await mkdtemp(join(tmpdir(), 'kg-neo4j-'));
  run.onCleanup(() => rm(home, { recursive: true, force: true }));
  log(`importing ${run.options.entities} entities with the project's importer (bulk: neo4j-admin into ${home})`);
  let built: BulkImportRun | undefined;
  const { server, result: load } = await bulkLoad({
    home,
    build: async () => {
      // A larger young generation: the CSV rows die young instead of being promoted into a heap holding
      // the whole compiled graph (at a million entities the CSV write takes 14 s instead of 23 s).
      built = await runImport<BulkImportRun>(
        run,
        dir,
        ['--bulk', home],
        { KG_NEO4J_HEAP: config.KG_NEO4J_HEAP, KG_NEO4J_PAGECACHE: config.KG_NEO4J_PAGECACHE },
        [BULK_NODE_FLAG],
      );
      const pending = JSON.parse(await readFile(built.pendingFile, 'utf8')) as PendingProps;
      return { ...built, files: built.csvFiles, phases: built.adminPhases, pending };
    },
    start: () =>
      startManagedNeo4j({
        home,
        heap: config.KG_NEO4J_HEAP,
        pagecache: config.KG_NEO4J_PAGECACHE,
        progress: (line) => log(`neo4j: ${line}`),
      }),
    progress: (line) => log(`import: ${line}`),
  });
  run.onCleanup(() => server.stop());
  const result: BulkImportResult = {
    ...(built as BulkImportRun),
    serverStartSeconds: load.serverStartSeconds,
    indexSeconds: load.indexSeconds,
    pendingSeconds: load.pendingSeconds,
    wholeSeconds: load.wholeSeconds,
    wholeEntitiesPerSecond: load.entities / load.wholeSeconds,
    wholeRelationsPerSecond: load.relations / load.wholeSeconds,
    adminEntitiesPerSecond: load.entities / load.adminSeconds,
    adminRelationsPerSecond: load.relations / load.adminSeconds,
  };
  log(`import: ${describeBulkLoad(load)}`);
  const neo4j: ProvisionedNeo4j = {
    source: 'managed',
    uri: server.uri,
    user: server.user,
    password: server.password,
    stop: () => server.stop(),
  };
  return { neo4j, result };
}

/**
 * A running Neo4j holding the graph generated into `dir`, stopped by the run's clean-up; `importResult`
 * is absent when `--skip-import` found the graph already loaded.
 */
export async function neo4jWithGraph(run: Run, dir: string, manifest: Manifest, config: Config, method: 'bulk' | 'batched') {
  let importResult: ImportResult | undefined;
  let neo4j: ProvisionedNeo4j;
  if (method === 'bulk') {
    const bulk = await bulkThenStart(run, dir, config);
    neo4j = bulk.neo4j;
    importResult = bulk.result;
  } else {
    neo4j = await provisionNeo4j({ config, storage: 'throwaway', progress: (line) => log(`neo4j: ${line}`) });
    run.onCleanup(() => neo4j.stop());
  }
  const coords = { uri: neo4j.uri, user: neo4j.user, password: neo4j.password, database: neo4j.database };
  log(`neo4j: ${neo4j.source} at ${neo4j.uri}`);

  const db = Database.connect(coords);
  try {
    await db.applySchema();
    const [row] = await db.read<{ n: number }>('MATCH (n:Entity) RETURN count(n) AS n');
    const present = row?.n ?? 0;
    if (neo4j.source === 'external' && present > 0 && present !== manifest.entities) {
      throw new Error(`NEO4J_URI holds ${present} entities, not this benchmark's ${manifest.entities}: use an empty database`);
    }
    // A bulk import was made above, before the server started.
    if (method === 'batched') {
      if (run.options.skipImport && present === manifest.entities) log('import skipped: the graph is already loaded');
      else {
        log(`importing ${manifest.entities} entities and ${manifest.relations} relations with the project's importer (batched)`);
        const batched = await runImport<BatchedImportResult>(run, dir, [String(run.options.batchSize)], {
          BENCH_NEO4J: JSON.stringify(coords),
        });
        importResult = batched;
        log(
          `import: ${Math.round(batched.entitiesPerSecond)} entities/s, ${Math.round(batched.relationsPerSecond)} relationships/s ` +
            `(compile ${batched.compileSeconds.toFixed(1)} s, write ${batched.writeSeconds.toFixed(1)} s)`,
        );
      }
    }
    // Fresh statistics for the planner after a bulk load.
    await db.read('CALL db.resampleOutdatedIndexes()').catch(() => {});
  } finally {
    await db.close();
  }
  return { neo4j, coords, importResult };
}

/** Resolves once Neo4j runs no transaction but the one asking (at most 30 s): between measurements. */
export async function neo4jIdle(db: Database, maxMs = 30_000) {
  for (const deadline = Date.now() + maxMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const [row] = await db.read<{ running: number }>('SHOW TRANSACTIONS YIELD transactionId RETURN count(*) AS running');
    if ((row?.running ?? 0) <= 1) return;
  }
}
