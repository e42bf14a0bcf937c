import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { Evidence } from '../core/evidence.js';
import type { CompiledEntity, CompiledGraph, CompiledRelation } from '../core/graph.js';
import { type DocumentInfo, type EntityInput, type RelationInput, seedFileSchema } from '../core/schema.js';

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
 * Where each key of a merged record was first set: the record's first file (a bare string while no
 * later file has added a key, as for nearly every record), then by key for those a later file added.
 */
type Origin = string | { file: string; later: Record<string, string> };

/** Merges a scalar from another file into record `at`, reporting a conflicting value. */
function mergeScalar(
  target: Record<string, unknown>,
  origins: Origin[],
  at: number,
  key: string,
  value: unknown,
  file: string,
  where: string,
  issues: string[],
) {
  if (value === undefined) return;
  const current = target[key];
  const origin = origins[at] as Origin;
  const first = typeof origin === 'string' ? origin : origin.file;
  if (current === undefined) {
    target[key] = value;
    if (file === first) return;
    if (typeof origin === 'string') origins[at] = { file: first, later: { [key]: file } };
    else origin.later[key] = file;
  } else if (current !== value) {
    const definedIn = typeof origin === 'string' ? first : (origin.later[key] ?? first);
    issues.push(`${file}: ${where}: ${key}: "${String(value)}" conflicts with "${String(current)}" in ${definedIn}`);
  }
}

// A record's label is built only for a message: a million records need none.
const entityLabel = (index: number, input: EntityInput) => `entities[${index}] (id ${input.id})`;
const relationLabel = (index: number, input: RelationInput) => `relations[${index}] (${input.from} -${input.type}-> ${input.to})`;
/** No quote missing (shared, so that the usual answer allocates nothing). */
const NONE: number[] = [];

/**
 * Validates and merges seed files into one graph. All problems are collected and thrown together as
 * one SeedError, so a bad input never reaches the database. The seeds are taken one at a time (from
 * an async iterable, files can be read as they are needed), and nothing of a raw seed is kept once it
 * is merged: a million entities are compiled in a fraction of the memory the raw files would take.
 */
