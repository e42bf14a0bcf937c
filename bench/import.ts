/**
 * The import half of the benchmark, in its own process (its heap holds the whole compiled graph):
 * the project's own loader path, `kg import --batched`'s — compileSeedPaths (validation, merge, quote
 * check) against the generated corpus, then importGraph in batched transactions. Prints one JSON
 * line with the timings on stdout; progress goes to stderr.
 *
 *   BENCH_NEO4J='{"uri":…}' tsx bench/import.ts <work dir> [batchSize]
 *
 * With `--bulk <home>`, the build step of `kg import --bulk` instead, before any server runs:
 * buildBulkStore (compileSeedPaths, then the CSV files and neo4j-admin) into the managed home; the
 * properties CSV cannot hold go to `<home>/bulk-pending.json`, for bench/neo4j.ts's bulkLoad to set
 * once it has started the server.
 *
 *   tsx bench/import.ts <work dir> --bulk <home>
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Database } from '../src/db/database.js';
import { buildBulkStore } from '../src/knowledge/bulk/load.js';
import { type CompilePathsOptions, compileSeedPaths } from '../src/knowledge/seed-paths.js';
import { existingIds, importGraph } from '../src/repositories/graph-write.js';

export interface BatchedImportResult {
  /** Absent in results written before the bulk import existed. */
  method?: 'batched';
  entities: number;
  relations: number;
  documents: number;
  compileSeconds: number;
  writeSeconds: number;
  /** Rates of the write (importGraph): entities/s over the entity phase, relations/s over the relation phase. */
  entitiesPerSecond: number;
  relationsPerSecond: number;
  /** Entities/s over compile + write, what a user of `kg import` waits for. */
  endToEndEntitiesPerSecond: number;
  batchSize: number;
  peakHeapMB: number;
}

/** What the `--bulk` child measures: compile, CSV files, neo4j-admin. */
export interface BulkImportRun {
  method: 'bulk';
  entities: number;
  relations: number;
  documents: number;
  compileSeconds: number;
  csvSeconds: number;
  csvFiles: number;
  /** The neo4j-admin process, JVM start included. */
  adminSeconds: number;
  /** neo4j-admin's phases as it reports them: "Node import", "Relationship import", … */
  adminPhases: Record<string, number>;
  /** Empty lists set over Bolt after the start (neo4j-admin reads an empty array as no property). */
  pendingProperties: number;
  pendingFile: string;
  peakHeapMB: number;
}

/** The bulk import as bench/run.ts reports it: the child's numbers, then the server's part. */
export interface BulkImportResult extends BulkImportRun {
  serverStartSeconds: number;
  /** applySchema, then every index ONLINE. */
  indexSeconds: number;
  pendingSeconds: number;
  /** CSV + neo4j-admin + server start + indexes online + pending properties: the whole bulk write (compile excluded). */
  wholeSeconds: number;
  wholeEntitiesPerSecond: number;
  wholeRelationsPerSecond: number;
  adminEntitiesPerSecond: number;
  adminRelationsPerSecond: number;
}

export type ImportResult = BatchedImportResult | BulkImportResult;

/** The peak of the heap in use, sampled every 250 ms until `stop`. */
function sampleHeap() {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 250);
  return { peakMB: () => Math.round(peak / 1e6), stop: () => clearInterval(timer) };
}

/** compileSeedPaths over the generated seeds, timed and reported on stderr. */
async function compile(dir: string, existingIds?: CompilePathsOptions['existingIds']) {
  const started = performance.now();
  const graph = await compileSeedPaths([join(dir, 'seeds')], { documentsDir: join(dir, 'corpus'), existingIds });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `import: compiled ${graph.entities.length} entities, ${graph.relations.length} relations in ${seconds.toFixed(1)}s\n`,
  );
  return { graph, seconds };
}

async function bulk(dir: string, home: string, heap: ReturnType<typeof sampleHeap>) {
  const result = await buildBulkStore([join(dir, 'seeds')], {
    home,
    documentsDir: join(dir, 'corpus'),
    heap: process.env.KG_NEO4J_HEAP,
    pagecache: process.env.KG_NEO4J_PAGECACHE,
    progress: (line) => process.stderr.write(`import: ${line}\n`),
  });
  const pendingFile = join(home, 'bulk-pending.json');
  await writeFile(pendingFile, JSON.stringify(result.pending));
  const run: BulkImportRun = {
    method: 'bulk',
    entities: result.entities,
    relations: result.relations,
    documents: result.documents,
    compileSeconds: result.compileSeconds,
    csvSeconds: result.csvSeconds,
    csvFiles: result.files,
    adminSeconds: result.adminSeconds,
    adminPhases: result.phases,
    pendingProperties: result.pending.nodes.length + result.pending.relations.length,
    pendingFile,
    peakHeapMB: heap.peakMB(),
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

async function main() {
  const [dir, batchArg, home] = process.argv.slice(2);
  if (!dir) throw new Error('usage: import.ts <work dir> [batchSize | --bulk <home>]');
  if (batchArg === '--bulk' && !home) throw new Error('usage: import.ts <work dir> --bulk <home>');
  const heap = sampleHeap();
  try {
    if (batchArg === '--bulk') await bulk(dir, home as string, heap);
    else await batched(dir, batchArg ? Number(batchArg) : 20_000, heap);
  } finally {
    heap.stop();
  }
}

async function batched(dir: string, batchSize: number, heap: ReturnType<typeof sampleHeap>) {
  const db = Database.connect(JSON.parse(process.env.BENCH_NEO4J ?? '{}'));
  try {
    await db.applySchema();
    const t0 = performance.now();
    const { graph } = await compile(dir, (ids) => existingIds(db, ids));
    const t1 = performance.now();
    let entitiesDoneAt = 0;
    let lastLine = 0;
    await importGraph(db, graph, {
      transaction: 'batched',
      batchSize,
      onProgress: (done, total) => {
        if (done >= graph.entities.length && entitiesDoneAt === 0) entitiesDoneAt = performance.now();
        const now = performance.now();
        if (now - lastLine > 5_000 || done === total) {
          lastLine = now;
          process.stderr.write(`import: ${done}/${total} rows written (${Math.round((done / total) * 100)}%)\n`);
        }
      },
    });
    const t2 = performance.now();
    if (entitiesDoneAt === 0) entitiesDoneAt = t2;
    const result: BatchedImportResult = {
      method: 'batched',
      entities: graph.entities.length,
      relations: graph.relations.length,
      documents: graph.documents.length,
      compileSeconds: (t1 - t0) / 1000,
      writeSeconds: (t2 - t1) / 1000,
      entitiesPerSecond: graph.entities.length / ((entitiesDoneAt - t1) / 1000),
      relationsPerSecond: graph.relations.length / Math.max((t2 - entitiesDoneAt) / 1000, 1e-3),
      endToEndEntitiesPerSecond: graph.entities.length / ((t2 - t0) / 1000),
      batchSize,
      peakHeapMB: heap.peakMB(),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
