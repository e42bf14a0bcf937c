/**
 * The bulk import's first half: a compiled graph as neo4j-admin CSV files, one per label set (or
 * relationship type) and property signature, so that every cell keeps its exact type. Nodes and
 * relationships get exactly the properties importGraph gives them: the rows come from src/core/rows.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledGraph } from '../../core/graph.js';
import { documentRow, newEntityRow, type PendingProps, relationRow } from '../../core/rows.js';
import { KINDS, RELATION_TYPES, type RelationType } from '../../core/schema.js';

/** Between the elements of an array cell: a control character no seed text holds (checked). */
export const ARRAY_DELIMITER = '\u001F';
/** Bytes of CSV a file collects before they are written: little, so that rows die young (no old-space GC). */
const FLUSH_BYTES = 1 << 16;

export class BulkImportError extends Error {
  override name = 'BulkImportError';
}

type Row = Record<string, unknown>;

const PROPERTY_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LINE_BREAK = /[\r\n]/;

const quote = (s: string) => (s.includes('"') ? `"${s.replaceAll('"', '""')}"` : `"${s}"`);

const PENDING = Symbol('pending');

/**
 * The column type of a property (`key:type` in the header): `undefined` when it is absent (null),
 * PENDING for a list CSV cannot express; a value CSV cannot hold is refused, naming `where` (the
 * row). Every JS number is a double: the driver sends numbers as floats, so importGraph stores floats.
 */
function columnType(key: string, value: unknown, where: string): string | undefined | typeof PENDING {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      if (!Number.isFinite(value)) throw new BulkImportError(`${where}, property ${key}: ${value} cannot be stored`);
      return 'double';
    case 'boolean':
      return 'boolean';
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
          `${where}, property ${key}: a list item holds the control character U+001F, the bulk import's array delimiter`,
        );
      }
    }
    return 'string[]';
  }
  throw new BulkImportError(
    `${where}, property ${key}: a ${Array.isArray(value) ? 'non-string list' : typeof value} cannot be bulk imported`,
  );
}

/** A value `columnType` accepted, as a cell. */
const cell = (value: unknown) =>
  typeof value === 'string' ? quote(value) : Array.isArray(value) ? quote(value.join(ARRAY_DELIMITER)) : String(value);

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
   * Writes one row, named `where` in errors: `first` holds its id or ends (already cells), `row` its
   * properties, `skip` the property that is the id. Returns the lists left for later, if any.
   */
  private write(where: string, base: string, idHeader: string, argument: string, first: string, row: Row, skip: string) {
    let signature = '';
    let line = first;
    let lists: Record<string, string[]> | undefined;
    for (const key of Object.keys(row).sort()) {
      if (key === skip) continue;
      const value = row[key];
      const type = columnType(key, value, where);
      if (type === undefined) continue;
      if (type === PENDING) {
        lists ??= {};
        lists[key] = value as string[];
        continue;
      }
      signature += `,${key}:${type}`;
      line += `,${cell(value)}`;
    }
    const key = `${base}${signature}`;
    let group = this.groups.get(key);
    if (!group) {
      for (const column of signature.split(',').slice(1)) {
        const name = column.slice(0, column.lastIndexOf(':'));
        if (!PROPERTY_KEY.test(name)) throw new BulkImportError(`${where}: property name "${name}" cannot be a CSV header`);
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
    const where = `${idSpace} ${String(id)}`;
    if (typeof id !== 'string' || id === '') throw new BulkImportError(`${where}: the ${idKey} must be a non-empty string`);
    const lists = this.write(where, `n|${labels}`, `${idKey}:ID(${idSpace})`, `--nodes=${labels}=`, quote(id), row, idKey);
    if (lists) this.pending.nodes.push({ idSpace, id, props: lists });
  }

  relation(type: RelationType, from: string, to: string, row: Row) {
    const where = `relation ${from} -${type}-> ${to}`;
    const ends = `${quote(from)},${quote(to)}`;
    const lists = this.write(where, `r|${type}`, ':START_ID(Entity),:END_ID(Entity)', `--relationships=${type}=`, ends, row, '');
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

export interface CsvFiles {
  /** neo4j-admin's `--nodes=…`/`--relationships=…` arguments, one per file. */
  arguments: string[];
  /** The files with a line break inside a value. */
  multiline: string[];
  /** The lists CSV cannot express, for `finishBulkImport`. */
  pending: PendingProps;
}

/** Writes `graph` as CSV files into `dir`; on a failure the files are closed (the caller removes `dir`). */
export function writeCsv(graph: CompiledGraph, dir: string): CsvFiles {
  const pending: PendingProps = { nodes: [], relations: [] };
  const writer = new CsvWriter(dir, pending);
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
    return { ...writer.close(), pending };
  } catch (error) {
    writer.abandon();
    throw error;
  }
}
