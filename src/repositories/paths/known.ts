/**
 * What one path search has read of the graph, kept in memory: nodes get local indices, dense from 0,
 * so that the bookkeeping is arrays; their Neo4j ids only go back and forth with Neo4j. No Cypher here:
 * statements.ts reads, this file remembers and reasons about what was read.
 */

/**
 * Neo4j's internal node id (`id()`, deprecated in Neo4j 5 but still the only compact handle): it is
 * read without touching the node, and on the wire it is a number where an elementId is a 40-byte
 * string, which matters when a hub's thousands of neighbours are shipped. It is never kept beyond one
 * search; the paths found are reported with the entities' own ids.
 */
export type Nid = number;

/** A scanned node: whether it may be on a path, its degree, and its neighbours when it was expanded. */
export type ScanRow = { nid: number; ok: boolean; degree: number; ms: number[] | null };

/** Unexpanded nodes a path could leave the read relationships by (a) and come back by (b). */
export type Escape = { a: number[]; b: number[]; hops: number; minimum: number };

/** Whether a node may be on a path: not known until the node is scanned (scans do not read neighbours' kinds). */
const UNKNOWN = 0;
const ELIGIBLE = 1;
const EXCLUDED = 2;
type Eligibility = typeof UNKNOWN | typeof ELIGIBLE | typeof EXCLUDED;

/** A relationship's key in the set of those read: two local indices, which stay far below 2^26 within a budget. */
const EDGE_KEY = 2 ** 26;

/** Between which node sets every relationship (level 2), and every common neighbour too (3), is known. */
export type JoinSets = { direct: number[]; directTo: number[]; common: number[]; commonTo: number[] };

export class KnownGraph {
  private readonly index = new Map<Nid, number>();
  readonly nids: Nid[] = [];
  /** Relationships read so far, as adjacency: those of expanded nodes, and those joins found. */
  private readonly adj: number[][] = [];
  private readonly edges = new Set<number>();
  /** Relationships (allowed neighbours, for a light node) once read; -1 before. */
  readonly degree: number[] = [];
  readonly expanded: boolean[] = [];
  /** Joins a hub has been read in: a second is a sign that expanding it once would have been cheaper. */
  readonly joined = new Map<number, number>();
  readonly eligible: Eligibility[] = [];
  /** How much of each node's adjacency is sorted by Neo4j id (for a stable order of paths). */
  private readonly sortedUpTo: number[] = [];
  /** Node sets between which every relationship (level 2), and every common neighbour too (3), is known. */
  private readonly joins: { from: Set<number>; to: Set<number>; level: 2 | 3 }[] = [];
  /** Pairs of hubs checked for a relationship between them, by EDGE_KEY. */
  private readonly pairsChecked = new Set<number>();
  /** The two ends' local indices. */
  readonly s: number;
  readonly t: number;
  /** Relationships read, the search's cost (the unit of its budget). */
  reads = 0;

  /** `ends`: the Neo4j ids of the search's two ends. */
  constructor(readonly ends: [Nid, Nid]) {
    this.s = this.local(ends[0]);
    this.t = this.local(ends[1]);
  }

  local(n: Nid) {
    let i = this.index.get(n);
    if (i === undefined) {
      i = this.nids.length;
      this.index.set(n, i);
      this.nids.push(n);
      this.adj.push([]);
      this.degree.push(-1);
      this.expanded.push(false);
      this.eligible.push(UNKNOWN);
    }
    return i;
  }

  link(a: number, b: number) {
    const key = a < b ? a * EDGE_KEY + b : b * EDGE_KEY + a;
    if (a === b || this.edges.has(key)) return;
    this.edges.add(key);
    this.adj[a]!.push(b);
    this.adj[b]!.push(a);
  }

  ingest(rows: ScanRow[]) {
    for (const row of rows) {
      const n = this.local(row.nid);
      this.degree[n] = row.degree;
      this.eligible[n] = row.ok ? ELIGIBLE : EXCLUDED;
      if (row.ms === null) continue;
      this.reads += row.degree;
      this.expanded[n] = true;
      for (const m of row.ms) this.link(n, this.local(m));
    }
  }

  /** Hops from `root` over the relationships read, never through either end; -1 when not reached. */
  distances(root: number, limit: number) {
    const dist = new Int8Array(this.nids.length).fill(-1);
    dist[root] = 0;
    let frontier = [root];
    for (let d = 1; d <= limit && frontier.length > 0; d++) {
      const next: number[] = [];
      for (const v of frontier) {
        if (v !== root && (v === this.s || v === this.t)) continue;
        for (const w of this.adj[v]!) {
          if (dist[w] === -1 && this.eligible[w] !== EXCLUDED) {
            dist[w] = d;
            next.push(w);
          }
        }
      }
      frontier = next;
    }
    return dist;
  }

