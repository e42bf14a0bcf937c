import { lookupKey } from '../core/names.js';
import type { Kind, RelationType } from '../core/schema.js';
import { type Database, int } from '../db/database.js';
import { type EntityRecord, projectEntity, type RelationRecord, toEntity } from './records.js';
import { keyParam, type RawRelations, RELATIONS_OF_KEY, type RelationKey, readRelations } from './relations.js';

/** One round trip for a batch of ids; results in key order, null where absent. */
export async function entitiesByIds(db: Database, ids: readonly string[]): Promise<(EntityRecord | null)[]> {
  const rows = await db.read<{ i: number; n: Record<string, unknown> | null }>(
    `UNWIND range(0, size($ids) - 1) AS i
     OPTIONAL MATCH (n:Entity {id: $ids[i]})
     RETURN i, properties(n) AS n`,
    { ids },
  );
  const out: (EntityRecord | null)[] = ids.map(() => null);
  for (const row of rows) if (row.n) out[row.i] = toEntity(row.n);
  return out;
}

/** A Lucene phrase of one whole key: in a phrase only `"` and `\` are special. */
export const keyPhrase = (key: string) => `"${key.replace(/["\\]/g, (c) => `\\${c}`)}"`;

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** User text as a Lucene query of plain terms: operators escaped, AND/OR/NOT lower-cased into words. */
export function escapeLucene(text: string): string {
  return text
    .replace(LUCENE_SPECIAL, (c) => `\\${c}`)
    .replace(/\b(AND|OR|NOT|TO)\b/g, (word) => word.toLowerCase())
    .trim();
}

export interface SearchHit {
  entity: EntityRecord;
  score: number;
}

/** The first Lucene window a search page reads; it grows fourfold until the page is settled. */
const SEARCH_WINDOW = 64;

/**
 * Ranked full-text search (cjk analyzer over name, aliases and description), in one total order:
 * exact name or alias matches first (score + 1000), then by score, ties by id. The total (-1 unless
 * `count`) visits every hit: a five-character name shares a bigram with 60 000 entities at 1M.
 *
 * Lucene answers its top `window` hits with ties cut in its own order, so a page is read from a window
 * only once it is settled: every hit the page needs scores above the window's lowest score (all of
 * those are in the window, whatever Lucene's tie order) and every exact match is in it. Otherwise two
 * pages would cut the same ties differently, and an exact match below the cut would jump in later.
 */
export async function searchEntities(
  db: Database,
  text: string,
  kinds: readonly Kind[] | null,
  offset: number,
  limit: number,
  count = true,
): Promise<{ hits: SearchHit[]; total: number }> {
  const query = escapeLucene(text);
  const key = lookupKey(text);
  if (!query || key === '') return { hits: [], total: 0 };
  const params = { query, kinds, offset: int(offset), limit: int(limit) };
  let window = Math.max(SEARCH_WINDOW, offset + limit + 1);
  // The total and the exact matches do not depend on the window: read once, with the first window.
  const [first] = await db.read<SearchWindow & { total: number; exactIds: string[] }>(
    `CALL () {
       ${count ? COUNT_HITS : 'RETURN -1 AS total'}
     }
     CALL () {
       CALL db.index.fulltext.queryNodes('entity_keys', $phrase) YIELD node
       WHERE $key IN node.lookupKeys AND ($kinds IS NULL OR node.kind IN $kinds)
       RETURN collect(node.id) AS exactIds
     }
     CALL (exactIds) {
       ${READ_WINDOW}
     }
     RETURN total, exactIds, read, exactSeen, settled, page`,
    { ...params, key, phrase: keyPhrase(key), window: int(window) },
  );
  if (!first) return { hits: [], total: 0 };
  const { total, exactIds } = first;
  const settledBy = (w: SearchWindow) =>
    w.read < window || (w.exactSeen === exactIds.length && w.settled >= offset + limit - exactIds.length);
  let read: SearchWindow = first;
  while (!settledBy(read)) {
    window *= 4;
    const [next] = await db.read<SearchWindow>(`WITH $exactIds AS exactIds ${READ_WINDOW}`, {
      ...params,
      exactIds,
      window: int(window),
    });
    if (!next) return { hits: [], total };
    read = next;
  }
  return { total, hits: read.page.map((h) => ({ entity: toEntity(h.n), score: h.score })) };
}

interface SearchWindow {
  read: number;
  exactSeen: number;
  settled: number;
  page: { n: Record<string, unknown>; score: number }[];
}

const COUNT_HITS = `CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node
  WHERE $kinds IS NULL OR node.kind IN $kinds
  RETURN count(node) AS total`;

