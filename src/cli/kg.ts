#!/usr/bin/env -S npx tsx
/** `kg validate|seed|import|export`: the knowledge's loader and exporter on the command line. */
import '../env.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { SEEDS_DIR } from '../core/paths.js';
import { ArticleError } from '../extract/extract.js';
import { BulkImportError } from '../knowledge/bulk/import.js';
import { buildBulkStore, bulkLoad, describeBulkLoad } from '../knowledge/bulk/load.js';
import { type ExportFormat, exportCsv, toGraphml, toSeedFiles } from '../knowledge/export.js';
import { extractCommand } from '../knowledge/extract-article.js';
import { loadSeedPaths } from '../knowledge/load.js';
import { findDocument } from '../knowledge/quotes.js';
import { SeedError } from '../knowledge/seed-file.js';
import { compileSeedPaths } from '../knowledge/seed-paths.js';
import { createLogger } from '../logger.js';
import { ManagedNeo4jError, startManagedNeo4j } from '../neo4j/managed.js';
import { managedHome } from '../neo4j/provision.js';
import { readGraph } from '../repositories/graph-read.js';
import { DEFAULT_TRANSACTION_ROWS } from '../repositories/graph-write.js';
import { allNames } from '../repositories/names.js';
import { type Backend, startBackend } from '../service.js';

const USAGE = `usage:
  kg validate [files or folders]          check seed files without a database (default: seeds/)
      [--known FILES…]                    with these seed files too (a draft's relations may point at their ids)
  kg extract <article.txt> --out <draft.yaml>
      [--known FILES…] [--title T] [--date YYYY[-MM[-DD]]]
                                          propose the entities and relations an article states, as a draft in the
                                          seed format (the article is copied beside it); known entities come from
                                          the seed files given, else from the graph in Neo4j
  kg seed                                 load seeds/ into Neo4j (idempotent)
  kg import <files or folders>            load your own files in the seed format (YAML or JSON), in one transaction
      [--batched [--batch-size N]]        bulk loads: commit every N rows (default 20000); validation still comes
                                          first, but a failure while writing leaves the batches before it written
      [--bulk [--replace]]                the fastest: build the managed local Neo4j's database offline with
                                          neo4j-admin (stop it first: npm run db -- stop); replaces the whole graph,
                                          so a database already there needs --replace. Not with NEO4J_URI
  kg export --format json|csv|graphml [--out path]
                                          write the graph out (csv: a folder of neo4j-admin CSV files with import.args)`;

/** A progress bar on a terminal, a line every 10% elsewhere. */
function progressBar(label: string) {
  let lastDecile = -1;
  return (done: number, total: number) => {
    if (total < 5_000) return;
    const pct = Math.floor((done / total) * 100);
    if (process.stderr.isTTY) {
      const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.');
      process.stderr.write(`\r${label} [${bar}] ${done}/${total} (${pct}%)${done === total ? '\n' : ''}`);
    } else if (Math.floor(pct / 10) > lastDecile) {
      lastDecile = Math.floor(pct / 10);
      process.stderr.write(`${label}: ${done}/${total} (${pct}%)\n`);
    }
  };
}

