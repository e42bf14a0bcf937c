/**
 * `npm run bench -- [--entities 100000] [--seed 42] [--duration 10] [--warmup 10] [--connections 8]
 *                   [--shapes lookup,search,…] [--servers ours,neo4j-graphql,raw] [--batch-size 20000]
 *                   [--import bulk|batched] [--skip-import] [--api-flags "--max-old-space-size=96"] [--out bench/results]`
 *
 * 1. generates (or reuses) the graph and its documents in bench/work/graph-<entities>-<seed>/;
 * 2. obtains Neo4j like the project does (provisionNeo4j, throwaway storage; NEO4J_URI if set);
 * 3. imports the graph through the project's own importer, in a child process: `--import bulk` (the
 *    default without NEO4J_URI) is `kg import --bulk`'s path, neo4j-admin into a throwaway managed
 *    home before its server starts, then the server builds the indexes; `--import batched` is
 *    `kg import --batched`'s, over Bolt (2 and 3: bench/neo4j.ts);
 * 4. starts our API (as `npm start` does: dist/src/main.js with its node flags), @neo4j/graphql 7 and a raw Cypher handler,
 *    each in its own process, all over the same Neo4j (bench/servers/start.ts);
 * 5. runs the query mix against each with autocannon (loopback, warm-up excluded, bounded duration; bench/cells.ts);
 * 6. writes bench/results/bench-<entities>.{json,md,svg} (bench/report.ts).
 *
 * This file holds the options and the order of the steps; the child processes and clean-up steps of a
 * run are registered with the Run (bench/context.ts) that it hands to each step.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { PROJECT_ROOT } from '../src/core/paths.js';
import { Database } from '../src/db/database.js';
import { measureCells, sanity } from './cells.js';
import { createRun, endStatus, log, type Options, type Run } from './context.js';
import { generate } from './generate.js';
import { SERVERS, SHAPES } from './mix.js';
import { neo4jIdle, neo4jWithGraph } from './neo4j.js';
import { type BenchResult, markdown, svg } from './report.js';
import { apiNodeFlags, buildJs, type Running, startServer } from './servers/start.js';

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      entities: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '42' },
      duration: { type: 'string', default: '10' },
      /** Seconds per server and shape: a freshly started Neo4j runs its first path searches ten times slower. */
      warmup: { type: 'string', default: '10' },
      connections: { type: 'string', default: '8' },
      shapes: { type: 'string' },
      servers: { type: 'string' },
      'batch-size': { type: 'string', default: '20000' },
      'skip-import': { type: 'boolean', default: false },
      /** bulk (neo4j-admin, managed Neo4j only; the default without NEO4J_URI) or batched (Bolt). */
      import: { type: 'string' },
      /** Extra node flags for our API, e.g. "--max-old-space-size=96" to study RSS. */
      'api-flags': { type: 'string', default: '' },
      out: { type: 'string', default: join(PROJECT_ROOT, 'bench', 'results') },
    },
  });
  const entities = Number(values.entities);
  const seed = Number(values.seed);
  const duration = Number(values.duration);
  const warmup = Number(values.warmup);
  const connections = Number(values.connections);
  for (const [name, n] of Object.entries({ entities, seed, duration, warmup, connections })) {
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
  }
  return {
    entities,
    seed,
    duration,
    warmup,
    connections,
    shapes: values.shapes ? SHAPES.filter((s) => values.shapes?.split(',').includes(s.name)) : SHAPES,
    servers: values.servers ? SERVERS.filter((s) => values.servers?.split(',').includes(s)) : SERVERS,
    batchSize: Number(values['batch-size']),
    skipImport: values['skip-import'] ?? false,
    import: values.import,
    apiFlags: values['api-flags'] ?? '',
    out: values.out as string,
  };
}

async function main(run: Run) {
  const { options } = run;
  const { entities, seed, duration, warmup, connections } = options;
  const apiFlags = apiNodeFlags(options.apiFlags);
  const startedAt = new Date().toISOString();
  const config = loadConfig();
  const dir = join(PROJECT_ROOT, 'bench', 'work', `graph-${entities}-${seed}`);
  log(`generating ${entities} entities (seed ${seed}) into ${dir}`);
  const manifest = await generate({ entities, seed, dir, progress: log });

  const method = options.import ?? (config.NEO4J_URI || options.skipImport ? 'batched' : 'bulk');
  if (method !== 'bulk' && method !== 'batched') throw new Error(`--import must be bulk or batched, not "${method}"`);
  if (method === 'bulk' && config.NEO4J_URI)
    throw new Error('--import bulk needs the managed local Neo4j, not NEO4J_URI: use --import batched');
  if (method === 'bulk' && options.skipImport)
    throw new Error('--skip-import goes with --import batched (a bulk import starts from nothing)');
  const { neo4j, coords, importResult } = await neo4jWithGraph(run, dir, manifest, config, method);

  log('compiling the servers with tsc');
  await buildJs();
  const running: Running[] = [];
  for (const name of options.servers) {
    log(`starting ${name}`);
    const server = await startServer(name, coords, { apiFlags, track: run.track });
    running.push(server);
    run.onCleanup(async () => {
      server.child.kill('SIGTERM');
    });
    log(
      `${name}: ready in ${server.info.startupSeconds.toFixed(1)} s, idle RSS ${Math.round(server.info.idleRssMB)} MB (pid ${server.pid})`,
    );
    await sanity(server, manifest, options.shapes);
  }

  const db = Database.connect(coords);
  run.onCleanup(() => db.close());
  const cells = await measureCells(running, manifest, options, () => neo4jIdle(db));

  const result: BenchResult = {
    startedAt,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() || 'unknown CPU',
      memoryGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    neo4j: { source: neo4j.source, heap: config.KG_NEO4J_HEAP, pagecache: config.KG_NEO4J_PAGECACHE },
    options: { entities, seed, durationSeconds: duration, warmupSeconds: warmup, connections, import: method },
    graph: { entities: manifest.entities, relations: manifest.relations, documents: manifest.documents, quotes: manifest.quotes },
    import: importResult,
    servers: running.map((r) => r.info),
    cells,
  };
  await mkdir(options.out, { recursive: true });
  const base = join(options.out, `bench-${entities}`);
  await writeFile(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(`${base}.svg`, svg(result));
  const table = markdown(result, `bench-${entities}.svg`);
  await writeFile(`${base}.md`, table);
  process.stdout.write(table);
  log(`wrote ${base}.json, .md and .svg`);
}

const run = createRun(parseOptions());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void run.cleanup().then(() => process.exit(130));
  });
}
main(run)
  .catch((error: unknown) => {
    endStatus();
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => run.cleanup());