/** The top `$window` hits, exact ones (`exactIds`) lifted by 1000, and the page cut from them. */
const READ_WINDOW = `CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $window}) YIELD node, score
  WITH collect({node: node, score: score}) AS window, exactIds
  WITH size(window) AS read, window[-1].score AS floor, window, exactIds
  WITH read, floor, [h IN window WHERE $kinds IS NULL OR h.node.kind IN $kinds |
          {node: h.node, score: h.score + CASE WHEN h.node.id IN exactIds THEN 1000.0 ELSE 0.0 END, exact: h.node.id IN exactIds,
           above: h.score > floor}] AS hits
  CALL (hits) {
    UNWIND hits AS h
    WITH h ORDER BY h.score DESC, h.node.id
    SKIP $offset LIMIT $limit
    RETURN collect({n: properties(h.node), score: h.score}) AS page
  }
  RETURN read, size([h IN hits WHERE h.exact]) AS exactSeen, size([h IN hits WHERE h.above AND NOT h.exact]) AS settled, page`;

export const ENTITY_SORT_KEYS = { NAME: 'name', ID: 'id', KIND: 'kind', FOUNDED_ON: 'foundedOn', DEGREE: 'degree' } as const;
export type EntitySortKey = keyof typeof ENTITY_SORT_KEYS;

export interface EntityFilter {
  kind?: Kind | null;
  nameContains?: string | null;
  ids?: readonly string[] | null;
}

/**
 * Only the filters that are set, so that the planner sees `n.id IN $ids` and seeks the id index:
 * behind `$ids IS NULL OR n.id IN $ids` it scanned every entity (a page of ten companies by id took
 * 900 ms at 100 000 entities). At most eight texts, each cached once; the values stay parameters.
 */
const listFilter = (filter: { kind: unknown; ids: unknown; contains: unknown }) =>
  [
    filter.kind !== null && 'n.kind = $kind',
    filter.ids !== null && 'n.id IN $ids',
    filter.contains !== null && 'any(k IN n.lookupKeys WHERE k CONTAINS $contains)',
  ]
    .filter(Boolean)
    .join(' AND ') || 'true';

export interface PageOptions {
  /** Count the matches too (a second pass over them): only when the client reads totalCount. */
  count: boolean;
  /** Relationship keys to read for each entity of the page in the same round trip (see RelationsPage). */
  relations: readonly Omit<RelationKey, 'id'>[];
  allTypes: readonly RelationType[];
  /** Whole property maps, or only names (`projectEntity`), of the page's entities and of those at its relationships' ends. */
  entityProps: boolean;
}

export interface EntityPage {
  rows: EntityRecord[];
  total: number;
  /** Per row, per requested key: its relationships. */
  relations: RelationRecord[][][];
  /** The entities at the other ends of those relationships. */
  ends: Map<string, EntityRecord>;
}

/**
 * A page of entities (and, if asked, the total and their relationships), in one round trip; the sort
 * key comes from a whitelist and is passed as a parameter.
 */
export async function listEntities(
  db: Database,
  filter: EntityFilter,
  sort: { key: EntitySortKey; descending: boolean },
  offset: number,
  limit: number,
  options: PageOptions,
): Promise<EntityPage> {
  const params = {
    kind: filter.kind ?? null,
    ids: filter.ids ?? null,
    contains: filter.nameContains ? lookupKey(filter.nameContains) : null,
  };
  const where = listFilter(params);
  const rows = await db.read<{ i: number | null; n: Record<string, unknown> | null; total: number; rels: RawRelations[] }>(
    `CALL () { ${options.count ? `MATCH (n:Entity) WHERE ${where} RETURN count(n) AS total` : 'RETURN -1 AS total'} }
     CALL () {
       MATCH (n:Entity) WHERE ${where}
       WITH n, CASE $sort WHEN 'degree' THEN COUNT { (n)--() } ELSE n[$sort] END AS sortValue
       ORDER BY CASE WHEN $descending THEN sortValue END DESC, CASE WHEN $descending THEN null ELSE sortValue END ASC, n.id
       SKIP $offset LIMIT $limit
       RETURN collect(n) AS page
     }
     // An empty page still yields one row, with the total.
     UNWIND CASE size(page) WHEN 0 THEN [null] ELSE range(0, size(page) - 1) END AS i
     WITH total, i, page[i] AS n
     CALL (n) {
       UNWIND $keys AS key
       CALL (n, key) {
         ${RELATIONS_OF_KEY}
       }
       RETURN collect(rels) AS rels
     }
     RETURN i, ${projectEntity('n')} AS n, total, rels
     ORDER BY i`,
    {
      ...params,
      sort: ENTITY_SORT_KEYS[sort.key],
      descending: sort.descending,
      offset: int(offset),
      limit: int(limit),
      keys: options.relations.map((key) => keyParam(key, options.allTypes)),
      entityProps: options.entityProps,
    },
  );
  const ends = new Map<string, EntityRecord>();
  const found = rows.filter((row) => row.n !== null);
  return {
    total: rows[0]?.total ?? 0,
    rows: found.map((row) => toEntity(row.n as Record<string, unknown>)),
    relations: found.map((row) => row.rels.map((rels) => readRelations(rels, ends))),
    ends,
  };
}
