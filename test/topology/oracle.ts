/**
 * Random small graphs with hubs, and brute-force answers to compare the engine with: the graph as a
 * list of string-keyed relationships, the answers by plain enumeration over it.
 */
import fc from 'fast-check';
import { Topology } from '../../src/topology/snapshot.js';

export interface Rel {
  from: string;
  type: number;
  to: string;
}

export interface Model {
  kinds: Map<string, number>;
  /** Distinct relationships, keyed by relKey. */
  rels: Map<string, Rel>;
}

export const relKey = (r: Rel) => `${r.from}\t${r.type}\t${r.to}`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Ids that exercise string order: ASCII, accents, CJK, the private-use block and the astral planes (UTF-8 order ≠ JS order). */
export const ID_POOL = [
  'a',
  'b',
  'B',
  'ab',
  'a-1',
  'z',
  'é',
  '中',
  '中国',
  '\uE000',
  '\uFFFD',
  '𝒳',
  '𝒳a',
  'co-1',
  'co-10',
  'co-2',
  'Z9',
  '~',
];
/** Four types: two for tiers (PRODUCES 7, SUPPLIES 8) and two others. */
export const TYPE_POOL = [0, 2, 7, 8];

export interface Spec {
  ids: string[];
  kinds: number[];
  /** [from index, to index, type]; duplicates on purpose. */
  edges: [number, number, number][];
}

/** `min` to `max` nodes, a few random relationships, and one or two hubs linked to most nodes. */
export const specArb = (max = 10, min = 2): fc.Arbitrary<Spec> =>
  fc.uniqueArray(fc.constantFrom(...ID_POOL), { minLength: min, maxLength: max }).chain((ids) => {
    const n = ids.length;
    const node = fc.integer({ min: 0, max: n - 1 });
    const type = fc.constantFrom(...TYPE_POOL);
    return fc
      .record({
        kinds: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }),
        random: fc.array(fc.tuple(node, node, type), { maxLength: 2 * n }),
        hubs: fc.array(fc.tuple(node, fc.array(fc.tuple(fc.boolean(), fc.boolean(), type), { minLength: n, maxLength: n })), {
          minLength: 1,
          maxLength: 2,
        }),
      })
      .map(({ kinds, random, hubs }) => {
        const edges = [...random];
        for (const [hub, links] of hubs) {
          // A hub reaches about three nodes in four (the first boolean false), in either direction.
          links.forEach(([skip, out, t], j) => {
            if (j !== hub && !(skip && j % 4 === 0)) edges.push(out ? [hub, j, t] : [j, hub, t]);
          });
        }
        // Parallel relationships: a repeat of an existing one, and the same pair with another type.
        if (edges.length > 0) edges.push(edges[0]!, [edges[0]![0], edges[0]![1], TYPE_POOL[(TYPE_POOL.indexOf(edges[0]![2]) + 1) % 4]!]);
        return { ids, kinds, edges };
      });
  });

export function modelOf(spec: Spec): Model {
  const kinds = new Map(spec.ids.map((id, i) => [id, spec.kinds[i]!]));
  const rels = new Map<string, Rel>();
  for (const [a, b, type] of spec.edges) {
    const rel = { from: spec.ids[a]!, type, to: spec.ids[b]! };
    rels.set(relKey(rel), rel);
  }
  return { kinds, rels };
}

