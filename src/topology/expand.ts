/** Breadth-first expansions: the neighbourhood of a node, and its supply-chain tiers. */
import { KINDS, RELATION_TYPES } from '../core/ontology.js';
import { INCOMING, SEGMENTED, type Topology, TYPE_MASK } from './snapshot.js';

export type Relation = [from: number, type: number, to: number];

export interface Reached {
  /** Root first, in the order reached. */
  nodes: number[];
  /** As stored (direction kept), each once. */
  relations: Relation[];
  /** The node limit or the per-level relationship cap cut the expansion short. */
  truncated: boolean;
}

export interface Tier {
  level: number;
  /** Reached first at this tier, in neighbour-id order. */
  nodes: number[];
  relations: Relation[];
}

const checkNode = (t: Topology, node: number) => {
  if (!Number.isInteger(node) || node < 0 || node >= t.nodeCount) throw new RangeError(`no node ${node}`);
};
const checkCount = (value: number, min: number, what: string) => {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${what} must be an integer of at least ${min}, not ${value}`);
};

/**
 * Breadth-first, `depth` levels from the root, over relationships of `types` in either direction. A
 * level reads its frontier's relationships in order (frontier in the order reached, then type code,
 * neighbour id, outgoing first), at most limit × 4 of them; a neighbour not seen yet is admitted while
 * fewer than `limit` nodes are (the root counts), else its relationship is dropped. Relationships to
 * nodes already seen are kept. A level that was cut is the last one, as in the Cypher traversal
 * (src/repositories/neighborhood.ts).
 */
export function neighborhood(t: Topology, root: number, depth: number, types: readonly number[], limit: number): Reached {
  checkNode(t, root);
  checkCount(depth, 0, 'depth');
  checkCount(limit, 1, 'limit');
  const allowed = new Uint8Array(TYPE_MASK + 1);
  for (const type of types) if (Number.isInteger(type) && type >= 0 && type <= TYPE_MASK) allowed[type] = 1;
  const seen = new Set([root]);
  const nodes = [root];
  const relations: Relation[] = [];
  const kept = new Set<string>();
  let truncated = false;
  let frontier = [root];
  for (let level = 0; level < depth && frontier.length > 0 && !truncated; level++) {
    const next: number[] = [];
    let rows = 0;
    scan: for (const u of frontier) {
      const { neighbours, types: codes, start, end } = t.entries(u);
      for (let i = start; i < end; i++) {
        const code = codes[i]!;
        if (!allowed[code & TYPE_MASK]) continue;
        if (rows === limit * 4) {
          truncated = true;
          break scan;
        }
        rows++;
        const v = neighbours[i]!;
        if (!seen.has(v)) {
          if (nodes.length >= limit) {
            truncated = true;
            continue;
          }
          seen.add(v);
          nodes.push(v);
          next.push(v);
        }
        const relation: Relation = code & INCOMING ? [v, code & TYPE_MASK, u] : [u, code, v];
        const key = relation.join();
        if (kept.has(key)) continue;
        kept.add(key);
        relations.push(relation);
      }
    }
    frontier = next;
  }
  return { nodes, relations, truncated };
}

const SUPPLY_TYPES = [RELATION_TYPES.indexOf('PRODUCES'), RELATION_TYPES.indexOf('SUPPLIES')];

interface Row {
  /** The frontier node's position in the frontier. */
  at: number;
  from: number;
  type: number;
  other: number;
}

/**
 * Tiers along SUPPLIES and PRODUCES: DOWNSTREAM follows them from→to, UPSTREAM to→from. Each tier
 * reads at most `limit` relationships from its frontier, in neighbour-id order (then frontier order,
 * then type code); its nodes are the neighbours not seen before, and the next frontier. A tier that
 * finds no relationship ends the walk.
 */
export function supplyTiers(t: Topology, root: number, direction: 'DOWNSTREAM' | 'UPSTREAM', depth: number, limit: number): Tier[] {
  checkNode(t, root);
  if (direction !== 'DOWNSTREAM' && direction !== 'UPSTREAM') throw new RangeError(`not a direction: ${direction}`);
  checkCount(depth, 0, 'depth');
  checkCount(limit, 1, 'limit');
  const wanted = direction === 'UPSTREAM' ? INCOMING : 0;
  const seen = new Set([root]);
  const tiers: Tier[] = [];
  let frontier = [root];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    let rows: Row[] = [];
    frontier.forEach((u, at) => {
      const { neighbours, types, start, end } = t.entries(u);
      // Entries are sorted by type, then neighbour: of each type's run, only the first `limit` can
      // be among the first `limit` of the tier.
      const taken = [0, 0];
      for (let i = start; i < end; i++) {
        const code = types[i]!;
        const run = SUPPLY_TYPES.indexOf(code & TYPE_MASK);
        if (run < 0 || (code & INCOMING) !== wanted || taken[run]! >= limit) continue;
        taken[run]!++;
        rows.push({ at, from: u, type: code & TYPE_MASK, other: neighbours[i]! });
      }
    });
    if (rows.length === 0) break;
    rows.sort((x, y) => t.compareNodes(x.other, y.other) || x.at - y.at || x.type - y.type);
    rows = rows.slice(0, limit);
    const nodes: number[] = [];
    for (const row of rows) {
      if (seen.has(row.other)) continue;
      seen.add(row.other);
      nodes.push(row.other);
    }
    const relations = rows.map(({ from, type, other }): Relation => (wanted ? [other, type, from] : [from, type, other]));
    tiers.push({ level, nodes, relations });
    frontier = nodes;
  }
  return tiers;
}

export interface SegmentRung {
  industry: number;
  /** Segment code: 1 + the index in SEGMENTS. */
  segment: number;
  /** In id order. */
  members: number[];
}

const PRODUCES = RELATION_TYPES.indexOf('PRODUCES');
const PRODUCT = KINDS.indexOf('Product');
const INDUSTRY = KINDS.indexOf('Industry');

/**
 * The chain-segment ladder of the root's industries. The root and the products it makes are its
 * anchors; each anchor's IN_INDUSTRY relationships with a segment give an industry and the root's
 * own segment in it (the earliest, if several). The other members of that industry at earlier
 * segments (UPSTREAM) or later ones (DOWNSTREAM) make one rung per industry and segment. Industries
 * in id order, then segments in chain order. Without `withMembers`, a rung's members are left
 * empty (an industry's may number tens of thousands): only which rungs exist is worked out.
 */
export function segmentLadder(t: Topology, root: number, direction: 'DOWNSTREAM' | 'UPSTREAM', withMembers = true): SegmentRung[] {
  checkNode(t, root);
  if (direction !== 'DOWNSTREAM' && direction !== 'UPSTREAM') throw new RangeError(`not a direction: ${direction}`);
  const anchors = [root];
  const own = t.entries(root);
  for (let i = own.start; i < own.end; i++)
    if (own.types[i] === PRODUCES && t.kindOf(own.neighbours[i]!) === PRODUCT) anchors.push(own.neighbours[i]!);
  const ownOrder = new Map<number, number>();
  for (const anchor of anchors) {
    const e = t.entries(anchor);
    for (let i = e.start; i < e.end; i++) {
      if (e.types[i] !== SEGMENTED) continue;
      const segment = t.segmentAt(anchor, e, i);
      const industry = e.neighbours[i]!;
      if (t.kindOf(industry) !== INDUSTRY) continue;
      if (segment > 0 && segment < (ownOrder.get(industry) ?? Number.POSITIVE_INFINITY)) ownOrder.set(industry, segment);
    }
  }
  const rungs: SegmentRung[] = [];
  for (const industry of [...ownOrder.keys()].sort((a, b) => t.compareNodes(a, b))) {
    const mine = ownOrder.get(industry)!;
    const bySegment = new Map<number, number[]>();
    const e = t.entries(industry);
    for (let i = e.start; i < e.end; i++) {
      if (e.types[i] !== (SEGMENTED | INCOMING)) continue;
      const member = e.neighbours[i]!;
      if (member === root) continue;
      const segment = t.segmentAt(industry, e, i);
      if (segment === 0 || (direction === 'UPSTREAM' ? segment >= mine : segment <= mine)) continue;
      const list = bySegment.get(segment);
      if (!list) bySegment.set(segment, withMembers ? [member] : []);
      else if (withMembers) list.push(member);
    }
    for (const [segment, members] of [...bySegment].sort(([a], [b]) => a - b))
      rungs.push({ industry, segment, members: members.sort((a, b) => t.compareNodes(a, b)) });
  }
  return rungs;
}
