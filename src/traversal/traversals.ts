/**
 * Paths, neighbourhoods and supply-chain tiers: traversed over the in-memory topology index
 * (src/topology/), then hydrated from Neo4j in one round trip (src/repositories/hydrate.ts).
 * The index may be a moment behind the graph: what hydration no longer finds is dropped, and a path
 * search that lost a path to a deletion runs once more after catching up, so answers stay correct.
 */
import { type Kind, RELATION_TYPES, type RelationType, SEGMENTS, type Segment } from '../core/schema.js';
import type { Database } from '../db/database.js';
import { type HydrationReads, hydratePaths, hydrateSubgraph, READ_ALL } from '../repositories/hydrate.js';
import type { EntityRecord, RelationRecord } from '../repositories/records.js';
import { neighborhood, segmentLadder, supplyTiers } from '../topology/expand.js';
import { kShortestPaths } from '../topology/paths.js';
import { kindCode, type Topology, typeCode } from '../topology/snapshot.js';
import type { LiveTopology } from './live.js';

export interface PathSearchOptions {
  maxHops: number;
  k: number;
  types: readonly RelationType[];
  via: readonly Kind[];
  /** What hydration reads besides ids, names and ends (default: everything). */
  reads?: HydrationReads;
  /** Work units (adjacency entries scanned) this search may spend, instead of the engine's default. */
  budget?: number;
}

export interface PathRecord {
  nodeIds: string[];
  relations: RelationRecord[];
}

export interface PathSearchResult {
  /** Shortest first; among paths of the same length, a stable order. */
  paths: PathRecord[];
  /** The entities on the paths. */
  entities: EntityRecord[];
  /** Every path of at most this many hops was considered: `maxHops`, unless the budget ran out. */
  exhaustiveHops: number;
  /** The budget stopped the search before it could prove that no shorter path was missed. */
  truncated: boolean;
}

export interface Subgraph {
  nodeIds: string[];
  /** The entities reached, the root included. */
  entities: EntityRecord[];
  relations: RelationRecord[];
  /** The node limit cut the expansion short. */
  truncated: boolean;
}

export type ChainDirection = 'UPSTREAM' | 'DOWNSTREAM';

export interface SupplyTier {
  level: number;
  entityIds: string[];
  entities: EntityRecord[];
  relations: RelationRecord[];
}

/** Members of one of the root's industries at another chain segment. */
export interface SegmentTier {
  industryId: string;
  industry: EntityRecord;
  segment: Segment;
  /** 1 (材料) … 6 (应用). */
  order: number;
  memberIds: string[];
}

export interface SupplyChainResult {
  tiers: SupplyTier[];
  /** Nearest segment first, then industry id. */
  segments: SegmentTier[];
}

const keyOf = (t: Topology, [from, type, to]: readonly [number, number, number]) => ({
  from: t.idOf(from),
  type: RELATION_TYPES[type] as RelationType,
  to: t.idOf(to),
});

export class Traversals {
  constructor(
    private readonly db: Database,
    readonly live: LiveTopology,
  ) {}

  /** Whether the index holds an entity with this id (no waiting: false while it is being built). */
  holds(id: string): boolean {
    return this.live.peek()?.nodeOf(id) !== undefined;
  }

  /** The snapshot, and the positions of `ids` in it; an id it does not hold yet (created a moment ago) makes it catch up once. */
  private async positions(ids: string[]): Promise<{ t: Topology; at: (number | undefined)[] }> {
    const built = await this.live.current(this.db.timeouts.readMs);
    await this.live.sync();
    let t = this.live.peek() ?? built;
    let at = ids.map((id) => t.nodeOf(id));
    if (at.some((n) => n === undefined)) {
      await this.live.refresh();
      t = await this.live.current(this.db.timeouts.readMs);
      at = ids.map((id) => t.nodeOf(id));
    }
    return { t, at };
  }

