/**
 * The k shortest simple paths between two nodes: Yen's algorithm, whose spur searches are
 * bidirectional breadth-first searches bounded by the hops left. Each search level expands the side
 * whose frontier has the smaller sum of degrees, so a hub is scanned only when the other side costs
 * more; with Lawler's deviation index (a path spurs only from where it left its parent) and each spur
 * search bounded by the worst candidate still usable, this is what keeps searches near hubs cheap
 * (shared/notes/traversal-engine.md).
 */
import { type Scratch, type Topology, TYPE_MASK } from './snapshot.js';

export interface PathQuery {
  /** 1..6 */
  maxHops: number;
  /** 1..10 */
  k: number;
  /** Type codes allowed, either direction. */
  types: readonly number[];
  /** Kind codes allowed for every node but the two ends. */
  via: readonly number[];
  /** Work units (adjacency entries scanned); DEFAULT_PATH_BUDGET if absent. */
  budget?: number;
}

export interface PathAnswer {
  /** Node paths, s first: shortest first, then in lexicographic order of node ints. */
  paths: number[][];
  /** Every path of at most this many hops is among `paths` (or k shorter ones are). */
  exhaustiveHops: number;
  /** The budget stopped the search before it proved the answer. */
  truncated: boolean;
  /** Adjacency entries scanned. */
  work: number;
}

/**
 * At 1M nodes / 2.5M relationships (bench/results/topology-1000000.md) the costliest of 1000 random
 * searches, k = 10, ≤ 6 hops, scanned about 0.56M entries: this is seven times that, and bounds a
 * pathological search to some hundreds of milliseconds.
 */
export const DEFAULT_PATH_BUDGET = 4_000_000;

/** Thrown inside a search when the budget runs out. */
class Exhausted {}
const EXHAUSTED = new Exhausted();

const maskOf = (codes: readonly number[]) =>
  codes.reduce((mask, c) => (Number.isInteger(c) && c >= 0 && c < 31 ? mask | (1 << c) : mask), 0);

class SpurSearch {
  work = 0;
  /** After a search: no path of at most this many hops exists (through what it was allowed). */
  provenNone = 0;
  private readonly scratch: Scratch;

  constructor(
    readonly t: Topology,
    readonly typeMask: number,
    readonly viaMask: number,
    readonly target: number,
    private readonly budget: number,
  ) {
    this.scratch = t.scratch();
  }

  /**
   * The shortest path spur → target of at most `maxLen` hops, avoiding `banned` nodes and the steps
   * from spur to `bannedNext`; the first found of that length, deterministically.
   */
  run(spur: number, banned: readonly number[], bannedNext: readonly number[], maxLen: number): number[] | undefined {
    const { t, typeMask, viaMask, target } = this;
    const s = this.scratch;
    if (s.epoch >= 0x1fffffff) {
      s.mark.fill(0);
      s.epoch = 0;
    }
    const base = ++s.epoch * 4;
    const FWD = base + 1;
    const BWD = base + 2;
    const { mark, parent } = s;
    mark[spur] = FWD;
    parent[spur] = -1;
    mark[target] = BWD;
    parent[target] = -1;
    for (const b of banned) mark[b] = base + 3;
    let fwd = [spur];
    let bwd = [target];
    let fwdSum = t.degree(spur);
    let bwdSum = t.degree(target);
    let a = 0;
    let b = 0;
    for (;;) {
      this.provenNone = a + b;
      if (a + b + 1 > maxLen || fwd.length === 0 || bwd.length === 0) return undefined;
      const forward = fwdSum <= bwdSum;
      const own = forward ? FWD : BWD;
      const other = forward ? BWD : FWD;
      // Nodes reached on the last level allowed cannot lead anywhere in time: only meetings count.
      const last = a + b + 1 === maxLen;
      const next: number[] = [];
      let nextSum = 0;
      for (const u of forward ? fwd : bwd) {
        const e = t.entries(u);
        if (this.work + e.end - e.start > this.budget) throw EXHAUSTED;
        this.work += e.end - e.start;
        const { neighbours, types } = e;
        for (let i = e.start; i < e.end; i++) {
          if (((typeMask >>> (types[i]! & TYPE_MASK)) & 1) === 0) continue;
          const v = neighbours[i]!;
          const m = mark[v]!;
          if (m === other) {
            if ((u === spur && bannedNext.includes(v)) || (v === spur && bannedNext.includes(u))) continue;
            return forward ? this.chain(u, v) : this.chain(v, u);
          }
          if (m > base || last) continue;
          if (((viaMask >>> t.kindOf(v)) & 1) === 0) continue;
          if (u === spur && bannedNext.includes(v)) continue;
          mark[v] = own;
          parent[v] = u;
          next.push(v);
          nextSum += t.degree(v);
        }
      }
      if (forward) {
        fwd = next;
        fwdSum = nextSum;
        a++;
      } else {
        bwd = next;
        bwdSum = nextSum;
        b++;
      }
    }
  }

