/**
 * What a traversal over the topology index shows, read from Neo4j in one round trip: the entities
 * it reached and the relationships it crossed, with their properties and evidence. The index may be
 * a moment behind the graph: a relationship deleted since is simply not found, and the caller drops
 * what depended on it.
 *
 * Each entity is found once, by its unique id; relationships are then matched between those nodes by
 * their positions in the list (no second index seek per end). An entity's full property map costs
 * Neo4j and the driver more than the look-up itself, so a request that reads only names asks for
 * the lean projection.
 */
import type { RelationType } from '../core/schema.js';
import type { Database } from '../db/database.js';
import { type EntityRecord, RELATION_PROJECTION, type RelationRecord, type RelationRow, toEntity, toRelation } from './records.js';

export interface RelationKey {
  from: string;
  type: RelationType;
  to: string;
}

/** What to read besides the shape: the entities' properties and evidence, the relationships'. */
export interface HydrationReads {
  /** false: only id, kind, name and aliases (a record whose other fields read as empty). */
  entityProps: boolean;
  relationProps: boolean;
}

export const READ_ALL: HydrationReads = { entityProps: true, relationProps: true };

const LEAN_ENTITY = 'n {.id, .kind, .name, .aliases}';
const entityProjection = (reads: HydrationReads) => (reads.entityProps ? 'properties(n)' : LEAN_ENTITY);
const relationProjection = (reads: HydrationReads) =>
  reads.relationProps ? RELATION_PROJECTION : '{type: type(r), from: startNode(r).id, to: endNode(r).id}';

/**
 * `ns`: one single-item list per id of $ids, in order ([null] where the graph no longer has it);
 * `nodes`: the projections of the first $shown of them that exist.
 */
const nodesAt = (reads: HydrationReads) =>
  `UNWIND range(0, size($ids) - 1) AS i
   OPTIONAL MATCH (n:Entity {id: $ids[i]})
   WITH collect([n]) AS ns, collect(CASE WHEN i < $shown THEN ${entityProjection(reads)} END) AS nodes`;

/** Positions of `ends` in `ids`, appending those not there (matched, but not returned). */
function positions(ids: readonly string[], ends: Iterable<string>): { all: string[]; at: Map<string, number> } {
  const all = [...ids];
  const at = new Map(all.map((id, i) => [id, i]));
  for (const id of ends) if (!at.has(id)) at.set(id, all.push(id) - 1);
  return { all, at };
}

/** The entities with these ids, and those of these relationships that still exist (in the order asked). */
export async function hydrateSubgraph(
  db: Database,
  entityIds: readonly string[],
  relations: readonly RelationKey[],
  reads: HydrationReads,
): Promise<{ entities: EntityRecord[]; relations: RelationRecord[] }> {
  const { all, at } = positions(
    entityIds,
    relations.flatMap((r) => [r.from, r.to]),
  );
  const [row] = await db.read<{ nodes: Record<string, unknown>[]; rels: RelationRow[] }>(
    `${nodesAt(reads)}
     CALL (ns) {
       UNWIND $rels AS rel
       WITH ns[toInteger(rel[0])][0] AS a, rel[1] AS type, ns[toInteger(rel[2])][0] AS b
       WHERE a IS NOT NULL AND b IS NOT NULL
       MATCH (a)-[r]->(b) WHERE type(r) = type
       RETURN collect(${relationProjection(reads)}) AS rels
     }
     RETURN nodes, rels`,
    { ids: all, shown: entityIds.length, rels: relations.map((r) => [at.get(r.from), r.type, at.get(r.to)]) },
  );
  return { entities: (row?.nodes ?? []).map(toEntity), relations: (row?.rels ?? []).map(toRelation) };
}

/**
 * For paths: the entities with these ids, and for each pair of neighbours on a path every
 * relationship of `types` between them, in either direction.
 */
export async function hydratePaths(
  db: Database,
  entityIds: readonly string[],
  pairs: readonly (readonly [string, string])[],
  types: readonly RelationType[],
  reads: HydrationReads,
): Promise<{ entities: EntityRecord[]; between: RelationRecord[][] }> {
  const { all, at } = positions(entityIds, pairs.flat());
  const [row] = await db.read<{ nodes: Record<string, unknown>[]; between: { i: number; rels: RelationRow[] }[] }>(
    `${nodesAt(reads)}
     CALL (ns) {
       UNWIND range(0, size($pairs) - 1) AS i
       WITH i, ns[toInteger($pairs[i][0])][0] AS a, ns[toInteger($pairs[i][1])][0] AS b
       WHERE a IS NOT NULL AND b IS NOT NULL
       CALL (a, b) {
         MATCH (a)-[r]-(b) WHERE type(r) IN $types
         RETURN collect(${relationProjection(reads)}) AS rels
       }
       RETURN collect({i: i, rels: rels}) AS between
     }
     RETURN nodes, between`,
    { ids: all, shown: entityIds.length, pairs: pairs.map(([a, b]) => [at.get(a), at.get(b)]), types },
  );
  const between: RelationRecord[][] = pairs.map(() => []);
  for (const { i, rels } of row?.between ?? [])
    between[i] = rels.map(toRelation).sort((x, y) => x.type.localeCompare(y.type) || x.from.localeCompare(y.from));
  return { entities: (row?.nodes ?? []).map(toEntity), between };
}
