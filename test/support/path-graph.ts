/**
 * Small graphs with hubs for path tests, and the oracle they are checked against: the k shortest
 * simple paths' lengths by plain enumeration. Every id starts with the caller's prefix.
 */
import type { Kind, RelationType } from '../../src/core/ontology.js';

export interface Edge {
  type: RelationType;
  from: string;
  to: string;
}

/** A small graph of a test's own: every id starts with its prefix. */
export class Graph {
  constructor(readonly prefix: string) {}
  readonly kinds = new Map<string, Kind>();
  readonly edges: Edge[] = [];
  node(name: string, kind: Kind) {
    const id = `${this.prefix}-${name}`;
    this.kinds.set(id, kind);
    return id;
  }
  edge(type: RelationType, from: string, to: string) {
    if (from !== to && !this.edges.some((e) => e.type === type && e.from === from && e.to === to)) this.edges.push({ type, from, to });
  }
  unedge(type: RelationType, from: string, to: string) {
    const at = this.edges.findIndex((e) => e.type === type && e.from === from && e.to === to);
    if (at >= 0) this.edges.splice(at, 1);
  }
  /** Breadth-first distances from `root` over `types` in either direction, up to `depth`. */
  within(root: string, depth: number, types: readonly RelationType[]) {
    const distance = new Map([[root, 0]]);
    for (let frontier = [root], d = 1; d <= depth && frontier.length > 0; d++) {
      const next: string[] = [];
      for (const e of this.edges) {
        if (!types.includes(e.type)) continue;
        for (const [x, y] of [
          [e.from, e.to],
          [e.to, e.from],
        ] as const)
          if (frontier.includes(x) && !distance.has(y)) {
            distance.set(y, d);
            next.push(y);
          }
      }
      frontier = next;
    }
    return distance;
  }
  /** Supply-chain tiers: entities first reached at each level along SUPPLIES and PRODUCES, in `direction`. */
  tiers(root: string, direction: 'UPSTREAM' | 'DOWNSTREAM', depth: number) {
    const seen = new Set([root]);
    const tiers: string[][] = [];
    for (let frontier = [root], level = 1; level <= depth && frontier.length > 0; level++) {
      const next = new Set<string>();
      for (const e of this.edges) {
        if (e.type !== 'SUPPLIES' && e.type !== 'PRODUCES') continue;
        const [x, y] = direction === 'DOWNSTREAM' ? [e.from, e.to] : [e.to, e.from];
        if (frontier.includes(x) && !seen.has(y)) next.add(y);
      }
      if (next.size === 0) break;
      for (const y of next) seen.add(y);
      tiers.push([...next].sort());
      frontier = [...next];
    }
    return tiers;
  }
  /** Lengths of the k shortest simple paths, by enumerating them length after length: the oracle. */
  shortest(from: string, to: string, options: { maxHops: number; k: number; types: readonly RelationType[]; via: readonly Kind[] }) {
    if (from === to) return [];
    const allowed = (id: string) => options.via.includes(this.kinds.get(id) as Kind);
    const next = new Map<string, string[]>();
    for (const e of this.edges) {
      if (!options.types.includes(e.type)) continue;
      next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
      next.set(e.to, [...(next.get(e.to) ?? []), e.from]);
    }
    // Hops to `to` through allowed nodes: a lower bound that keeps the enumeration small.
    const toEnd = new Map([[to, 0]]);
    for (let frontier = [to], d = 1; frontier.length > 0; d++) {
      frontier = frontier
        .flatMap((x) => (x === to || allowed(x) ? (next.get(x) ?? []) : []))
        .filter((y) => !toEnd.has(y) && toEnd.set(y, d));
    }
    const lengths: number[] = [];
    const onPath = new Set([from]);
    const walk = (node: string, hops: number, length: number) => {
      for (const n of next.get(node) ?? []) {
        if (lengths.length >= options.k) return;
        if (n === to) {
          if (hops + 1 === length) lengths.push(length);
        } else if (!onPath.has(n) && allowed(n) && hops + 1 + (toEnd.get(n) ?? Infinity) <= length) {
          onPath.add(n);
          walk(n, hops + 1, length);
          onPath.delete(n);
        }
      }
    };
    for (let length = 1; length <= options.maxHops && lengths.length < options.k; length++) walk(from, 0, length);
    return lengths;
  }
}

/** A seeded pseudo-random stream, so that a failure can be replayed. */
export function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Companies around a few hubs: parks and funds that many companies share (the intermediaries most
 * paths cross), a region and an industry (which paths avoid by default), products, and a few parallel
 * relationships between the same two companies.
 */
export function hubGraph(prefix: string, seed: number) {
  const r = random(seed);
  const g = new Graph(prefix);
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)] as T;
  const companies = Array.from({ length: 60 }, (_, i) => g.node(`g${seed}-co${i}`, 'Company'));
  const parks = Array.from({ length: 3 }, (_, i) => g.node(`g${seed}-park${i}`, 'Park'));
  const funds = Array.from({ length: 3 }, (_, i) => g.node(`g${seed}-fund${i}`, 'Fund'));
  const region = g.node(`g${seed}-region`, 'Region');
  const industry = g.node(`g${seed}-industry`, 'Industry');
  for (const [i, company] of companies.entries()) {
    if (r() < 0.7) g.edge('LOCATED_IN', company, parks[i % 5 === 0 ? 1 : i % 7 === 0 ? 2 : 0] as string);
    if (r() < 0.4) g.edge('INVESTS_IN', pick(funds), company);
    if (r() < 0.3) g.edge('SUPPLIES', company, pick(companies));
    if (r() < 0.15) g.edge('IN_INDUSTRY', company, industry);
    if (r() < 0.1) g.edge('PRODUCES', company, g.node(`g${seed}-product${i}`, 'Product'));
  }
  for (const park of parks) g.edge('LOCATED_IN', park, region);
  g.edge('LOCATED_IN', funds[0] as string, parks[0] as string);
  g.edge('INVESTS_IN', funds[1] as string, funds[2] as string);
  for (let i = 0; i < 4; i++) {
    const [a, b] = [pick(companies), pick(companies)];
    g.edge('SUPPLIES', a, b);
    g.edge('PARTNERS_WITH', a, b);
  }
  return { g, companies, parks, funds, region, industry, r };
}

/** Graph and hubGraph bound to one prefix. */
export const pathGraphs = (prefix: string) => ({
  Graph: class extends Graph {
    constructor() {
      super(prefix);
    }
  },
  hubGraph: (seed: number) => hubGraph(prefix, seed),
});
