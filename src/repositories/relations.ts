import type { RelationType } from '../core/schema.js';
import { type Database, int } from '../db/database.js';
import { type EntityRecord, projectEntity, projectRelation, type RelationRecord, toEntity, toRelation } from './records.js';

export type Direction = 'OUT' | 'IN' | 'BOTH';

export interface RelationKey {
  id: string;
  /** null: every type of the ontology. */
  types: readonly RelationType[] | null;
  direction: Direction;
  /** The first this many relationships, in MATCH_KEY's order; absent: all of them. */
  limit?: number;
}

/** How the relations loader names a key: keys that read the same relationships share one entry. */
export const relationCacheKey = (key: RelationKey) => `${key.id}|${key.direction}|${key.types?.join(',') ?? '*'}|${key.limit ?? '*'}`;

/** A key as the Cypher below reads it: `types` always a list. */
export const keyParam = (key: Omit<RelationKey, 'id'>, allTypes: readonly RelationType[]) => ({
  types: key.types ?? allTypes,
  direction: key.direction,
  limit: key.limit === undefined ? null : int(key.limit),
});

/** The relationships `r` of node `n` for one `key` ({types, direction}), with the entity `m` at the other end, in a stable order. */
const MATCH_KEY = `CALL (n, key) {
       MATCH (n)-[r]->(m:Entity) WHERE key.direction IN ['OUT', 'BOTH'] AND type(r) IN key.types
       RETURN r, m
       UNION
       MATCH (n)<-[r]-(m:Entity) WHERE key.direction IN ['IN', 'BOTH'] AND type(r) IN key.types
       RETURN r, m
     }
     WITH r, m ORDER BY type(r), startNode(r).id, endNode(r).id`;

/**
 * MATCH_KEY's relationships, the first `key.limit` of them (all if null), collected as `rels`: shared by
 * every query that reads a key's relations. Only those kept are projected: a hub's others stay in Neo4j.
 */
export const RELATIONS_OF_KEY = `${MATCH_KEY}
     WITH collect({r: r, m: m}) AS found
     RETURN [x IN CASE WHEN key.limit IS NULL THEN found ELSE found[..key.limit] END |
             {rel: ${projectRelation('x.r')}, other: ${projectEntity('x.m')}}] AS rels`;

export type RawRelations = {
  rel: { type: string; from: string; to: string; props: Record<string, unknown> };
  other: Record<string, unknown>;
}[];

/** Reads RELATIONS_OF_KEY's rows: the relationships, and the entities at their other ends into `ends`. */
export function readRelations(rows: RawRelations, ends: Map<string, EntityRecord>): RelationRecord[] {
  return rows.map(({ rel, other }) => {
    const end = toEntity(other);
    ends.set(end.id, end);
    return toRelation(rel);
  });
}

/**
 * One round trip for a batch of (node, types, direction) keys; results in key order. The entities at
 * the other ends come along (`ends`), since whoever reads a relationship nearly always shows them.
 */
export async function relationsOf(
  db: Database,
  keys: readonly RelationKey[],
  allTypes: readonly RelationType[],
): Promise<{ lists: RelationRecord[][]; ends: Map<string, EntityRecord> }> {
  const rows = await db.read<{ i: number; rels: RawRelations }>(
    `UNWIND range(0, size($keys) - 1) AS i
     WITH i, $keys[i] AS key
     MATCH (n:Entity {id: key.id})
     CALL (n, key) {
       ${RELATIONS_OF_KEY}
     }
     RETURN i, rels`,
    { keys: keys.map((k) => ({ id: k.id, ...keyParam(k, allTypes) })), entityProps: true },
  );
  const ends = new Map<string, EntityRecord>();
  const lists: RelationRecord[][] = keys.map(() => []);
  for (const row of rows) lists[row.i] = readRelations(row.rels, ends);
  return { lists, ends };
}

export interface RelationPageKey extends RelationKey {
  offset: number;
  limit: number;
}

/** How the page loader names a key. */
export const relationPageCacheKey = (key: RelationPageKey) => `${relationCacheKey(key)}|${key.offset}|${key.limit}`;

/**
 * Pages of relationships with their totals, one round trip for a batch of keys: only the page leaves
 * Neo4j, so a hub with tens of thousands of relationships costs a sort there, not a transfer.
 */
export async function relationPages(
  db: Database,
  keys: readonly RelationPageKey[],
  allTypes: readonly RelationType[],
): Promise<{ pages: { total: number; rows: RelationRecord[] }[]; ends: Map<string, EntityRecord> }> {
  const rows = await db.read<{ i: number; total: number; rels: RawRelations }>(
    `UNWIND range(0, size($keys) - 1) AS i
     WITH i, $keys[i] AS key
     MATCH (n:Entity {id: key.id})
     CALL (n, key) {
       ${MATCH_KEY}
       WITH collect({r: r, m: m}) AS found
       RETURN size(found) AS total,
              [x IN found[key.offset..key.offset + key.limit] | {rel: ${projectRelation('x.r')}, other: properties(x.m)}] AS rels
     }
     RETURN i, total, rels`,
    { keys: keys.map((k) => ({ id: k.id, ...keyParam(k, allTypes), offset: int(k.offset), limit: int(k.limit) })) },
  );
  const ends = new Map<string, EntityRecord>();
  const pages = keys.map(() => ({ total: 0, rows: [] as RelationRecord[] }));
  for (const row of rows) pages[row.i] = { total: row.total, rows: readRelations(row.rels, ends) };
  return { pages, ends };
}