export function buildFrom(model: Model): Topology {
  const ids = [...model.kinds.keys()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const rels = [...model.rels.values()];
  return Topology.build({
    ids,
    kinds: Uint8Array.from(ids, (id) => model.kinds.get(id)!),
    from: Int32Array.from(rels, (r) => index.get(r.from)!),
    to: Int32Array.from(rels, (r) => index.get(r.to)!),
    types: Uint8Array.from(rels, (r) => r.type),
  });
}

export const buildSpec = (spec: Spec) =>
  Topology.build({
    ids: spec.ids,
    kinds: Uint8Array.from(spec.kinds),
    from: Int32Array.from(spec.edges, (e) => e[0]),
    to: Int32Array.from(spec.edges, (e) => e[1]),
    types: Uint8Array.from(spec.edges, (e) => e[2]),
  });

/** Every simple path s … t of at most maxHops hops, as ids: steps over allowed types either way, inner nodes of a `via` kind. */
export function allPaths(
  model: Model,
  s: string,
  t: string,
  maxHops: number,
  types: readonly number[],
  via: readonly number[],
): string[][] {
  if (s === t) return [];
  const next = new Map<string, Set<string>>();
  for (const r of model.rels.values()) {
    if (!types.includes(r.type)) continue;
    if (!next.has(r.from)) next.set(r.from, new Set());
    if (!next.has(r.to)) next.set(r.to, new Set());
    next.get(r.from)!.add(r.to);
    next.get(r.to)!.add(r.from);
  }
  const out: string[][] = [];
  const path = [s];
  const walk = (u: string) => {
    for (const v of next.get(u) ?? []) {
      if (path.includes(v)) continue;
      if (v === t) {
        out.push([...path, v]);
        continue;
      }
      if (path.length > maxHops - 1 || !via.includes(model.kinds.get(v)!)) continue;
      path.push(v);
      walk(v);
      path.pop();
    }
  };
  walk(s);
  return out;
}

export type IdRelation = [string, number, string];

/** The neighbourhood's semantics (src/topology/expand.ts), over the model, by ids. */
export function neighborhoodOracle(model: Model, root: string, depth: number, types: readonly number[], limit: number) {
  const seen = new Set([root]);
  const nodes = [root];
  const relations: IdRelation[] = [];
  const kept = new Set<string>();
  let truncated = false;
  let frontier = [root];
  for (let level = 0; level < depth && frontier.length > 0 && !truncated; level++) {
    const next: string[] = [];
    let rows = 0;
    scan: for (const u of frontier) {
      const mine: { other: string; incoming: boolean; rel: Rel }[] = [];
      for (const rel of model.rels.values()) {
        if (!types.includes(rel.type)) continue;
        if (rel.from === u) mine.push({ other: rel.to, incoming: false, rel });
        if (rel.to === u) mine.push({ other: rel.from, incoming: true, rel });
      }
      mine.sort((x, y) => x.rel.type - y.rel.type || cmp(x.other, y.other) || Number(x.incoming) - Number(y.incoming));
      for (const { other, rel } of mine) {
        if (rows === limit * 4) {
          truncated = true;
          break scan;
        }
        rows++;
        if (!seen.has(other)) {
          if (nodes.length >= limit) {
            truncated = true;
            continue;
          }
          seen.add(other);
          nodes.push(other);
          next.push(other);
        }
        if (kept.has(relKey(rel))) continue;
        kept.add(relKey(rel));
        relations.push([rel.from, rel.type, rel.to]);
      }
    }
    frontier = next;
  }
  return { nodes, relations, truncated };
}

/** The supply tiers' semantics, over the model, by ids. */
export function tiersOracle(model: Model, root: string, direction: 'DOWNSTREAM' | 'UPSTREAM', depth: number, limit: number) {
  const seen = new Set([root]);
  const tiers: { level: number; nodes: string[]; relations: IdRelation[] }[] = [];
  let frontier = [root];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const rows: { at: number; other: string; rel: Rel }[] = [];
    frontier.forEach((u, at) => {
      for (const rel of model.rels.values()) {
        if (rel.type !== 7 && rel.type !== 8) continue;
        if (direction === 'DOWNSTREAM' && rel.from === u) rows.push({ at, other: rel.to, rel });
        if (direction === 'UPSTREAM' && rel.to === u) rows.push({ at, other: rel.from, rel });
      }
    });
    if (rows.length === 0) break;
    rows.sort((x, y) => cmp(x.other, y.other) || x.at - y.at || x.rel.type - y.rel.type);
    const taken = rows.slice(0, limit);
    const nodes: string[] = [];
    for (const row of taken) {
      if (seen.has(row.other)) continue;
      seen.add(row.other);
      nodes.push(row.other);
    }
    tiers.push({ level, nodes, relations: taken.map(({ rel }): IdRelation => [rel.from, rel.type, rel.to]) });
    frontier = nodes;
  }
  return tiers;
}

/** A relation of the engine's, by ids. */
export const named = (t: Topology, [from, type, to]: readonly [number, number, number]): IdRelation => [t.idOf(from), type, t.idOf(to)];
