/**
 * The offline bulk load: a compiled graph written as CSV files and built into the managed server's
 * `neo4j` database by `neo4j-admin database import full`, with the server stopped. An order of
 * magnitude faster than any Bolt write (no transactions, no index updates per row), and only for an
 * empty or replaceable store. Nodes and relationships get exactly the properties importGraph gives
 * them: the rows come from its own functions.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Database } from '../db/database.js';
import { documentRow, type ImportCounts, newEntityRow, relationRow, setListProperties } from '../repositories/graph-import.js';
import type { CompiledGraph } from '../seeds/compile.js';
import { KINDS, RELATION_TYPES, type RelationType } from '../seeds/schema.js';
import { isAlive, neo4jConf, readState, resolveClasspath } from './managed.js';

/** Between the elements of an array cell: a control character no seed text holds (checked). */
const ARRAY_DELIMITER = '\u001F';
const DATABASE = 'neo4j';
/** Bytes of CSV a file collects before they are written: little, so that rows die young (no old-space GC). */
const FLUSH_BYTES = 1 << 16;

export class BulkImportError extends Error {
  override name = 'BulkImportError';
}

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

/**
 * Properties CSV cannot express: neo4j-admin reads an empty array cell as no property, so `[]` (and
 * `['']`) are set over Bolt once the server runs (`finishBulkImport`).
 */
export interface PendingProps {
  nodes: { idSpace: 'Entity' | 'Document'; id: string; props: Record<string, string[]> }[];
  relations: { type: RelationType; from: string; to: string; props: Record<string, string[]> }[];
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

type Row = Record<string, unknown>;

const PROPERTY_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LINE_BREAK = /[\r\n]/;

const quote = (s: string) => (s.includes('"') ? `"${s.replaceAll('"', '""')}"` : `"${s}"`);

/** Where a bad value is, for the error: the row being written. */
let current = '';

/** The column type (`key:type` in the header) of the cell `encode` returned last: no tuple per cell to collect. */
let cellType = '';
const PENDING = Symbol('pending');

/**
 * One property as a CSV cell (its type in `cellType`), or `undefined` when it is absent (null), or
 * PENDING for a list CSV cannot express. Every JS number becomes a double: the driver sends numbers
 * as floats, so importGraph stores floats.
 */
function encode(key: string, value: unknown): string | undefined | typeof PENDING {
  switch (typeof value) {
    case 'string':
      cellType = 'string';
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw new BulkImportError(`${current}, property ${key}: ${value} cannot be stored`);
      cellType = 'double';
      return String(value);
    case 'boolean':
      cellType = 'boolean';
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
  }
  if (value === null) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    // neo4j-admin reads an empty cell as no property, and "" as no list.
    if (value.length === 0 || (value.length === 1 && value[0] === '')) return PENDING;
    for (const item of value) {
      if (item.includes(ARRAY_DELIMITER)) {
        throw new BulkImportError(
          `${current}, property ${key}: a list item holds the control character U+001F, the bulk import's array delimiter`,
        );
      }
    }
    cellType = 'string[]';
    return quote(value.join(ARRAY_DELIMITER));
  }
  throw new BulkImportError(
    `${current}, property ${key}: a ${Array.isArray(value) ? 'non-string list' : typeof value} cannot be bulk imported`,
  );
}

/** One CSV file, its header first, then rows written 64 KB at a time (synchronously: nothing else runs meanwhile). */
class CsvFile {
  private chunks: string[] = [];
  private bytes = 0;
  private readonly fd: number;
  multiline = false;

  constructor(
    readonly path: string,
    header: string,
  ) {
    this.fd = openSync(path, 'w');
    this.chunks.push(`${header}\n`);
  }

  add(line: string) {
    this.chunks.push(line);
    this.bytes += line.length;
    if (this.bytes >= FLUSH_BYTES) this.flush();
  }

  private flush() {
    if (this.chunks.length === 0) return;
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.bytes = 0;
  }

