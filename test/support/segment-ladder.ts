/**
 * The chain-segment ladder as Cypher over the graph: what the API computed before the topology index
 * held segments, kept as the oracle the index's ladder (src/topology/expand.ts) is checked against.
 */
import { SEGMENTS, type Segment } from '../../src/core/schema.js';
import type { Database } from '../../src/db/database.js';
import { toEntity } from '../../src/repositories/records.js';
import type { ChainDirection, SegmentTier } from '../../src/traversal/traversals.js';

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