  private gapOf(u1: number, u2: number) {
    let gap = this.pairsChecked.has(u1 < u2 ? u1 * EDGE_KEY + u2 : u2 * EDGE_KEY + u1) ? 2 : 1;
    for (const join of this.joins) {
      if (join.level <= gap) continue;
      if ((join.from.has(u1) && join.to.has(u2)) || (join.from.has(u2) && join.to.has(u1))) gap = join.level;
    }
    return gap;
  }

  /**
   * Unexpanded nodes by their distance from s (A) and to t (B), and for each pair of distances
   * (i, j), the fewest hops a path could have if it left the read relationships at an A node and came
   * back at a B node: i + j + the smallest gap. `bound`: the longest length below every such path.
   */
  escapes(fromS: Int8Array, toT: Int8Array, maxHops: number) {
    const A = Array.from({ length: maxHops + 1 }, () => [] as number[]);
    const B = Array.from({ length: maxHops + 1 }, () => [] as number[]);
    for (let n = 0; n < this.nids.length; n++) {
      if (this.expanded[n] || this.eligible[n] === EXCLUDED) continue;
      const [i, j] = [fromS[n]!, toT[n]!];
      if (i >= 0 && n !== this.t) A[i]!.push(n);
      if (j >= 0 && n !== this.s) B[j]!.push(n);
    }
    const escapes: Escape[] = [];
    let bound = maxHops;
    for (let i = 0; i < maxHops; i++) {
      const a = A[i]!;
      if (a.length === 0) continue;
      for (let j = 0; i + j < maxHops; j++) {
        const b = B[j]!;
        if (b.length === 0) continue;
        let gap = Infinity;
        search: for (const u1 of a) {
          for (const u2 of b) {
            if (u2 !== u1) gap = Math.min(gap, this.gapOf(u1, u2));
            if (gap === 1) break search;
          }
        }
        if (gap === Infinity) continue;
        escapes.push({ a, b, hops: i + j, minimum: i + j + gap });
        bound = Math.min(bound, i + j + gap - 1);
      }
    }
    return { bound, escapes };
  }

  /**
   * The simple paths of exactly `length` hops over read relationships, at most `wanted`, in a stable
   * order; the unscanned nodes of those that pass through any are added to `verify` instead.
   */
  enumerate(length: number, fromS: Int8Array, toT: Int8Array, wanted: number, verify: Set<number>) {
    const { s, t } = this;
    const out = { paths: [] as number[][], pending: 0 };
    if (toT[s]! < 0 || toT[s]! > length) return out;
    const within = (d: number, most: number) => d >= 0 && d <= most;
    const next = (v: number) => {
      const list = this.adj[v]!;
      if (this.sortedUpTo[v] !== list.length) {
        list.sort((x, y) => this.nids[x]! - this.nids[y]!);
        this.sortedUpTo[v] = list.length;
      }
      return list;
    };
    const path = [s];
    const onPath = new Uint8Array(this.nids.length);
    onPath[s] = 1;
    let unknown = 0;
    const visit = (v: number, i: number): boolean => {
      for (const w of next(v)) {
        if (w === t) {
          if (i + 1 !== length) continue;
          if (unknown === 0) {
            out.paths.push([...path, t]);
            if (out.paths.length === wanted) return true;
          } else {
            out.pending++;
            for (const n of path) if (this.eligible[n] === UNKNOWN) verify.add(n);
          }
          continue;
        }
        if (onPath[w] || this.eligible[w] === EXCLUDED || !within(fromS[w]!, i + 1) || !within(toT[w]!, length - i - 1)) continue;
        const maybe = this.eligible[w] === UNKNOWN ? 1 : 0;
        path.push(w);
        onPath[w] = 1;
        unknown += maybe;
        const done = visit(w, i + 1);
        unknown -= maybe;
        path.pop();
        onPath[w] = 0;
        if (done) return true;
      }
      return false;
    };
    visit(s, 0);
    return out;
  }

  /** After a round trip: the joins and pairs it read, which raise the gaps between their nodes. */
  noteJoins(sets: JoinSets, pairs: [number, number][]) {
    for (const n of [...sets.direct, ...sets.common]) this.joined.set(n, (this.joined.get(n) ?? 0) + 1);
    if (sets.direct.length > 0) this.joins.push({ from: new Set(sets.direct), to: new Set(sets.directTo), level: 2 });
    if (sets.common.length > 0) this.joins.push({ from: new Set(sets.common), to: new Set(sets.commonTo), level: 3 });
    for (const [x, y] of pairs) this.pairsChecked.add(x < y ? x * EDGE_KEY + y : y * EDGE_KEY + x);
  }
}
