/** The supply chain around an entity: tiers along SUPPLIES and PRODUCES, and its industries' segment ladder. */
import { SEGMENTS, type Segment } from '../core/schema.js';
import { type Database, int } from '../db/database.js';
import { type EntityRecord, RELATION_PROJECTION, type RelationRecord, type RelationRow, toEntity, toRelation } from './records.js';

export type ChainDirection = 'UPSTREAM' | 'DOWNSTREAM';

export interface SupplyTier {
  level: number;
  entityIds: string[];
  /** The entities at this tier and the ends of its relationships, read on the way. */
  entities: EntityRecord[];
  relations: RelationRecord[];
}

/**
 * Tiers along SUPPLIES (supplier → customer) and PRODUCES (producer → product), one query per tier,
 * each bringing the entities it reaches first; the relationships themselves only if `links`.
 */
export async function supplyTiers(
  db: Database,
  rootId: string,
  direction: ChainDirection,
  depth: number,
  limit: number,
  links = true,
): Promise<SupplyTier[]> {
  const seen = new Set([rootId]);
  const tiers: SupplyTier[] = [];
  let frontier = [rootId];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const [page] = await db.read<{ rows: { other: string; rel: RelationRow | null }[]; fresh: Record<string, unknown>[] }>(
      `UNWIND $frontier AS id
       MATCH ${direction === 'DOWNSTREAM' ? '(n:Entity {id: id})-[r:SUPPLIES|PRODUCES]->(m:Entity)' : '(n:Entity {id: id})<-[r:SUPPLIES|PRODUCES]-(m:Entity)'}
       WITH r, m ORDER BY m.id LIMIT $limit
       WITH collect({other: m.id, rel: CASE WHEN $links THEN ${RELATION_PROJECTION} END}) AS rows,
            collect(DISTINCT CASE WHEN NOT m.id IN $seen THEN m END) AS fresh
       RETURN rows, [m IN fresh | properties(m)] AS fresh`,
      { frontier, limit: int(limit), links, seen: [...seen] },
    );
    const rows = page?.rows ?? [];
    if (rows.length === 0) break;
    const next = [...new Set(rows.map((row) => row.other).filter((id) => !seen.has(id)))];
    for (const id of next) seen.add(id);
    tiers.push({
      level,
      entityIds: next,
      entities: (page?.fresh ?? []).map(toEntity),
      relations: rows.flatMap((row) => (row.rel ? [toRelation(row.rel)] : [])),
    });
    frontier = next;
  }
  return tiers;
}

export interface SegmentTier {
  industryId: string;
  industry: EntityRecord;
  segment: Segment;
  order: number;
  memberIds: string[];
}

/**
 * The chain-segment ladder of the root's industries: members at earlier segments (upstream) or
 * later ones (downstream) than the root's own, nearest first.
 */
export async function segmentTiers(db: Database, rootId: string, direction: ChainDirection): Promise<SegmentTier[]> {
  const rows = await db.read<{ industry: Record<string, unknown>; segment: Segment; memberIds: string[] }>(
    `MATCH (root:Entity {id: $id})
     OPTIONAL MATCH (root)-[:PRODUCES]->(p:Product)
     WITH root, collect(p) AS products
     UNWIND [root] + products AS anchor
     MATCH (anchor)-[own:IN_INDUSTRY]->(industry:Industry)
     WITH industry, coalesce(own.segment, anchor.segment) AS ownSegment WHERE ownSegment IS NOT NULL
     WITH industry, min($segments_order[ownSegment]) AS ownOrder
     MATCH (member:Entity)-[m:IN_INDUSTRY]->(industry)
     WITH industry, ownOrder, member, coalesce(m.segment, member.segment) AS segment
     WHERE segment IS NOT NULL AND member.id <> $id
       AND CASE $direction WHEN 'UPSTREAM' THEN $segments_order[segment] < ownOrder ELSE $segments_order[segment] > ownOrder END
     WITH industry, segment, member.id AS memberId ORDER BY memberId
     RETURN properties(industry) AS industry, segment, collect(memberId) AS memberIds`,
    { id: rootId, direction, segments_order: Object.fromEntries(SEGMENTS.map((s, i) => [s, i + 1])) },
  );
  const order = (s: Segment) => SEGMENTS.indexOf(s) + 1;
  return rows
    .map(({ industry, segment, memberIds }) => {
      const record = toEntity(industry);
      return { industryId: record.id, industry: record, segment, memberIds, order: order(segment) };
    })
    .sort((a, b) => (direction === 'UPSTREAM' ? b.order - a.order : a.order - b.order) || a.industryId.localeCompare(b.industryId));
}