async function withBackend<T>(work: (backend: Backend, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // On stderr: `kg export` may be writing the graph to stdout.
  const backend = await startBackend(config, 'persistent', { logger: createLogger(config.LOG_LEVEL, 2) });
  try {
    return await work(backend, config);
  } finally {
    await backend.close();
  }
}

async function load(paths: string[], batchSize?: number) {
  const started = performance.now();
  const onProgress = progressBar('importing');
  const counts = await withBackend(({ db }, { KG_CORPUS_DIR: documentsDir }) =>
    loadSeedPaths(
      db,
      paths,
      batchSize === undefined ? { onProgress, documentsDir } : { transaction: 'batched', batchSize, onProgress, documentsDir },
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`loaded ${counts.documents} documents, ${counts.entities} entities, ${counts.relations} relations in ${seconds.toFixed(1)}s`);
}

/** `kg import --bulk`: neo4j-admin builds the managed server's store, then the server starts to build the indexes. */
async function bulkLoadPaths(paths: string[], replace: boolean) {
  const config = loadConfig();
  if (config.NEO4J_URI) throw new UsageError('--bulk needs the managed local Neo4j, not NEO4J_URI: use --batched instead');
  const home = managedHome(config);
  const memory = { heap: config.KG_NEO4J_HEAP, pagecache: config.KG_NEO4J_PAGECACHE };
  const progress = (line: string) => console.error(line);
  const { server, result } = await bulkLoad({
    home,
    replace,
    progress,
    build: () => buildBulkStore(paths, { home, replace, ...memory, progress, documentsDir: config.KG_CORPUS_DIR }),
    start: () => startManagedNeo4j({ home, ...memory, progress }),
  });
  await server.stop();
  console.log(describeBulkLoad(result));
}

async function exportGraph(format: ExportFormat, out: string | undefined) {
  const { graph, inCorpus } = await withBackend(async ({ db }, { KG_CORPUS_DIR }) => {
    const graph = await readGraph(db);
    // Evidence written through the API may name a document that is not in the corpus.
    const files = new Set(graph.documents.map((d) => d.file));
    for (const record of [...graph.entities, ...graph.relations]) for (const e of record.evidence) files.add(e.document);
    const found = new Set<string>();
    for (const file of files) if ((await findDocument(file, [KG_CORPUS_DIR])) !== undefined) found.add(file);
    return { graph, inCorpus: (file: string) => found.has(file) };
  });
  if (format === 'csv') {
    const dir = out ?? 'export';
    await mkdir(dir, { recursive: true });
    const files = await exportCsv(graph, dir);
    console.error(`wrote ${files.length} files to ${dir}: neo4j-admin database import full neo4j @${dir}/import.args`);
    return;
  }
  const text = format === 'json' ? `${JSON.stringify(toSeedFiles(graph, inCorpus), null, 2)}\n` : toGraphml(graph);
  if (out) {
    await writeFile(out, text);
    console.error(`wrote ${out}: ${graph.entities.length} entities, ${graph.relations.length} relations`);
  } else process.stdout.write(text);
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const { known, rest, knownGiven } = takeKnown(args);
  if (knownGiven && command !== 'extract' && command !== 'validate') throw new UsageError('--known goes with extract or validate');
  const { values, positionals } = parseOptions(rest);
  switch (command) {
    case 'validate': {
      const paths = positionals.length ? positionals : [SEEDS_DIR];
      const graph = await compileSeedPaths(paths, { documentsDir: loadConfig().KG_CORPUS_DIR, context: known });
      console.log(`ok: ${graph.documents.length} documents, ${graph.entities.length} entities, ${graph.relations.length} relations`);
      return;
    }
    case 'seed':
      return load([SEEDS_DIR]);
    case 'extract': {
      const [article, ...extra] = positionals;
      if (!article) throw new UsageError('kg extract needs an article file');
      if (extra.length > 0)
        throw new UsageError(`kg extract takes one article, not also "${extra.join(' ')}" (known files go after --known)`);
      if (!values.out) throw new UsageError('kg extract needs --out <draft.yaml>');
      if (!/\.(ya?ml|json)$/.test(values.out)) throw new UsageError(`--out must name a .yaml, .yml or .json file, not "${values.out}"`);
      if (values.date !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(values.date))
        throw new UsageError(`--date must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), not "${values.date}"`);
      if (knownGiven && known.length === 0) throw new UsageError('--known needs at least one seed file or folder');
      const config = loadConfig();
      const line = await extractCommand({
        article,
        out: values.out,
        known: knownGiven ? known : undefined,
        title: values.title,
        date: values.date,
        documentsDir: config.KG_CORPUS_DIR,
        graphNames: () => withBackend(({ db }) => allNames(db)),
      });
      console.log(line);
      return;
    }
    case 'import': {
      if (positionals.length === 0) throw new UsageError('kg import needs at least one file or folder');
      const batchSize = Number(values['batch-size'] ?? DEFAULT_TRANSACTION_ROWS);
      if (!Number.isInteger(batchSize) || batchSize < 1)
        throw new UsageError(`--batch-size must be a positive integer, not "${values['batch-size']}"`);
      if (values['batch-size'] !== undefined && !values.batched) throw new UsageError('--batch-size goes with --batched');
      if (values.replace && !values.bulk) throw new UsageError('--replace goes with --bulk');
      if (values.bulk && values.batched) throw new UsageError('--bulk and --batched are two different modes: choose one');
      if (values.bulk) return bulkLoadPaths(positionals, values.replace);
      return load(positionals, values.batched ? batchSize : undefined);
    }
    case 'export': {
      const format = values.format as ExportFormat;
      if (!['json', 'csv', 'graphml'].includes(format)) throw new UsageError(`--format must be json, csv or graphml, not "${format}"`);
      return exportGraph(format, values.out);
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command');
  }
}

class UsageError extends Error {}

/** `--known F1 F2 …`: every argument after it up to the next option. */
function takeKnown(args: string[]) {
  const rest: string[] = [];
  const known: string[] = [];
  let knownGiven = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--known') {
      rest.push(args[i] as string);
      continue;
    }
    knownGiven = true;
    while (i + 1 < args.length && !(args[i + 1] as string).startsWith('--')) known.push(args[++i] as string);
  }
  return { known, rest, knownGiven };
}

/** The options, or a usage error: a mistyped option or a missing value is the user's to fix, not a crash. */
function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'json' },
        out: { type: 'string' },
        batched: { type: 'boolean', default: false },
        bulk: { type: 'boolean', default: false },
        replace: { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
        title: { type: 'string' },
        date: { type: 'string' },
      },
    });
  } catch (error) {
    if (error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
  else if (error instanceof ArticleError) console.error(error.message);
  else if (
    error instanceof SeedError ||
    error instanceof ConfigError ||
    error instanceof ManagedNeo4jError ||
    error instanceof BulkImportError
  )
    console.error(error.message);
  else console.error(error);
  process.exitCode = error instanceof UsageError || error instanceof ArticleError ? 2 : 1;
});
