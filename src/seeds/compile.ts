import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  type DocumentInfo,
  type EntityInput,
  type EntityProps,
  type Kind,
  type RelationInput,
  type RelationProps,
  type RelationType,
  type SeedFile,
  seedFileSchema,
} from './schema.js';

export interface Evidence {
  document: string;
  quote: string;
}

export interface CompiledEntity {
  id: string;
  kind: Kind;
  name: string;
  aliases: string[];
  description?: string;
  props: EntityProps;
  evidence: Evidence[];
}

export interface CompiledRelation {
  type: RelationType;
  from: string;
  to: string;
  props: RelationProps;
  evidence: Evidence[];
}

export interface CompiledGraph {
  documents: DocumentInfo[];
  entities: CompiledEntity[];
  relations: CompiledRelation[];
}

/** A seed file as read from disk, before validation. */
export interface RawSeed {
  file: string;
  data: unknown;
}

/** Bad input: every message names the file, the record and the field. */
export class SeedError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.length === 1 ? `invalid seed: ${issues[0]}` : `invalid seed (${issues.length} problems):\n  ${issues.join('\n  ')}`);
    this.name = 'SeedError';
  }
}

/** Reads YAML or JSON; a file holding an array (as `kg export --format json` writes) yields one seed per element. */
export async function readSeedFile(path: string): Promise<RawSeed[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SeedError([`${path}: cannot read (${error.code ?? error.message})`]);
  });
  let data: unknown;
  try {
    data = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new SeedError([syntaxIssue(path, text, extname(path) === '.json' ? 'JSON' : 'YAML', error as Error)]);
  }
  return Array.isArray(data) ? data.map((item, i) => ({ file: `${path}[${i}]`, data: item })) : [{ file: path, data }];
}

/**
 * A syntax error (a truncated file, most often) located like the other issues: the file, then the
 * record and field that were being read where the text breaks off, found by yaml's error-tolerant
 * parser (JSON is YAML too), then line and column.
 */
