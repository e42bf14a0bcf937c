/**
 * The import half of the benchmark, in its own process (its heap holds the whole compiled graph):
 * the project's own loader path, `kg import --batched`'s — compileSeedPaths (validation, merge, quote
 * check) against the generated corpus, then importGraph in batched transactions. Prints one JSON
 * line with the timings on stdout; progress goes to stderr.
 *
 *   BENCH_NEO4J='{"uri":…}' tsx bench/import.ts <work dir> [batchSize]
 */
import { join } from 'node:path';
import { Database } from '../src/db/database.js';
import { existingIds, importGraph } from '../src/repositories/graph-import.js';
import { compileSeedPaths } from '../src/seeds/files.js';

export interface ImportResult {
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

async function main() {
  const [dir, batchArg] = process.argv.slice(2);
  if (!dir) throw new Error('usage: import.ts <work dir> [batchSize]');
  const coords = JSON.parse(process.env.BENCH_NEO4J ?? '{}');
  process.env.KG_CORPUS_DIR = join(dir, 'corpus');
  const db = Database.connect(coords);
  const batchSize = batchArg ? Number(batchArg) : 20_000;
  let peakHeap = 0;
  const sampleHeap = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 250);
  try {
    await db.applySchema();
    const t0 = performance.now();
    const graph = await compileSeedPaths([join(dir, 'seeds')], (ids) => existingIds(db, ids));
    const t1 = performance.now();
    process.stderr.write(
      `import: compiled ${graph.entities.length} entities, ${graph.relations.length} relations in ${((t1 - t0) / 1000).toFixed(1)}s\n`,
    );
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
    const result: ImportResult = {
      entities: graph.entities.length,
      relations: graph.relations.length,
      documents: graph.documents.length,
      compileSeconds: (t1 - t0) / 1000,
      writeSeconds: (t2 - t1) / 1000,
      entitiesPerSecond: graph.entities.length / ((entitiesDoneAt - t1) / 1000),
      relationsPerSecond: graph.relations.length / Math.max((t2 - entitiesDoneAt) / 1000, 1e-3),
      endToEndEntitiesPerSecond: graph.entities.length / ((t2 - t0) / 1000),
      batchSize,
      peakHeapMB: Math.round(peakHeap / 1e6),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampleHeap);
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
