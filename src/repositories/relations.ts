import type { Database } from '../db/database.js';
import type { RelationType } from '../seeds/schema.js';
import { RELATION_PROJECTION, type RelationRecord, toRelation } from './records.js';

export type Direction = 'OUT' | 'IN' | 'BOTH';

export interface RelationKey {
  id: string;
  /** null: every type of the ontology. */
  types: readonly RelationType[] | null;
  direction: Direction;
}

/** One round trip for a batch of (node, types, direction) keys; results in key order. */
export async function relationsOf(
  db: Database,
  keys: readonly RelationKey[],
  allTypes: readonly RelationType[],
): Promise<RelationRecord[][]> {
  const rows = await db.read<{ i: number; rels: { type: string; from: string; to: string; props: Record<string, unknown> }[] }>(
    `UNWIND range(0, size($keys) - 1) AS i
     WITH i, $keys[i] AS key
     OPTIONAL MATCH (n:Entity {id: key.id})
     CALL (n, key) {
       MATCH (n)-[r]->(m:Entity) WHERE key.direction IN ['OUT', 'BOTH'] AND type(r) IN key.types
       RETURN r
       UNION
       MATCH (n)<-[r]-(m:Entity) WHERE key.direction IN ['IN', 'BOTH'] AND type(r) IN key.types
       RETURN r
     }
     WITH i, r ORDER BY type(r), startNode(r).id, endNode(r).id
     RETURN i, collect(${RELATION_PROJECTION}) AS rels`,
    { keys: keys.map((k) => ({ id: k.id, types: k.types ?? allTypes, direction: k.direction })) },
  );
  const out: RelationRecord[][] = keys.map(() => []);
  for (const row of rows) out[row.i] = row.rels.map(toRelation);
  return out;
}