function syntaxIssue(file: string, text: string, format: 'JSON' | 'YAML', error: Error): string {
  let where = '';
  let position = '';
  try {
    const doc = parseDocument(text);
    const first = doc.errors[0];
    const offset = first?.pos[0] ?? text.length;
    let path = pathAt(doc.contents, offset);
    let data: unknown = doc.toJS();
    // An array of seeds (as `kg export --format json` writes): its elements are named file[i].
    if (Array.isArray(data) && typeof path[0] === 'number') {
      file = `${file}[${path[0]}]`;
      data = data[path[0]];
      path = path.slice(1);
    }
    const field = path.slice(2).map(String).join('.');
    if (path.length > 0) where = `${describeRecord(data, path)}${field ? `: ${field}` : ''}: `;
    if (first?.linePos) position = ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}`;
  } catch {
    // Locating is best effort: the parser's own message still says what is wrong.
  }
  const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
  return `${file}: ${where}not valid ${format}${position}: ${message}`;
}

/** The keys and indexes leading to the last node that starts at or before `offset`. */
function pathAt(node: unknown, offset: number): (string | number)[] {
  const start = (n: unknown) => (n as { range?: [number, number, number] } | null)?.range?.[0] ?? Number.POSITIVE_INFINITY;
  if (isMap(node)) {
    const pair = node.items.findLast((p) => start(p.key) <= offset);
    if (!pair) return [];
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    return [String(key), ...pathAt(pair.value, offset)];
  }
  if (isSeq(node)) {
    const index = node.items.findLastIndex((item) => start(item) <= offset);
    return index < 0 ? [] : [index, ...pathAt(node.items[index], offset)];
  }
  return [];
}

/** Whitespace and line breaks are ignored when a quote is looked up in its document. */
export const squeeze = (s: string) => (HAS_SPACE.test(s) ? s.replace(/\s+/gu, '') : s);
const HAS_SPACE = /\s/u;

/**
 * Answers `body.includes(quote)` for many quotes of one document. The first few are plain scans;
 * past them, the positions of every 4-character window are hashed once (two typed arrays), and a
 * quote is looked up by its first four characters, so a document holding thousands of quotes is
 * read once instead of once per quote. The answers are exactly those of `includes`.
 */
export class QuoteFinder {
  private static readonly SCANS = 16;
  private static readonly GRAM = 4;
  private lookups = 0;
  private heads?: Int32Array;
  private next?: Int32Array;

  private shift = 32;

  constructor(readonly body: string) {}

  /** Multiply-shift hash of four characters. */
  private static hash4(c0: number, c1: number, c2: number, c3: number, shift: number) {
    const x = Math.imul(c0, 0x9e3779b1) ^ Math.imul(c1, 0x85ebca6b) ^ Math.imul(c2, 0xc2b2ae35) ^ Math.imul(c3, 0x27d4eb2f);
    return Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> shift;
  }

  private build() {
    const body = this.body;
    const windows = body.length - QuoteFinder.GRAM + 1;
    let bits = 10;
    while (1 << bits < windows * 2) bits++;
    const shift = 32 - bits;
    const heads = new Int32Array(1 << bits).fill(-1);
    const next = new Int32Array(windows);
    let c0 = body.charCodeAt(0);
    let c1 = body.charCodeAt(1);
    let c2 = body.charCodeAt(2);
    for (let at = 0; at < windows; at++) {
      const c3 = body.charCodeAt(at + 3);
      const k = QuoteFinder.hash4(c0, c1, c2, c3, shift);
      next[at] = heads[k] as number;
      heads[k] = at;
      c0 = c1;
      c1 = c2;
      c2 = c3;
    }
    this.shift = shift;
    this.heads = heads;
    this.next = next;
  }

  has(quote: string): boolean {
    if (quote.length < QuoteFinder.GRAM || ++this.lookups <= QuoteFinder.SCANS || this.body.length < 4096) {
      return this.body.includes(quote);
    }
    if (!this.heads) this.build();
    const heads = this.heads as Int32Array;
    const next = this.next as Int32Array;
    const k = QuoteFinder.hash4(quote.charCodeAt(0), quote.charCodeAt(1), quote.charCodeAt(2), quote.charCodeAt(3), this.shift);
    for (let at = heads[k] as number; at >= 0; at = next[at] as number) {
      if (this.body.startsWith(quote, at)) return true;
    }
    return false;
  }
}

function describeRecord(data: unknown, path: PropertyKey[]): string {
  const [section, index] = path;
  if ((section === 'entities' || section === 'relations') && typeof index === 'number') {
    const record = (data as Record<string, unknown[]>)[section]?.[index] as Record<string, unknown> | undefined;
    const label =
      section === 'entities'
        ? record?.id !== undefined && `id ${String(record.id)}`
        : record?.type !== undefined && `${String(record.from)} -${String(record.type)}-> ${String(record.to)}`;
    return `${section}[${index}]${label ? ` (${label})` : ''}`;
  }
  return String(section ?? '(root)');
}

function zodIssues(raw: RawSeed, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.slice(2).map(String).join('.') || issue.path.slice(1).map(String).join('.');
    const record = describeRecord(raw.data, issue.path);
    return `${raw.file}: ${record}${field && issue.path.length > 1 ? `: ${field}` : ''}: ${issue.message}`;
  });
}

export interface CompileOptions {
  /** Folders searched for each `document.file`, in order. */
  documentDirs: string[];
  /** Ids among these that the target graph already holds. */
  existingIds?: (ids: string[]) => Promise<Set<string>>;
}

/**
 * Validates and merges seed files into one graph. All problems are collected and thrown together as
 * one SeedError, so a bad input never reaches the database.
 */
export async function compileSeeds(raws: RawSeed[], options: CompileOptions): Promise<CompiledGraph> {
  const issues: string[] = [];
  const parsed: { raw: RawSeed; seed: SeedFile }[] = [];
  for (const raw of raws) {
    const result = seedFileSchema.safeParse(raw.data);
    if (result.success) parsed.push({ raw, seed: result.data });
    else issues.push(...zodIssues(raw, result.error));
  }

  const documents = new Map<string, DocumentInfo>();
  const documentText = new Map<string, string | undefined>();
  for (const { raw, seed } of parsed) {
    const name = seed.document.file;
    if (!documentText.has(name)) {
      const dirs = [...options.documentDirs, dirname(raw.file.replace(/\[\d+\]$/, ''))];
      documentText.set(name, await findDocument(name, dirs));
    }
    if (documentText.get(name) === undefined) {
      issues.push(`${raw.file}: document.file: ${name} not found in ${options.documentDirs.join(', ') || 'the seed folder'}`);
    }
    const known = documents.get(name);
    documents.set(name, { ...known, ...seed.document });
  }

  const entities = new Map<string, CompiledEntity & { definedIn: Record<string, string> }>();
  const relations = new Map<string, CompiledRelation & { definedIn: Record<string, string> }>();
  // One document's quotes are checked one after another (its seed file), so one finder is kept.
  let finder: QuoteFinder | undefined;
  /** `where` is a function: the record's label is only built for a message. */
  const checkQuotes = (raw: RawSeed, doc: string, where: () => string, evidence: { quote: string }[]) => {
    const body = documentText.get(doc);
    if (body === undefined) return;
    if (finder?.body !== body) finder = new QuoteFinder(body);
    evidence.forEach(({ quote }, i) => {
      if (!finder?.has(squeeze(quote))) issues.push(`${raw.file}: ${where()}: evidence[${i}].quote: "${quote}" not found in ${doc}`);
    });
  };
  /** Merges a scalar from one file into a record, reporting a conflicting value from another file. */
  const mergeScalar = (
    target: Record<string, unknown>,
    definedIn: Record<string, string>,
    key: string,
    value: unknown,
    file: string,
    where: () => string,
  ) => {
    if (value === undefined) return;
    if (target[key] !== undefined && target[key] !== value) {
      issues.push(`${file}: ${where()}: ${key}: "${String(value)}" conflicts with "${String(target[key])}" in ${definedIn[key]}`);
      return;
    }
    target[key] = value;
    definedIn[key] ??= file;
  };

  for (const { raw, seed } of parsed) {
    const doc = seed.document.file;
    const seenHere = new Set<string>();
    seed.entities.forEach((input: EntityInput, index) => {
      const label = () => `entities[${index}] (id ${input.id})`;
      if (seenHere.has(input.id)) issues.push(`${raw.file}: ${label()}: id: declared twice in this file`);
      seenHere.add(input.id);
      checkQuotes(raw, doc, label, input.evidence);
      let entity = entities.get(input.id);
      if (!entity) {
        entity = {
          id: input.id,
          kind: input.kind,
          name: input.name,
          aliases: [],
          props: {},
          evidence: [],
          definedIn: { kind: raw.file, name: raw.file },
        };
        entities.set(input.id, entity);
      }
      mergeScalar(entity as unknown as Record<string, unknown>, entity.definedIn, 'kind', input.kind, raw.file, label);
      mergeScalar(entity as unknown as Record<string, unknown>, entity.definedIn, 'name', input.name, raw.file, label);
      mergeScalar(entity as unknown as Record<string, unknown>, entity.definedIn, 'description', input.description, raw.file, label);
      const propsLabel = () => `${label()}: props`;
      for (const [key, value] of Object.entries(input.props)) {
        mergeScalar(entity.props as Record<string, unknown>, entity.definedIn, key, value, raw.file, propsLabel);
      }
      for (const alias of input.aliases) if (alias !== entity.name && !entity.aliases.includes(alias)) entity.aliases.push(alias);
      for (const { quote } of input.evidence) addEvidence(entity.evidence, doc, quote);
    });

    const seenRel = new Set<string>();
    seed.relations.forEach((input: RelationInput, index) => {
      const key = `${input.from}|${input.type}|${input.to}`;
      const label = () => `relations[${index}] (${input.from} -${input.type}-> ${input.to})`;
      if (seenRel.has(key)) issues.push(`${raw.file}: ${label()}: declared twice in this file`);
      seenRel.add(key);
      if (input.from === input.to) issues.push(`${raw.file}: ${label()}: to: a relation cannot link an entity to itself`);
      checkQuotes(raw, doc, label, input.evidence);
      let relation = relations.get(key);
      if (!relation) {
        relation = { type: input.type, from: input.from, to: input.to, props: {}, evidence: [], definedIn: {} };
        relations.set(key, relation);
      }
      const propsLabel = () => `${label()}: props`;
      for (const [k, value] of Object.entries(input.props)) {
        mergeScalar(relation.props as Record<string, unknown>, relation.definedIn, k, value, raw.file, propsLabel);
      }
      for (const { quote } of input.evidence) addEvidence(relation.evidence, doc, quote);
    });
  }

  // Dangling references are checked once everything is merged: an entity may be declared in any
  // file, or already be in the graph when a user imports into it.
  const missing = new Set<string>();
  for (const { seed } of parsed) for (const r of seed.relations) for (const id of [r.from, r.to]) if (!entities.has(id)) missing.add(id);
  const known = missing.size > 0 && options.existingIds ? await options.existingIds([...missing]) : new Set<string>();
  for (const { raw, seed } of parsed) {
    seed.relations.forEach((input, index) => {
      for (const end of ['from', 'to'] as const) {
        if (!entities.has(input[end]) && !known.has(input[end])) {
          issues.push(
            `${raw.file}: relations[${index}] (${input.from} -${input.type}-> ${input.to}): ${end}: no entity with id "${input[end]}"`,
          );
        }
      }
    });
  }

  if (issues.length > 0) throw new SeedError(issues);
  const strip = <T extends { definedIn: unknown }>({ definedIn: _, ...rest }: T) => rest;
  return {
    documents: [...documents.values()],
    entities: [...entities.values()].map(strip),
    relations: [...relations.values()].map(strip),
  };
}

function addEvidence(list: Evidence[], document: string, quote: string) {
  if (!list.some((e) => e.document === document && e.quote === quote)) list.push({ document, quote });
}

async function findDocument(name: string, dirs: string[]): Promise<string | undefined> {
  if (basename(name) !== name) return undefined;
  for (const dir of dirs) {
    const text = await readFile(resolve(dir, name), 'utf8').catch(() => undefined);
    if (text !== undefined) return squeeze(text);
  }
  return undefined;
}