export async function compileSeeds(raws: Iterable<RawSeed> | AsyncIterable<RawSeed>, options: CompileOptions): Promise<CompiledGraph> {
  const issues: string[] = [];
  const documents = new Map<string, DocumentInfo>();
  const documentText = new Map<string, string | undefined>();
  const entities: CompiledEntity[] = [];
  const relations: CompiledRelation[] = [];
  // Position in `entities`/`relations` of every record, by id and by from|type|to, and its origin.
  const entityAt = new Map<string, number>();
  const relationAt = new Map<string, number>();
  const entityOrigins: Origin[] = [];
  const relationOrigins: Origin[] = [];
  /** Relation ends not declared by the time their relation was read: checked once all files are in. */
  const unresolved: { file: string; index: number; input: RelationInput; end: 'from' | 'to' }[] = [];
  // One document's quotes are checked one after another (its seed file), so one finder is kept.
  let finder: QuoteFinder | undefined;
  /** The positions of the quotes not found in the document (none if the document itself is missing). */
  const missingQuotes = (doc: string, evidence: { quote: string }[]) => {
    const body = documentText.get(doc);
    if (body === undefined) return NONE;
    if (finder?.body !== body) finder = new QuoteFinder(body);
    let missing = NONE;
    for (let i = 0; i < evidence.length; i++) {
      if (!finder.has(squeeze((evidence[i] as { quote: string }).quote))) missing = [...missing, i];
    }
    return missing;
  };
  const quoteIssues = (file: string, doc: string, label: string, evidence: { quote: string }[], missing: number[]) => {
    for (const i of missing) issues.push(`${file}: ${label}: evidence[${i}].quote: "${evidence[i]?.quote}" not found in ${doc}`);
  };

  for await (const raw of raws) {
    const result = seedFileSchema.safeParse(raw.data);
    if (!result.success) {
      issues.push(...zodIssues(raw, result.error));
      continue;
    }
    const seed = result.data;
    const file = raw.file;
    const doc = seed.document.file;
    if (!documentText.has(doc)) {
      const dirs = [...options.documentDirs, dirname(file.replace(/\[\d+\]$/, ''))];
      documentText.set(doc, await findDocument(doc, dirs));
    }
    if (documentText.get(doc) === undefined) {
      issues.push(`${file}: document.file: ${doc} not found in ${options.documentDirs.join(', ') || 'the seed folder'}`);
    }
    documents.set(doc, { ...documents.get(doc), ...seed.document });

    const seenHere = new Set<string>();
    for (let index = 0; index < seed.entities.length; index++) {
      const input = seed.entities[index] as EntityInput;
      if (seenHere.has(input.id)) issues.push(`${file}: ${entityLabel(index, input)}: id: declared twice in this file`);
      seenHere.add(input.id);
      const missing = missingQuotes(doc, input.evidence);
      if (missing !== NONE) quoteIssues(file, doc, entityLabel(index, input), input.evidence, missing);
      const at = entityAt.get(input.id);
      if (at === undefined) {
        // The parsed input is this function's own copy (zod builds new objects): its props are taken as they are.
        const entity: CompiledEntity = { id: input.id, kind: input.kind, name: input.name, aliases: [], props: input.props, evidence: [] };
        if (input.description !== undefined) entity.description = input.description;
        addAliases(entity, input.aliases);
        addEvidence(entity.evidence, doc, input.evidence);
        entityAt.set(input.id, entities.length);
        entities.push(entity);
        entityOrigins.push(file);
        continue;
      }
      const entity = entities[at] as CompiledEntity;
      const label = entityLabel(index, input);
      const target = entity as unknown as Record<string, unknown>;
      mergeScalar(target, entityOrigins, at, 'kind', input.kind, file, label, issues);
      mergeScalar(target, entityOrigins, at, 'name', input.name, file, label, issues);
      mergeScalar(target, entityOrigins, at, 'description', input.description, file, label, issues);
      for (const [key, value] of Object.entries(input.props)) {
        mergeScalar(entity.props as Record<string, unknown>, entityOrigins, at, key, value, file, `${label}: props`, issues);
      }
      addAliases(entity, input.aliases);
      addEvidence(entity.evidence, doc, input.evidence);
    }

    const seenRel = new Set<string>();
    for (let index = 0; index < seed.relations.length; index++) {
      const input = seed.relations[index] as RelationInput;
      const key = `${input.from}|${input.type}|${input.to}`;
      if (seenRel.has(key)) issues.push(`${file}: ${relationLabel(index, input)}: declared twice in this file`);
      seenRel.add(key);
      if (input.from === input.to) issues.push(`${file}: ${relationLabel(index, input)}: to: a relation cannot link an entity to itself`);
      const missing = missingQuotes(doc, input.evidence);
      if (missing !== NONE) quoteIssues(file, doc, relationLabel(index, input), input.evidence, missing);
      // Dangling references are checked once everything is merged: an entity may be declared in any
      // file, or already be in the graph when a user imports into it.
      if (!entityAt.has(input.from)) unresolved.push({ file, index, input, end: 'from' });
      if (!entityAt.has(input.to)) unresolved.push({ file, index, input, end: 'to' });
      const at = relationAt.get(key);
      if (at === undefined) {
        const relation: CompiledRelation = { type: input.type, from: input.from, to: input.to, props: input.props, evidence: [] };
        addEvidence(relation.evidence, doc, input.evidence);
        relationAt.set(key, relations.length);
        relations.push(relation);
        relationOrigins.push(file);
        continue;
      }
      const relation = relations[at] as CompiledRelation;
      const where = `${relationLabel(index, input)}: props`;
      for (const [k, value] of Object.entries(input.props)) {
        mergeScalar(relation.props as Record<string, unknown>, relationOrigins, at, k, value, file, where, issues);
      }
      addEvidence(relation.evidence, doc, input.evidence);
    }
  }

  const dangling = unresolved.filter(({ input, end }) => !entityAt.has(input[end]));
  const missing = [...new Set(dangling.map(({ input, end }) => input[end]))];
  const known = missing.length > 0 && options.existingIds ? await options.existingIds(missing) : new Set<string>();
  for (const { file, index, input, end } of dangling) {
    if (!known.has(input[end])) issues.push(`${file}: ${relationLabel(index, input)}: ${end}: no entity with id "${input[end]}"`);
  }

  if (issues.length > 0) throw new SeedError(issues);
  return { documents: [...documents.values()], entities, relations };
}

/** Adds the aliases not yet listed, leaving out the name itself. */
function addAliases(entity: CompiledEntity, aliases: string[]) {
  for (const alias of aliases) if (alias !== entity.name && !entity.aliases.includes(alias)) entity.aliases.push(alias);
}

/** Adds the quotes not yet listed for this document. */
function addEvidence(list: Evidence[], document: string, evidence: { quote: string }[]) {
  next: for (const { quote } of evidence) {
    for (const e of list) if (e.document === document && e.quote === quote) continue next;
    list.push({ document, quote });
  }
}

async function findDocument(name: string, dirs: string[]): Promise<string | undefined> {
  if (basename(name) !== name) return undefined;
  for (const dir of dirs) {
    const text = await readFile(resolve(dir, name), 'utf8').catch(() => undefined);
    if (text !== undefined) return squeeze(text);
  }
  return undefined;
}
