/** The seed compiler: seed files validated and merged into one graph, every problem reported at once. */
import { dirname } from 'node:path';
import type { Evidence } from '../core/evidence.js';
import type { CompiledEntity, CompiledGraph, CompiledRelation } from '../core/graph.js';
import { chineseDate, ENTITY_DATE_PROPS, quoteWritesDate, RELATION_DATE_PROPS } from '../core/inference.js';
import { type DocumentInfo, type EntityInput, type RelationInput, seedFileSchema } from '../core/schema.js';
import { findDocument, QuoteFinder, squeeze } from './quotes.js';
import { type RawSeed, SeedError, zodIssues } from './seed-file.js';

export interface CompileOptions {
  /** Folders searched for each `document.file`, in order. */
  documentDirs: string[];
  /** Ids among these that the target graph already holds. */
  existingIds?: (ids: string[]) => Promise<Set<string>>;
  /**
   * Documents given with their text (an article accepted through the API): their quotes are checked
   * against this text, by the same rule, and never looked up on disk.
   */
  texts?: ReadonlyMap<string, string>;
  /**
   * Files read for what they declare (the known entities of `kg extract --known`): a relation of theirs
   * whose end no file declares is left out, not refused, so that any subset of a graph's files serves.
   */
  context?: (file: string) => boolean;
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
/** A date fact given by a file: checked against all the record's quotes once every file is merged. */
interface DatedFact {
  record: CompiledEntity | CompiledRelation;
  key: string;
  file: string;
  label: string;
}

/**
 * The date facts that no quote of their record writes at their precision (2018-12 from 2018年年底)
 * and that are not marked inferred. Checked after merging, so that a quote from any document counts
 * (an export puts a record's props in one document's file and its quotes in each), and so that a
 * reading that another file states plainly is checked as stated; a record with a quote from a
 * document outside the corpus is taken as it is, as its quotes are. Only the facts a file's own
 * quotes did not settle are kept until then (a million records keep next to nothing).
 */
function datePrecisionIssues(dated: DatedFact[], yearOf: (document: string) => string | undefined, unverified: Set<string>) {
  const issues: string[] = [];
  for (const { record, key, file, label } of dated) {
    const value = (record.props as Record<string, unknown>)[key];
    const inferred = 'type' in record ? record.inferred !== undefined : (record.inferred as Record<string, string> | undefined)?.[key];
    if (typeof value !== 'string' || inferred) continue;
    if (record.evidence.some((e) => unverified.has(e.document) || quoteWritesDate(e.quote, value, yearOf(e.document)))) continue;
    issues.push(
      `${file}: ${label}: props.${key}: "${value}" is more precise than its evidence (no quote writes ${chineseDate(value)}): ` +
        'quote the text that states it, or mark it inferred with the reason',
    );
  }
  return issues;
}

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
  /** Date facts to check again once all files are merged: those this file's quotes do not write, or marks inferred. */
  const dated: DatedFact[] = [];
  const dateFacts = (
    record: CompiledEntity | CompiledRelation,
    keys: readonly string[],
    given: { props: Record<string, unknown>; evidence: { quote: string }[] },
    inferredHere: (key: string) => boolean,
    doc: string,
    file: string,
    label: () => string,
  ) => {
    const year = documents.get(doc)?.date?.slice(0, 4);
    for (const key of keys) {
      const value = given.props[key];
      if (typeof value !== 'string') continue;
      const written = documentText.get(doc) === undefined || given.evidence.some(({ quote }) => quoteWritesDate(quote, value, year));
      if (!written || inferredHere(key)) dated.push({ record, key, file, label: label() });
    }
  };
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
      const given = options.texts?.get(doc);
      const dirs = [...options.documentDirs, dirname(file.replace(/\[\d+\]$/, ''))];
      documentText.set(doc, given !== undefined ? squeeze(given) : await findDocument(doc, dirs));
    }
    const { unverified, draft, ...info } = seed.document;
    if (documentText.get(doc) === undefined && !unverified) {
      issues.push(`${file}: document.file: ${doc} not found in ${options.documentDirs.join(', ') || 'the seed folder'}`);
    }
    documents.set(doc, { ...documents.get(doc), ...info });

    const seenHere = new Set<string>();
    for (let index = 0; index < seed.entities.length; index++) {
      const input = seed.entities[index] as EntityInput;
      if (seenHere.has(input.id)) issues.push(`${file}: ${entityLabel(index, input)}: id: declared twice in this file`);
      seenHere.add(input.id);
      const missing = missingQuotes(doc, input.evidence);
      if (missing !== NONE) quoteIssues(file, doc, entityLabel(index, input), input.evidence, missing);
      const inferred = input.inferred ?? {};
      for (const key of Object.keys(inferred)) {
        if (!(key in input.props)) issues.push(`${file}: ${entityLabel(index, input)}: inferred.${key}: this record gives no props.${key}`);
      }
      const checkDates = (entity: CompiledEntity) =>
        dateFacts(
          entity,
          ENTITY_DATE_PROPS,
          input,
          (k) => k in inferred,
          doc,
          file,
          () => entityLabel(index, input),
        );
      const at = entityAt.get(input.id);
      if (at === undefined) {
        // The parsed input is this function's own copy (zod builds new objects): its props are taken as they are.
        const entity: CompiledEntity = { id: input.id, kind: input.kind, name: input.name, aliases: [], props: input.props, evidence: [] };
        if (input.description !== undefined) entity.description = input.description;
        if (input.inferred && Object.keys(input.inferred).length > 0) entity.inferred = input.inferred;
        addAliases(entity, input.aliases);
        addEvidence(entity.evidence, doc, input.evidence);
        entityAt.set(input.id, entities.length);
        entities.push(entity);
        entityOrigins.push(file);
        checkDates(entity);
        continue;
      }
      const entity = entities[at] as CompiledEntity;
      const label = entityLabel(index, input);
      const target = entity as unknown as Record<string, unknown>;
      mergeScalar(target, entityOrigins, at, 'kind', input.kind, file, label, issues);
      mergeScalar(target, entityOrigins, at, 'name', input.name, file, label, issues);
      mergeScalar(target, entityOrigins, at, 'description', input.description, file, label, issues);
      checkDates(entity);
      for (const [key, value] of Object.entries(input.props)) {
        const given = key in entity.props;
        mergeScalar(entity.props as Record<string, unknown>, entityOrigins, at, key, value, file, `${label}: props`, issues);
        mergeInference(entity, key, given, inferred[key as keyof typeof inferred]);
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
      const checkDates = (relation: CompiledRelation) =>
        dateFacts(
          relation,
          RELATION_DATE_PROPS,
          input,
          () => input.inferred !== undefined,
          doc,
          file,
          () => relationLabel(index, input),
        );
      const at = relationAt.get(key);
      if (at === undefined) {
        const relation: CompiledRelation = { type: input.type, from: input.from, to: input.to, props: input.props, evidence: [] };
        if (input.inferred !== undefined) relation.inferred = input.inferred;
        addEvidence(relation.evidence, doc, input.evidence);
        relationAt.set(key, relations.length);
        relations.push(relation);
        relationOrigins.push(file);
        checkDates(relation);
        continue;
      }
      const relation = relations[at] as CompiledRelation;
      checkDates(relation);
      const where = `${relationLabel(index, input)}: props`;
      for (const [k, value] of Object.entries(input.props)) {
        mergeScalar(relation.props as Record<string, unknown>, relationOrigins, at, k, value, file, where, issues);
      }
      // Stated in one document, the relation is stated; inferred in each, the first reason stands.
      if (input.inferred === undefined) delete relation.inferred;
      addEvidence(relation.evidence, doc, input.evidence);
    }
  }

  const dangling = unresolved.filter(({ input, end }) => !entityAt.has(input[end]));
  const missing = [...new Set(dangling.map(({ input, end }) => input[end]))];
  const known = missing.length > 0 && options.existingIds ? await options.existingIds(missing) : new Set<string>();
  let leftOut = false;
  for (const { file, index, input, end } of dangling) {
    if (known.has(input[end])) continue;
    if (options.context?.(file)) leftOut = true;
    else issues.push(`${file}: ${relationLabel(index, input)}: ${end}: no entity with id "${input[end]}"`);
  }

  const unverified = new Set([...documentText].filter(([, body]) => body === undefined).map(([doc]) => doc));
  issues.push(...new Set(datePrecisionIssues(dated, (doc) => documents.get(doc)?.date?.slice(0, 4), unverified)));
  if (issues.length > 0) throw new SeedError(issues);
  const declared = (id: string) => entityAt.has(id) || known.has(id);
  return {
    documents: [...documents.values()],
    entities,
    relations: leftOut ? relations.filter((r) => declared(r.from) && declared(r.to)) : relations,
  };
}

/**
 * A fact given again by another file: stated there, it is stated (a plain statement outweighs a
 * reading); inferred there, it stays as the first file had it, or is inferred if it is new.
 */
function mergeInference(entity: CompiledEntity, key: string, given: boolean, reason: string | undefined) {
  const inferred = (entity.inferred ?? {}) as Record<string, string>;
  if (reason === undefined) delete inferred[key];
  else if (!given) inferred[key] = reason;
  if (Object.keys(inferred).length > 0) entity.inferred = inferred;
  else delete entity.inferred;
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