  /** The path spur … x, y … target, through the parents of each side. */
  private chain(x: number, y: number): number[] {
    const { parent } = this.scratch;
    const path: number[] = [];
    for (let u = x; u !== -1; u = parent[u]!) path.push(u);
    path.reverse();
    for (let u = y; u !== -1; u = parent[u]!) path.push(u);
    return path;
  }
}

interface Found {
  nodes: number[];
  /** Where it left the path it was found from (Lawler): it spurs only from there on. */
  deviation: number;
}

const byLengthThenNodes = (x: readonly number[], y: readonly number[]) => {
  if (x.length !== y.length) return x.length - y.length;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
};

const samePrefix = (x: readonly number[], y: readonly number[], through: number) => {
  for (let i = 0; i <= through; i++) if (x[i] !== y[i]) return false;
  return true;
};

export function kShortestPaths(t: Topology, s: number, target: number, q: PathQuery): PathAnswer {
  const { maxHops, k } = q;
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 6) throw new RangeError(`maxHops must be 1 to 6, not ${maxHops}`);
  if (!Number.isInteger(k) || k < 1 || k > 10) throw new RangeError(`k must be 1 to 10, not ${k}`);
  for (const node of [s, target]) {
    if (!Number.isInteger(node) || node < 0 || node >= t.nodeCount) throw new RangeError(`no node ${node}`);
  }
  const budget = q.budget ?? DEFAULT_PATH_BUDGET;
  const typeMask = maskOf(q.types);
  if (s === target || typeMask === 0) return { paths: [], exhaustiveHops: maxHops, truncated: false, work: 0 };
  const search = new SpurSearch(t, typeMask, maskOf(q.via), target, budget);
  const accepted: Found[] = [];
  const answer = (truncated: boolean, exhaustiveHops: number): PathAnswer => ({
    paths: accepted.map((f) => f.nodes).sort(byLengthThenNodes),
    exhaustiveHops,
    truncated,
    work: search.work,
  });
  try {
    const first = search.run(s, [], [], maxHops);
    if (!first) return answer(false, maxHops);
    accepted.push({ nodes: first, deviation: 0 });
    // Sorted, and only as many as can still be used: k - accepted.length.
    const candidates: Found[] = [];
    const known = new Set([first.join()]);
    while (accepted.length < k) {
      const p = accepted[accepted.length - 1]!.nodes;
      const need = k - accepted.length;
      for (let i = accepted[accepted.length - 1]!.deviation; i < p.length - 1; i++) {
        // A spur path no shorter than the worst usable candidate could only replace it by a tie.
        const worst = candidates.length >= need ? candidates[need - 1]!.nodes.length - 1 : maxHops + 1;
        const maxLen = Math.min(maxHops, worst - 1) - i;
        if (maxLen < 1) break;
        const bannedNext: number[] = [];
        for (const f of accepted) if (f.nodes.length > i + 1 && samePrefix(f.nodes, p, i)) bannedNext.push(f.nodes[i + 1]!);
        const spur = search.run(p[i]!, p.slice(0, i), bannedNext, maxLen);
        if (!spur) continue;
        const nodes = p.slice(0, i).concat(spur);
        const key = nodes.join();
        if (known.has(key)) continue;
        known.add(key);
        const found = { nodes, deviation: i };
        let at = candidates.length;
        while (at > 0 && byLengthThenNodes(candidates[at - 1]!.nodes, nodes) > 0) at--;
        candidates.splice(at, 0, found);
        if (candidates.length > need) candidates.length = need;
      }
      const best = candidates.shift();
      if (!best) break;
      accepted.push(best);
    }
    return answer(false, maxHops);
  } catch (error) {
    if (error !== EXHAUSTED) throw error;
    // The accepted paths are the shortest there are, in order: every shorter path is among them.
    const proven = accepted.length === 0 ? search.provenNone : accepted[accepted.length - 1]!.nodes.length - 2;
    return answer(true, Math.min(maxHops, proven));
  }
}
