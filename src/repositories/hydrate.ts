/**
 * What a traversal over the topology index shows, read from Neo4j in one round trip: the entities
 * it reached and the relationships it crossed, with their properties and evidence. The index may be
 * a moment behind the graph: a relationship deleted since is simply not found, and the caller drops
 * what depended on it.
 */
import type { RelationType } from '../core/schema.js';
import type { Database } from '../db/database.js';
import { type EntityRecord, RELATION_PROJECTION, type RelationRecord, type RelationRow, toEntity, toRelation } from './records.js';

export interface RelationKey {
  from: string;
  type: RelationType;
  to: string;
}

const projection = (withProps: boolean) => (withProps ? RELATION_PROJECTION : '{type: type(r), from: startNode(r).id, to: endNode(r).id}');

/** The entities with these ids, and those of these relationships that still exist (in the order asked). */
export async function hydrateSubgraph(
  db: Database,
  entityIds: readonly string[],
  relations: readonly RelationKey[],
  withProps: boolean,
): Promise<{ entities: EntityRecord[]; relations: RelationRecord[] }> {
  const [row] = await db.read<{ nodes: Record<string, unknown>[]; rels: RelationRow[] }>(
    `CALL () { UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN collect(properties(n)) AS nodes }
     CALL () {
       UNWIND $rels AS rel
       MATCH (a:Entity {id: rel.from})-[r]->(b:Entity {id: rel.to}) WHERE type(r) = rel.type
       RETURN collect(${projection(withProps)}) AS rels
     }
     RETURN nodes, rels`,
    { ids: entityIds, rels: relations },
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
  withProps: boolean,
): Promise<{ entities: EntityRecord[]; between: RelationRecord[][] }> {
  const [row] = await db.read<{ nodes: Record<string, unknown>[]; between: { i: number; rels: RelationRow[] }[] }>(
    `CALL () { UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN collect(properties(n)) AS nodes }
     CALL () {
       UNWIND range(0, size($pairs) - 1) AS i
       CALL (i) {
         MATCH (a:Entity {id: $pairs[i][0]})-[r]-(b:Entity {id: $pairs[i][1]}) WHERE type(r) IN $types
         RETURN collect(${projection(withProps)}) AS rels
       }
       RETURN collect({i: i, rels: rels}) AS between
     }
     RETURN nodes, between`,
    { ids: entityIds, pairs: pairs.map(([a, b]) => [a, b]), types },
  );
  const between: RelationRecord[][] = pairs.map(() => []);
  for (const { i, rels } of row?.between ?? [])
    between[i] = rels.map(toRelation).sort((x, y) => x.type.localeCompare(y.type) || x.from.localeCompare(y.from));
  return { entities: (row?.nodes ?? []).map(toEntity), between };
}
