import type { CompiledEntity, CompiledRelation } from '../core/graph.js';
import type { RelationType } from '../core/schema.js';
import type { Database } from '../db/database.js';
import { importGraph } from './graph-write.js';

const documentsOf = (evidence: { document: string }[]) => [...new Set(evidence.map((e) => e.document))].map((file) => ({ file }));

/** The importer's own MERGE, for one entity: the same rules for the API as for seed files, under the API's write timeout. */
export async function upsertEntity(db: Database, entity: CompiledEntity): Promise<void> {
  await importGraph(db, { documents: documentsOf(entity.evidence), entities: [entity], relations: [] }, { timeoutMs: db.timeouts.writeMs });
}

export async function upsertRelation(db: Database, relation: CompiledRelation): Promise<void> {
  await importGraph(
    db,
    { documents: documentsOf(relation.evidence), entities: [], relations: [relation] },
    { timeoutMs: db.timeouts.writeMs },
  );
}

/** Deletes the relationship; returns how many were removed (0 or 1). */
export async function deleteRelation(db: Database, type: RelationType, from: string, to: string): Promise<number> {
  const [row] = await db.write<{ removed: number }>(
    `MATCH (:Entity {id: $from})-[r]->(:Entity {id: $to}) WHERE type(r) = $type
     DELETE r RETURN count(*) AS removed`,
    { type, from, to },
  );
  return row?.removed ?? 0;
}
