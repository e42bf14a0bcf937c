import { KINDS, RELATION_TYPES } from '../core/schema.js';
import type { Database } from '../db/database.js';

export interface Count {
  key: string;
  count: number;
}

export interface GraphStats {
  entities: number;
  relations: number;
  byLabel: Count[];
  byRelationType: Count[];
}

/** Counts from Neo4j's count store: constant time whatever the size of the graph. */
export async function graphStats(db: Database): Promise<GraphStats> {
  const [row] = await db.read<{ byLabel: number[]; byType: number[]; entities: number }>(
    `CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
     CALL () { UNWIND $kinds AS kind CALL (kind) { MATCH (n:$(kind)) RETURN count(n) AS c } RETURN collect(c) AS byLabel }
     CALL () { UNWIND $types AS type CALL (type) { MATCH ()-[r:$(type)]->() RETURN count(r) AS c } RETURN collect(c) AS byType }
     RETURN entities, byLabel, byType`,
    { kinds: KINDS, types: RELATION_TYPES },
  );
  const byLabel = KINDS.map((key, i) => ({ key, count: row?.byLabel[i] ?? 0 }));
  const byRelationType = RELATION_TYPES.map((key, i) => ({ key, count: row?.byType[i] ?? 0 }));
  return {
    entities: row?.entities ?? 0,
    relations: byRelationType.reduce((sum, c) => sum + c.count, 0),
    byLabel,
    byRelationType,
  };
}
