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
export const squeeze = (s: string) => s.replace(/\s+/gu, '');

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
  const checkQuotes = (raw: RawSeed, doc: string, where: string, evidence: { quote: string }[]) => {
    const body = documentText.get(doc);
    if (body === undefined) return;
    evidence.forEach(({ quote }, i) => {
      if (!body.includes(squeeze(quote))) issues.push(`${raw.file}: ${where}: evidence[${i}].quote: "${quote}" not found in ${doc}`);
    });
  };
  /** Merges a scalar from one file into a record, reporting a conflicting value from another file. */
  const mergeScalar = (
    target: Record<string, unknown>,
    definedIn: Record<string, string>,
    key: string,
    value: unknown,
    file: string,
    where: string,
  ) => {
    if (value === undefined) return;
    if (target[key] !== undefined && target[key] !== value) {
      issues.push(`${file}: ${where}: ${key}: "${String(value)}" conflicts with "${String(target[key])}" in ${definedIn[key]}`);
      return;
    }
    target[key] = value;
    definedIn[key] ??= file;
  };

  for (const { raw, seed } of parsed) {
    const doc = seed.document.file;
    const seenHere = new Set<string>();
    seed.entities.forEach((input: EntityInput, index) => {
      const where = `entities[${index}] (id ${input.id})`;
      if (seenHere.has(input.id)) issues.push(`${raw.file}: ${where}: id: declared twice in this file`);
      seenHere.add(input.id);
      checkQuotes(raw, doc, where, input.evidence);
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
      mergeScalar(entity as unknown as Record<string, unknown>, entity.definedIn, 'kind', input.kind, raw.file, where);
      mergeScalar(entity as unknown as Record<string, unknown>, entity.definedIn, 'name', input.name, raw.file, where);
      mergeScalar(entity as unknown as Record<string, unknown>, entity.definedIn, 'description', input.description, raw.file, where);
      for (const [key, value] of Object.entries(input.props)) {
        mergeScalar(entity.props as Record<string, unknown>, entity.definedIn, key, value, raw.file, `${where}: props`);
      }
      for (const alias of input.aliases) if (alias !== entity.name && !entity.aliases.includes(alias)) entity.aliases.push(alias);
      for (const { quote } of input.evidence) addEvidence(entity.evidence, doc, quote);
    });

    const seenRel = new Set<string>();
    seed.relations.forEach((input: RelationInput, index) => {
      const key = `${input.from}|${input.type}|${input.to}`;
      const where = `relations[${index}] (${input.from} -${input.type}-> ${input.to})`;
      if (seenRel.has(key)) issues.push(`${raw.file}: ${where}: declared twice in this file`);
      seenRel.add(key);
      if (input.from === input.to) issues.push(`${raw.file}: ${where}: to: a relation cannot link an entity to itself`);
      checkQuotes(raw, doc, where, input.evidence);
      let relation = relations.get(key);
      if (!relation) {
        relation = { type: input.type, from: input.from, to: input.to, props: {}, evidence: [], definedIn: {} };
        relations.set(key, relation);
      }
      for (const [k, value] of Object.entries(input.props)) {
        mergeScalar(relation.props as Record<string, unknown>, relation.definedIn, k, value, raw.file, `${where}: props`);
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
