/** Graph-shaped reads: neighbourhoods, k shortest paths, and supply-chain tiers. */
import { type Database, int } from '../db/database.js';
import { type Kind, type RelationType, SEGMENTS, type Segment } from '../seeds/schema.js';
import { type EntityRecord, RELATION_PROJECTION, type RelationRecord, toEntity, toRelation } from './records.js';

type RawRelation = { type: string; from: string; to: string; props?: Record<string, unknown> };

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
    const [page] = await db.read<{ rels: { rel: RawRelation; other: string }[]; fresh: Record<string, unknown>[] }>(
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

export interface PathRecord {
  nodeIds: string[];
  relations: RelationRecord[];
}

/**
 * Neither the quantifier of a quantified path pattern nor SHORTEST's k can be a parameter: the
 * query text is built from the two validated integers only. Intermediate nodes must be of an
 * allowed kind, and no node repeats.
 *
 * The kind test sits on the repeated node (`x WHERE x.kind IN $via`) and the last hop is written
 * out, so that Neo4j prunes Regions and Industries while it searches: as a predicate on the whole
 * path (`all(n IN x[..-1] …)`) it could only filter complete paths, after expanding through those
 * hubs (2–4× slower at 100 000 entities). Same paths: 1 to `hops` hops, every node but the two ends
 * of an allowed kind.
 */
const pathQuery = (hops: number, k: number) =>
  `MATCH p = SHORTEST ${k} ((a:Entity {id: $from})
       (()-[r]-(x:Entity WHERE x.kind IN $via) WHERE type(r) IN $types){0,${hops - 1}}
       ()-[last]-(b:Entity {id: $to})
     WHERE type(last) IN $types AND NOT a IN x AND NOT b IN x
       AND all(i IN range(0, size(x) - 2) WHERE NOT x[i] IN x[i + 1..]))
   RETURN [n IN nodes(p) | n.id] AS nodeIds, [r IN relationships(p) | ${RELATION_PROJECTION}] AS rels
   ORDER BY length(p)`;

export async function kShortestPaths(
  db: Database,
  from: string,
  to: string,
  options: { maxHops: number; k: number; types: readonly RelationType[]; via: readonly Kind[] },
): Promise<PathRecord[]> {
  const { maxHops, k } = options;
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 6) throw new RangeError(`maxHops must be 1 to 6, not ${maxHops}`);
  if (!Number.isInteger(k) || k < 1 || k > 10) throw new RangeError(`k must be 1 to 10, not ${k}`);
  if (from === to) return [];
  const rows = await db.read<{ nodeIds: string[]; rels: RawRelation[] }>(
    pathQuery(maxHops, k),
    { from, to, types: options.types, via: options.via },
    10_000,
  );
  return rows.map((row) => ({ nodeIds: row.nodeIds, relations: row.rels.map(toRelation) }));
}

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
    const [page] = await db.read<{ rows: { other: string; rel: RawRelation | null }[]; fresh: Record<string, unknown>[] }>(
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