  /**
   * The k shortest simple paths (no node twice) of at most `maxHops` hops between two entities, over
   * relationships of `types` in either direction, every node but the two ends of a kind in `via`.
   * Parallel relationships between two nodes make several paths.
   */
  async paths(from: string, to: string, options: PathSearchOptions): Promise<PathSearchResult> {
    const { maxHops, k } = options;
    if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 6) throw new RangeError(`maxHops must be 1 to 6, not ${maxHops}`);
    if (!Number.isInteger(k) || k < 1 || k > 10) throw new RangeError(`k must be 1 to 10, not ${k}`);
    const types = RELATION_TYPES.filter((t) => options.types.includes(t));
    const none = { paths: [], entities: [], exhaustiveHops: maxHops, truncated: false };
    if (from === to || types.length === 0) return none;
    for (let attempt = 0; ; attempt++) {
      const { t, at } = await this.positions([from, to]);
      const [s, target] = at;
      if (s === undefined || target === undefined) return none;
      const found = kShortestPaths(t, s, target, {
        maxHops,
        k,
        types: types.map(typeCode),
        via: options.via.map(kindCode),
        ...(options.budget === undefined ? {} : { budget: options.budget }),
      });
      const nodePaths = found.paths.map((path) => path.map((n) => t.idOf(n)));
      const hydrated = await this.hydratePaths(nodePaths, k, types, options.reads ?? READ_ALL);
      // A path lost to a deletion the index had not applied yet: once more, caught up.
      if (hydrated.lost && attempt === 0) {
        await this.live.refresh();
        continue;
      }
      return { paths: hydrated.paths, entities: hydrated.entities, exhaustiveHops: found.exhaustiveHops, truncated: found.truncated };
    }
  }

  /** Each node path as relationship paths (parallel relationships make several), the first k. */
  private async hydratePaths(nodePaths: string[][], k: number, types: RelationType[], reads: HydrationReads) {
    if (nodePaths.length === 0) return { paths: [], entities: [], lost: false };
    const pairIndex = new Map<string, number>();
    const pairs: [string, string][] = [];
    for (const path of nodePaths)
      for (let i = 1; i < path.length; i++) {
        const key = `${path[i - 1]}\u0000${path[i]}`;
        if (!pairIndex.has(key)) pairIndex.set(key, pairs.push([path[i - 1]!, path[i]!]) - 1);
      }
    const { entities, between } = await hydratePaths(this.db, [...new Set(nodePaths.flat())], pairs, types, reads);
    const found = new Set(entities.map((e) => e.id));
    const paths: PathRecord[] = [];
    let lost = false;
    for (const nodeIds of nodePaths) {
      const choices = nodeIds.slice(1).map((n, i) => between[pairIndex.get(`${nodeIds[i]}\u0000${n}`)!] ?? []);
      if (choices.some((c) => c.length === 0) || nodeIds.some((id) => !found.has(id))) {
        lost = true;
        continue;
      }
      const walk = (i: number, relations: RelationRecord[]) => {
        if (paths.length >= k) return;
        if (i === choices.length) return void paths.push({ nodeIds, relations });
        for (const relation of choices[i]!) walk(i + 1, [...relations, relation]);
      };
      walk(0, []);
    }
    return { paths, entities, lost };
  }

  /**
   * Breadth-first around an entity, at most `limit` nodes (the root included), over relationships
   * of `types`; what else is read, as `reads` says.
   */
  async neighborhood(
    rootId: string,
    depth: number,
    types: readonly RelationType[],
    limit: number,
    reads: HydrationReads = READ_ALL,
  ): Promise<Subgraph> {
    const { t, at } = await this.positions([rootId]);
    const root = at[0];
    if (root === undefined) return { nodeIds: [rootId], entities: [], relations: [], truncated: false };
    const reached = neighborhood(t, root, depth, types.map(typeCode), limit);
    const ids = reached.nodes.map((n) => t.idOf(n));
    const hydrated = await hydrateSubgraph(
      this.db,
      ids,
      reached.relations.map((r) => keyOf(t, r)),
      reads,
    );
    // A node reached over a relationship deleted since the index last caught up is not in the
    // neighbourhood: keep what the relationships that still exist connect to the root.
    const kept = new Set([rootId]);
    for (let grown = true; grown; ) {
      grown = false;
      for (const r of hydrated.relations)
        for (const [x, y] of [
          [r.from, r.to],
          [r.to, r.from],
        ] as const)
          if (kept.has(x) && !kept.has(y)) {
            kept.add(y);
            grown = true;
          }
    }
    return {
      nodeIds: ids.filter((id) => kept.has(id)),
      entities: hydrated.entities.filter((e) => kept.has(e.id)),
      relations: hydrated.relations.filter((r) => kept.has(r.from) && kept.has(r.to)),
      truncated: reached.truncated,
    };
  }

  /**
   * Tiers along SUPPLIES (supplier → customer) and PRODUCES (producer → product), each with the
   * entities it reaches first, and the chain-segment ladder of the root's industries: both over the
   * index, hydrated in one round trip (the ladder's members are ids; their entities load on demand).
   * Without `reads.relationProps`, the tiers' relations are left out.
   */
  async supplyChain(
    rootId: string,
    direction: ChainDirection,
    depth: number,
    limit: number,
    { reads = READ_ALL, ladder = true, members = true }: { reads?: HydrationReads; ladder?: boolean; members?: boolean } = {},
  ): Promise<SupplyChainResult> {
    const { t, at } = await this.positions([rootId]);
    const root = at[0];
    if (root === undefined) return { tiers: [], segments: [] };
    const tiers = supplyTiers(t, root, direction, depth, limit);
    const rungs = ladder ? segmentLadder(t, root, direction, members) : [];
    const ids = tiers.map((tier) => tier.nodes.map((n) => t.idOf(n)));
    const { entities, relations } = await hydrateSubgraph(
      this.db,
      [...new Set([...ids.flat(), ...rungs.map((r) => t.idOf(r.industry))])],
      tiers.flatMap((tier) => tier.relations.map((r) => keyOf(t, r))),
      reads,
    );
    const byId = new Map(entities.map((e) => [e.id, e]));
    const relationKey = (r: { from: string; type: string; to: string }) => `${r.from}|${r.type}|${r.to}`;
    const existing = new Map(relations.map((r) => [relationKey(r), r]));
    // A tier holds the entities that relationships still in the graph link to the tier before it
    // (the index may be a moment behind a deletion).
    let previous = new Set([rootId]);
    const chain = tiers.map((tier, i) => {
      const found = tier.relations.flatMap((r) => existing.get(relationKey(keyOf(t, r))) ?? []);
      const linked = new Set(
        found.flatMap((r) => (direction === 'DOWNSTREAM' ? (previous.has(r.from) ? [r.to] : []) : previous.has(r.to) ? [r.from] : [])),
      );
      const entityIds = ids[i]!.filter((id) => linked.has(id));
      previous = new Set(entityIds);
      return {
        level: tier.level,
        entityIds,
        entities: entityIds.flatMap((id) => byId.get(id) ?? []),
        relations: reads.relationProps ? found : [],
      };
    });
    const segments = rungs
      .flatMap((rung): SegmentTier[] => {
        const industry = byId.get(t.idOf(rung.industry));
        if (!industry) return [];
        const segment = SEGMENTS[rung.segment - 1]!;
        return [{ industryId: industry.id, industry, segment, order: rung.segment, memberIds: rung.members.map((m) => t.idOf(m)) }];
      })
      .sort((a, b) => (direction === 'UPSTREAM' ? b.order - a.order : a.order - b.order) || a.industryId.localeCompare(b.industryId));
    return { tiers: chain, segments };
  }
}