  close() {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

interface Group {
  file: CsvFile;
  /** `--nodes=Entity:Company=` or `--relationships=TYPE=`. */
  argument: string;
}

/**
 * Files grouped by what must be uniform within one: labels (or type) and the properties present,
 * with their types. An absent property is absent from the group's columns, so no cell is empty and
 * every value keeps its exact type.
 */
class CsvWriter {
  private groups = new Map<string, Group>();
  private count = 0;

  constructor(
    private readonly dir: string,
    private readonly pending: PendingProps,
  ) {}

  /**
   * Writes one row: `first` holds its id or ends (already cells), `row` its properties, `skip` the
   * property that is the id. Returns the lists left for later, if any.
   */
  private write(base: string, idHeader: string, argument: string, first: string, row: Row, skip: string) {
    let signature = '';
    let line = first;
    let lists: Record<string, string[]> | undefined;
    for (const key of Object.keys(row).sort()) {
      if (key === skip) continue;
      const encoded = encode(key, row[key]);
      if (encoded === undefined) continue;
      if (encoded === PENDING) {
        lists ??= {};
        lists[key] = row[key] as string[];
        continue;
      }
      signature += `,${key}:${cellType}`;
      line += `,${encoded}`;
    }
    const key = `${base}${signature}`;
    let group = this.groups.get(key);
    if (!group) {
      for (const column of signature.split(',').slice(1)) {
        const name = column.slice(0, column.lastIndexOf(':'));
        if (!PROPERTY_KEY.test(name)) throw new BulkImportError(`${current}: property name "${name}" cannot be a CSV header`);
      }
      const path = join(this.dir, `${String(++this.count).padStart(4, '0')}.csv`);
      group = { file: new CsvFile(path, `${idHeader}${signature}`), argument: `${argument}${path}` };
      this.groups.set(key, group);
    }
    if (!group.file.multiline && LINE_BREAK.test(line)) group.file.multiline = true;
    group.file.add(`${line}\n`);
    return lists;
  }

  node(idSpace: 'Entity' | 'Document', labels: string, idKey: string, row: Row) {
    const id = row[idKey];
    current = `${idSpace} ${String(id)}`;
    if (typeof id !== 'string' || id === '') throw new BulkImportError(`${current}: the ${idKey} must be a non-empty string`);
    const lists = this.write(`n|${labels}`, `${idKey}:ID(${idSpace})`, `--nodes=${labels}=`, quote(id), row, idKey);
    if (lists) this.pending.nodes.push({ idSpace, id, props: lists });
  }

  relation(type: RelationType, from: string, to: string, row: Row) {
    current = `relation ${from} -${type}-> ${to}`;
    const ends = `${quote(from)},${quote(to)}`;
    const lists = this.write(`r|${type}`, ':START_ID(Entity),:END_ID(Entity)', `--relationships=${type}=`, ends, row, '');
    if (lists) this.pending.relations.push({ type, from, to, props: lists });
  }

  /** Closes every file; returns the import's arguments, one per file, and the files with a line break inside a value. */
  close() {
    const groups = [...this.groups.values()];
    for (const g of groups) g.file.close();
    return {
      arguments: groups.map((g) => g.argument),
      multiline: groups.filter((g) => g.file.multiline).map((g) => g.file.path),
    };
  }

  /** Closes the files after a failure, ignoring further errors. */
  abandon() {
    for (const g of this.groups.values()) {
      try {
        g.file.close();
      } catch {}
    }
  }
}

/** `1m 2s 433ms`, `9s 900ms`, `157ms` → seconds. */
function parseDuration(text: string): number | undefined {
  let seconds = 0;
  let matched = false;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|h|m|s)\b/g)) {
    matched = true;
    seconds += Number(n) * (unit === 'ms' ? 0.001 : unit === 's' ? 1 : unit === 'm' ? 60 : 3600);
  }
  return matched ? seconds : undefined;
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
    const pending: PendingProps = { nodes: [], relations: [] };
    const writer = new CsvWriter(work, pending);
    let files: ReturnType<CsvWriter['close']>;
    try {
      const kinds = new Set<string>(KINDS);
      const types = new Set<string>(RELATION_TYPES);
      for (const d of graph.documents) writer.node('Document', 'Document', 'file', documentRow(d));
      for (const e of graph.entities) {
        const { kind, props } = newEntityRow(e);
        if (!kinds.has(kind)) throw new BulkImportError(`entity ${e.id}: unknown kind ${kind}`);
        writer.node('Entity', `Entity:${kind}`, 'id', props);
      }
      for (const r of graph.relations) {
        if (!types.has(r.type)) throw new BulkImportError(`relation ${r.from} -${r.type}-> ${r.to}: unknown relationship type`);
        const { from, to, props, evidence } = relationRow(r);
        writer.relation(r.type, from, to, { ...props, evidence });
      }
      files = writer.close();
    } catch (error) {
      writer.abandon();
      throw error;
    }
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

    const args = [
      '-cp',
      classpath,
      'org.neo4j.server.startup.Neo4jAdminCommand',
      'database',
      'import',
      'full',
      DATABASE,
      ...files.arguments,
      `--array-delimiter=U+${ARRAY_DELIMITER.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
      '--overwrite-destination=true',
      `--report-file=${join(work, 'import.report')}`,
    ];
    if (files.multiline.length > 0) {
      // v2 names the files whose values hold line breaks, so the others are read at full speed.
      if (files.multiline.some((p) => p.includes(','))) args.push('--multiline-fields=true');
      else args.push('--multiline-fields-format=v2', `--multiline-fields=${files.multiline.join(',')}`);
    }
    progress('running neo4j-admin database import full');
    const adminStarted = performance.now();
    let outcome: { code: number | null; tail: string[]; phases: Record<string, number> };
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
      pending,
    };
  } finally {
    if (await hasEntries(previous)) {
      // Only if putting the previous store back failed: never delete it.
      for (const name of await readdir(work)) if (name !== 'previous') await rm(join(work, name), { recursive: true, force: true });
      progress(`the previous database could not be put back: it is in ${previous}`);
    } else await rm(work, { recursive: true, force: true });
  }
}

/** Runs neo4j-admin, keeping the tail of its output and the phase times it reports. */
async function runAdmin(args: string[], home: string, progress: (line: string) => void) {
  const child = spawn('java', args, {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const phases: Record<string, number> = {};
  const onLine = (line: string) => {
    // The progress dots are many and say little.
    if (/^[.\-\s]*\d+%/.test(line) || /^[.-]{5,}/.test(line)) return;
    tail.push(line);
    if (tail.length > 60) tail.shift();
    const phase = /^(.*?)\s+COMPLETED in (.+)$/.exec(line.trim());
    const seconds = phase ? parseDuration(phase[2] as string) : undefined;
    if (phase && seconds !== undefined) {
      phases[(phase[1] as string).trim()] = seconds;
      progress(`  ${line.trim()}`);
    }
    if (/^IMPORT (DONE|FAILED)/.test(line.trim())) progress(`  ${line.trim()}`);
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, tail, phases };
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
