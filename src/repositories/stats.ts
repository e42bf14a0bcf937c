import { KINDS, RELATION_TYPES } from '../core/schema.js';
import type { Database } from '../db/database.js';
import { COUNT_BY_KIND, COUNT_BY_TYPE } from './counts.js';

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
export const GRAPH_STATS = `CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
  ${COUNT_BY_KIND}
  ${COUNT_BY_TYPE}
  RETURN entities, byKind, byType`;

export async function graphStats(db: Database): Promise<GraphStats> {
  const [row] = await db.read<{ byKind: number[]; byType: number[]; entities: number }>(GRAPH_STATS);
  const byLabel = KINDS.map((key, i) => ({ key, count: row?.byKind[i] ?? 0 }));
  const byRelationType = RELATION_TYPES.map((key, i) => ({ key, count: row?.byType[i] ?? 0 }));
  return {
    entities: row?.entities ?? 0,
    relations: byRelationType.reduce((sum, c) => sum + c.count, 0),
    byLabel,
    byRelationType,
  };
}
