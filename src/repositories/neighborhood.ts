/** The neighbourhood of an entity: the relationships and entities within a few hops, breadth-first. */
import type { RelationType } from '../core/schema.js';
import { type Database, int } from '../db/database.js';
import { type EntityRecord, RELATION_PROJECTION, type RelationRecord, type RelationRow, toEntity, toRelation } from './records.js';

export interface Subgraph {
  nodeIds: string[];
  /** The entities reached (not the root), read on the way. */
  entities: EntityRecord[];
  relations: RelationRecord[];
  /** The node limit cut the expansion short. */
  truncated: boolean;
}

const relationKey = (r: RelationRecord) => `${r.from}|${r.type}|${r.to}`;

/** Relationships as a traversal reads them: their properties only when the client reads them. */
const relationProjection = (withProps: boolean) =>
  withProps ? RELATION_PROJECTION : '{type: type(r), from: startNode(r).id, to: endNode(r).id}';

/**
 * Breadth-first, one round trip per level, so the cost is bounded by `depth` queries of at most
 * `limit` rows whatever the degree of the nodes on the way. Each level brings the entities it reaches
 * for the first time, once each, and the relationships' properties only if `relationProps`.
 */
export async function neighborhood(
  db: Database,
  rootId: string,
  depth: number,
  types: readonly RelationType[],
  limit: number,
  relationProps = true,
): Promise<Subgraph> {
  const seen = new Set([rootId]);
  const entities = new Map<string, EntityRecord>();
  const relations = new Map<string, RelationRecord>();
  let frontier = [rootId];
  let truncated = false;
  for (let level = 0; level < depth && frontier.length > 0 && !truncated; level++) {
    const [page] = await db.read<{ rels: { rel: RelationRow; other: string }[]; fresh: Record<string, unknown>[] }>(
      `UNWIND $frontier AS id
       MATCH (n:Entity {id: id})-[r]-(m:Entity) WHERE type(r) IN $types
       WITH id, r, m ORDER BY id, type(r), m.id
       LIMIT $cap
       WITH collect({rel: ${relationProjection(relationProps)}, other: m.id}) AS rels,
            collect(DISTINCT CASE WHEN NOT m.id IN $seen THEN m END) AS fresh
       RETURN rels, [m IN fresh[..$room] | properties(m)] AS fresh`,
      // Only as many new entities as the limit admits; one admitted out of this order reaches the
      // client through the entity loader instead.
      { frontier, types, cap: int(limit * 4), seen: [...seen], room: int(limit - seen.size) },
    );
    const rows = page?.rels ?? [];
    for (const props of page?.fresh ?? []) entities.set(props.id as string, toEntity(props));
    const next: string[] = [];
    for (const row of rows) {
      if (!seen.has(row.other)) {
        if (seen.size >= limit) {
          truncated = true;
          continue;
        }
        seen.add(row.other);
        next.push(row.other);
      }
      const relation = toRelation(row.rel);
      relations.set(relationKey(relation), relation);
    }
    if (rows.length === limit * 4) truncated = true;
    frontier = next;
  }
  return {
    nodeIds: [...seen],
    entities: [...entities.values()],
    relations: [...relations.values()],
    truncated,
  };
}
