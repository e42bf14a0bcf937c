/** The k shortest paths between two entities. */
import pLimit, { type LimitFunction } from 'p-limit';
import { KINDS, type Kind, RELATION_TYPES, type RelationType } from '../core/schema.js';
import { type Database, int } from '../db/database.js';
import { type EntityRecord, type RelationRecord, toEntity, toRelation } from './records.js';

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
  /** Relationships the search read (its cost, the unit of `budget`). */
  reads: number;
}

/**
 * The path search's tuning. Its unit of cost is a relationship read in Neo4j.
 * - `heavy`: a node with more relationships is not expanded as a matter of course: paths usually
 *   meet at such hubs, and the search expands one only when no cheaper way to rule paths in or out is left;
 * - `guess`: the degree assumed for a node not read yet;
 * - `pair`: checking two given hubs for a relationship between them, about;
 * - `batch`: light neighbours expanded in the same round trip although not strictly needed yet;
 * - `commonFactor`: finding the common neighbours of hubs reads the relationships of each neighbour too;
 * - `ship`: expanding a node ships its neighbours to the application, a join only what it finds;
 * - `skip`: expanded nodes with this many relationships are not shipped again as their neighbours' neighbour;
 * - `budget`: relationships a search may read; past it, the answer says it is not exhaustive;
 * - `concurrency`: searches running at once (KG_PATH_SEARCHES); the others wait their turn. A search
 *   keeps Neo4j busy most of its time: at a million entities on 2 cores, 2 at once answer 8 clients
 *   as fast as 8 at once (30-32 req/s, p99 0.5-0.6 s) with 40 MB less memory.
 * (Measured at a million entities: the defaults are within a few percent of the best settings tried.)
 */
export const PATH_SEARCH = {
  heavy: 100,
  guess: 5,
  pair: 100,
  batch: 1_500,
  commonFactor: 5,
  ship: 1.5,
  skip: 20,
  budget: 2_000_000,
  concurrency: 2,
};

/**
 * Neo4j's internal node id (`id()`, deprecated in Neo4j 5 but still the only compact handle): it is
 * read without touching the node, and on the wire it is a number where an elementId is a 40-byte
 * string, which matters when a hub's thousands of neighbours are shipped. It is never kept beyond one
 * search; the paths found are reported with the entities' own ids.
 */
type Nid = number;

type ScanRow = { nid: number; ok: boolean; degree: number; ms: number[] | null };

/**
 * The k shortest simple paths (no node twice) of at most `maxHops` hops between two entities, over
 * relationships of `types` in either direction, every node but the two ends of a kind in `via`.
 *
 * Neo4j's `SHORTEST k` answers this in seconds at a million entities: its search expands the hubs
 * (parks, funds and customers with thousands of relationships) that almost every path crosses. This
 * search reads the graph a little at a time instead, from both ends, and keeps in memory what it has
 * read: the relationships of the nodes it has expanded. Every relationship of a path it has not read
 * must leave an unexpanded node u1 at distance d(s, u1) over read relationships and come back to an
 * unexpanded node u2 at distance d(u2, t), so such a path has at least d(s, u1) + gap + d(u2, t) hops,
 * where the gap is 1, or 2 once every relationship between u1 and u2 is known, or 3 once their common
 * neighbours are known too. Paths shorter than the smallest such sum are all among the read
 * relationships: they are enumerated, and when k of them are proven shortest, the search stops. Until
 * then each round trip raises that bound by the cheapest means: expanding light nodes, asking Neo4j
 * whether two hubs are related or which neighbours they share (without shipping their neighbours), and
 * expanding a hub only when that costs less.
 */
export async function kShortestPaths(
  db: Database,
  from: string,
  to: string,
  options: {
    maxHops: number;
    k: number;
    types: readonly RelationType[];
    via: readonly Kind[];
    /** Read the relationships' properties and evidence (default true). */
    relationProps?: boolean;
    budget?: number;
  },
): Promise<PathSearchResult> {
  const { maxHops, k } = options;
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 6) throw new RangeError(`maxHops must be 1 to 6, not ${maxHops}`);
  if (!Number.isInteger(k) || k < 1 || k > 10) throw new RangeError(`k must be 1 to 10, not ${k}`);
  const types = RELATION_TYPES.filter((t) => options.types.includes(t));
  if (from === to || types.length === 0) return { paths: [], entities: [], exhaustiveHops: maxHops, truncated: false, reads: 0 };
  const run = async () => {
    const search = new PathSearch(db, types, options.via, options.budget ?? PATH_SEARCH.budget);
    const found = await search.run(from, to, maxHops, k);
    const { paths, entities } = await search.relationshipsOf(found.paths, k, options.relationProps ?? true);
    return { paths, entities, exhaustiveHops: found.exhaustiveHops, truncated: found.truncated, reads: search.reads };
  };
  // Neo4j plans the search's statements on first use (about 2 s on a fresh server) and caches the
  // plans. Fifty searches arriving together on a cold server would each plan them again (9 s for all,
  // measured): the first search on a database goes alone, the others start once it has finished.
  const first = firstSearch.get(db);
  let limit = searchLimit.get(db);
  if (!limit) {
    limit = pLimit(PATH_SEARCH.concurrency);
    searchLimit.set(db, limit);
  }
  if (first) await first;
  else {
    const running = limit(run);
    firstSearch.set(
      db,
      running.then(
        () => undefined,
        () => firstSearch.delete(db),
      ),
    );
    return running;
  }
  return limit(run);
}

const firstSearch = new WeakMap<Database, Promise<unknown>>();
/** PATH_SEARCH.concurrency searches at once per database. */
const searchLimit = new WeakMap<Database, LimitFunction>();

type Escape = { a: number[]; b: number[]; hops: number; minimum: number };
type Plan = { cost: number; expand: Set<number>; joins: { from: number[]; to: number[]; level: 2 | 3 }[]; pairs: [number, number][] };

/** Whether a node may be on a path: not known until the node is scanned (scans do not read neighbours' kinds). */
const UNKNOWN = 0;
const ELIGIBLE = 1;
const EXCLUDED = 2;
type Eligibility = typeof UNKNOWN | typeof ELIGIBLE | typeof EXCLUDED;

/** A relationship's key in the set of those read: two local indices, which stay far below 2^26 within a budget. */
const EDGE_KEY = 2 ** 26;

/**
 * One search's state. Nodes get local indices, dense from 0, so that its bookkeeping is arrays; their
 * Neo4j ids only go back and forth with Neo4j.
 */
class PathSearch {
  private readonly index = new Map<Nid, number>();
  private readonly nids: Nid[] = [];
  /** Relationships read so far, as adjacency: those of expanded nodes, and those joins found. */
  private readonly adj: number[][] = [];
  private readonly edges = new Set<number>();
  /** Relationships (allowed neighbours, for a light node) once read; -1 before. */
  private readonly degree: number[] = [];
  private readonly expanded: boolean[] = [];
  /** Joins a hub has been read in: a second is a sign that expanding it once would have been cheaper. */
  private readonly joined = new Map<number, number>();
  private readonly eligible: Eligibility[] = [];
  /** How much of each node's adjacency is sorted by Neo4j id (for a stable order of paths). */
  private readonly sortedUpTo: number[] = [];
  /** Node sets between which every relationship (level 2), and every common neighbour too (3), is known. */
  private readonly joins: { from: Set<number>; to: Set<number>; level: 2 | 3 }[] = [];
  /** Pairs of hubs checked for a relationship between them, by EDGE_KEY. */
  private readonly pairsChecked = new Set<number>();
  private readonly ids = new Map<Nid, string>();
  private ends: Nid[] = [];
  private s = -1;
  private t = -1;
  private cost = 0;
  private readonly rel: string;
  private readonly allowed: (node: string) => string;
  private readonly related: string;

  constructor(
    private readonly db: Database,
    types: readonly RelationType[],
    via: readonly Kind[],
    private readonly budget: number,
  ) {
    // Types and kinds come from the ontology's lists (validated enums), never from the request's text.
    const kinds = KINDS.filter((kind) => via.includes(kind));
    this.rel = types.length === RELATION_TYPES.length ? '' : `:${types.join('|')}`;
    this.allowed = (node) => (kinds.length === 0 ? 'false' : `${node}:${kinds.join('|')}`);
    // One existence test per type and direction, so that Neo4j reads the smaller of the two hubs'
    // relationship groups of that type (one undirected test of any type reads a whole hub).
    this.related = types.flatMap((t) => [`EXISTS { (a)-[:${t}]->(b) }`, `EXISTS { (a)<-[:${t}]-(b) }`]).join(' OR ');
  }

  get reads() {
    return this.cost;
  }

  /**
   * A node's kind check and its neighbours, read along its relationships only (not the neighbours'
   * records, as a kind test on each would: that halves the cost, and each neighbour's kind is read
   * once, when it is scanned in turn): at most `$limit` of them unless it is in `$full`, so that
   * meeting a hub costs a hundred relationships, not its thousands.
   */
  private scanColumns(ends: string, carry = '', filter = 'true') {
    const neighbours = `MATCH (n)-[${this.rel}]-(m) WHERE ${filter} RETURN id(m)`;
    return `WITH n, nid${carry}, nid IN ${ends} OR ${this.allowed('n')} AS ok
       WITH n, nid${carry}, ok, CASE WHEN NOT ok THEN [] WHEN nid IN $full THEN COLLECT { ${neighbours} } ELSE COLLECT { ${neighbours} LIMIT $limit } END AS ms
       WITH n, nid${carry}, ok, ms, ok AND size(ms) >= $limit AND NOT nid IN $full AS heavy
       WITH nid${carry}, ok, CASE WHEN heavy THEN COUNT { (n)-[${this.rel}]-() } ELSE size(ms) END AS degree,
         CASE WHEN heavy OR NOT ok THEN null ELSE ms END AS ms`;
  }

  async run(from: string, to: string, maxHops: number, k: number) {
    // The ends, and the neighbours of light ones: every search's first two levels, in one round trip.
    const [first] = await this.db.read<{
      ends: [string, number, boolean, number, number[] | null][];
      next: [number, boolean, number, number[] | null][];
    }>(
      `MATCH (x:Entity) WHERE x.id IN [$from, $to]
       WITH collect(x) AS found
       WITH found, [x IN found | id(x)] AS ends
       CALL (found, ends) {
         UNWIND found AS n
         WITH n, id(n) AS nid, n.id AS key, ends
         ${this.scanColumns('ends', ', key, ends')}
         RETURN collect([key, nid, ok, degree, ms]) AS scanned
       }
       CALL (scanned, ends) {
         WITH scanned, ends, [row IN scanned WHERE row[4] IS NOT NULL | row[1]] AS expanded
         UNWIND scanned AS row
         UNWIND coalesce(row[4], []) AS nid
         WITH DISTINCT nid, ends, expanded WHERE NOT nid IN ends
         MATCH (n) WHERE id(n) = nid
         ${this.scanColumns('ends', ', ends, expanded', 'NOT id(m) IN expanded')}
         RETURN collect([nid, ok, degree, ms]) AS next
       }
       RETURN scanned AS ends, next`,
      { from, to, full: [-1], limit: int(PATH_SEARCH.heavy + 1) },
    );
    const rows = (first?.ends ?? []).map(([key, nid, ok, degree, ms]) => ({ key, nid, ok, degree, ms }));
    const sNid = rows.find((row) => row.key === from)?.nid;
    const tNid = rows.find((row) => row.key === to)?.nid;
    if (sNid === undefined || tNid === undefined) return { paths: [], exhaustiveHops: maxHops, truncated: false };
    this.ends = [sNid, tNid];
    this.ids.set(sNid, from).set(tNid, to);
    this.s = this.local(sNid);
    this.t = this.local(tNid);
    this.ingest(rows);
    this.ingest((first?.next ?? []).map(([nid, ok, degree, ms]) => ({ nid, ok, degree, ms })));

    const paths: number[][] = [];
    let exhaustiveHops = 0;
    const done = (found: number[][], truncated: boolean) => ({
      paths: found.map((path) => path.map((n) => this.nids[n]!)),
      exhaustiveHops: truncated ? exhaustiveHops : maxHops,
      truncated,
    });
    for (let round = 0; ; round++) {
      const fromS = this.distances(this.s, maxHops);
      const toT = this.distances(this.t, maxHops);
      const { bound, escapes } = this.escapes(fromS, toT, maxHops);
      // Paths through a node not scanned yet (its kind unknown) wait until it is: a length is settled
      // when its paths are all known, or when enough of them are.
      const verify = new Set<number>();
      let target = exhaustiveHops + 1;
      for (let length = exhaustiveHops + 1; length <= bound && paths.length < k; length++) {
        const found = this.enumerate(length, fromS, toT, k - paths.length, verify);
        if (found.paths.length < k - paths.length && verify.size > 0) {
          // Should these paths not be enough, the next length needs work too: in the same round trip.
          if (paths.length + found.paths.length + found.pending < k) target = Math.min(bound + 1, maxHops);
          break;
        }
        paths.push(...found.paths);
        exhaustiveHops = length;
        target = exhaustiveHops + 1;
      }
      if (paths.length >= k || exhaustiveHops >= maxHops) return done(paths, false);
      if (verify.size === 0) {
        // All paths up to exhaustiveHops are known and fewer than k: any k - paths.length paths of
        // one hop more complete the answer, whether or not all of those are known yet.
        const longer = this.enumerate(exhaustiveHops + 1, fromS, toT, k - paths.length, verify).paths;
        if (paths.length + longer.length >= k) return done([...paths, ...longer], false);
      }
      const plan = this.plan(escapes, target);
      for (const n of verify) {
        if (plan.expand.has(n)) continue;
        plan.expand.add(n);
        plan.cost += PATH_SEARCH.guess;
      }
      if (plan.cost === 0 || this.cost + plan.cost > this.budget || round >= 64) return done(paths, true);
      await this.execute(plan);
    }
  }

  private local(n: Nid) {
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

  private link(a: number, b: number) {
    const key = a < b ? a * EDGE_KEY + b : b * EDGE_KEY + a;
    if (a === b || this.edges.has(key)) return;
    this.edges.add(key);
    this.adj[a]!.push(b);
    this.adj[b]!.push(a);
  }

  private ingest(rows: ScanRow[]) {
    for (const row of rows) {
      const n = this.local(row.nid);
      this.degree[n] = row.degree;
      this.eligible[n] = row.ok ? ELIGIBLE : EXCLUDED;
      if (row.ms === null) continue;
      this.cost += row.degree;
      this.expanded[n] = true;
      for (const m of row.ms) this.link(n, this.local(m));
    }
  }

  /** Hops from `root` over the relationships read, never through either end; -1 when not reached. */
  private distances(root: number, limit: number) {
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
  private escapes(fromS: Int8Array, toT: Int8Array, maxHops: number) {
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
  private enumerate(length: number, fromS: Int8Array, toT: Int8Array, wanted: number, verify: Set<number>) {
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

  /**
   * What to read next so that no path of `target` hops can hide among unread relationships: for each
   * pair of node sets a path could leave and re-enter by, either side expanded, or, when the gap
   * needed is 2 or 3, light nodes expanded and the hubs of both sides joined in Neo4j.
   */
  private plan(escapes: Escape[], target: number): Plan {
    const heavy = (n: number) => !this.expanded[n] && this.degree[n]! > PATH_SEARCH.heavy;
    const weight = (n: number) => (this.expanded[n] ? 0 : this.degree[n]! >= 0 ? this.degree[n]! : PATH_SEARCH.guess);
    const sum = (list: number[]) => list.reduce((c, n) => c + weight(n), 0);
    const plan: Plan = { cost: 0, expand: new Set(), joins: [], pairs: [] };
    const expand = (list: number[]) => {
      for (const n of list) plan.expand.add(n);
    };
    type Option = { cost: number; apply: () => void };
    const cheapest = (options: Option[]) => options.reduce((best, o) => (o.cost < best.cost ? o : best));
    for (const pair of escapes.filter((e) => e.minimum <= target).sort((x, y) => x.hops - y.hops)) {
      const a = pair.a.filter((n) => !plan.expand.has(n));
      const b = pair.b.filter((n) => !plan.expand.has(n));
      if (a.length === 0 || b.length === 0 || (a.length === 1 && b.length === 1 && a[0] === b[0])) continue;
      const level = target - pair.hops + 1;
      const [la, ha] = [a.filter((n) => !heavy(n)), a.filter(heavy)];
      const [lb, hb] = [b.filter((n) => !heavy(n)), b.filter(heavy)];
      // Expanding ships every neighbour; a join reads as much but ships only what it finds.
      const options: Option[] = [
        { cost: sum(a) * PATH_SEARCH.ship, apply: () => expand(a) },
        { cost: sum(b) * PATH_SEARCH.ship, apply: () => expand(b) },
      ];
      if (level === 2 || level === 3) {
        const factor = level === 3 ? PATH_SEARCH.commonFactor : 1;
        const join = (from: number[], to: number[]): Option => ({
          cost: from.reduce((c, n) => c + weight(n) * (1 + (this.joined.get(n) ?? 0)), 0) * factor,
          apply: () => {
            if (from.length > 0 && to.length > 0) plan.joins.push({ from, to, level });
          },
        });
        const hubs = [join(ha, hb), join(hb, ha)];
        if (level === 2) {
          hubs.push({
            cost: ha.length * hb.length * PATH_SEARCH.pair,
            apply: () => {
              for (const x of ha) for (const y of hb) if (x !== y) plan.pairs.push([x, y]);
            },
          });
        }
        const joinHubs = cheapest(hubs);
        const ship = PATH_SEARCH.ship;
        const both = (light: number[], hubs: Option): Option => ({
          cost: sum(light) * ship + hubs.cost,
          apply: () => {
            expand(light);
            hubs.apply();
          },
        });
        options.push(both([...la, ...lb], joinHubs), both(la, join(ha, b)), both(lb, join(hb, a)));
      }
      const best = cheapest(options);
      best.apply();
      plan.cost += best.cost;
      // Light neighbours on both sides are cheap: reading them now saves a round trip later.
      const light = [...la, ...lb].filter((n) => !plan.expand.has(n));
      if (sum(light) <= PATH_SEARCH.batch) expand(light);
    }
    return plan;
  }

  /** One round trip: the nodes to expand, then the joins, in one statement. */
  private async execute(plan: Plan) {
    // Every list ends with -1, which no node has: Neo4j caches a plan per statement and parameter
    // types, and an empty list is of another type than a list of numbers, so that each new mix of
    // empty and non-empty lists would be planned anew (hundreds of milliseconds for this statement).
    const nid = (list: Iterable<number>) => [...[...list].map((n) => this.nids[n]!), -1];
    const full = [...plan.expand].filter((n) => this.degree[n]! > PATH_SEARCH.heavy);
    // A relationship to an expanded node is known already: its hubs are not shipped again with
    // each of their neighbours.
    const skip: number[] = [];
    for (let n = 0; n < this.nids.length; n++) if (this.expanded[n] && this.degree[n]! >= PATH_SEARCH.skip) skip.push(n);
    const union = (level: 2 | 3, side: 'from' | 'to') => [...new Set(plan.joins.filter((j) => j.level === level).flatMap((j) => j[side]))];
    const sets = { direct: union(2, 'from'), directTo: union(2, 'to'), common: union(3, 'from'), commonTo: union(3, 'to') };
    const degrees = (list: number[]) => list.reduce((c, n) => c + Math.max(0, this.degree[n]!), 0);
    this.cost += degrees(sets.direct) + degrees(sets.common) * PATH_SEARCH.commonFactor + plan.pairs.length * PATH_SEARCH.pair;
    const [row] = await this.db.read<{ scanned: [number, boolean, number, number[] | null][]; found: [number, number][] }>(
      `CALL () {
         UNWIND $nodes AS nid
         MATCH (n) WHERE id(n) = nid
         ${this.scanColumns('$ends', '', 'NOT id(m) IN $skip')}
         RETURN collect([nid, ok, degree, ms]) AS scanned
       }
       CALL () {
         CALL () {
           UNWIND $direct AS nid
           MATCH (a) WHERE id(a) = nid
           MATCH (a)-[${this.rel}]-(b) WHERE id(b) IN $directTo
           RETURN id(a) AS x, id(b) AS y
           UNION
           UNWIND $common AS nid
           MATCH (a) WHERE id(a) = nid
           MATCH (a)-[${this.rel}]-(m)
           WITH a, m, [(m)-[${this.rel}]-(b) WHERE id(b) IN $commonTo | id(b)] AS bs
           WHERE id(m) IN $commonTo OR (size(bs) > 0 AND (id(m) IN $ends OR ${this.allowed('m')}))
           UNWIND [[id(a), id(m)]] + [b IN bs | [id(m), b]] AS edge
           RETURN edge[0] AS x, edge[1] AS y
           UNION
           UNWIND $pairs AS pair
           MATCH (a) WHERE id(a) = pair[0]
           MATCH (b) WHERE id(b) = pair[1]
           WITH a, b WHERE ${this.related}
           RETURN id(a) AS x, id(b) AS y
         }
         RETURN collect([x, y]) AS found
       }
       RETURN scanned, found`,
      {
        nodes: nid(plan.expand),
        full: nid(full),
        skip: nid(skip),
        limit: int(PATH_SEARCH.heavy + 1),
        ends: this.ends,
        direct: nid(sets.direct),
        directTo: nid(sets.directTo),
        common: nid(sets.common),
        commonTo: nid(sets.commonTo),
        pairs: [...plan.pairs.map(([x, y]) => [this.nids[x]!, this.nids[y]!]), [-1, -1]],
      },
    );
    this.ingest((row?.scanned ?? []).map(([nid, ok, degree, ms]) => ({ nid, ok, degree, ms })));
    for (const [x, y] of row?.found ?? []) this.link(this.local(x), this.local(y));
    for (const n of [...sets.direct, ...sets.common]) this.joined.set(n, (this.joined.get(n) ?? 0) + 1);
    if (sets.direct.length > 0) this.joins.push({ from: new Set(sets.direct), to: new Set(sets.directTo), level: 2 });
    if (sets.common.length > 0) this.joins.push({ from: new Set(sets.common), to: new Set(sets.commonTo), level: 3 });
    for (const [x, y] of plan.pairs) this.pairsChecked.add(x < y ? x * EDGE_KEY + y : y * EDGE_KEY + x);
  }

  /**
   * Each node path as relationship paths (parallel relationships make several), the first k, with
   * the entities on them; relationship properties only if `withProps`.
   */
  async relationshipsOf(nodePaths: Nid[][], k: number, withProps: boolean): Promise<{ paths: PathRecord[]; entities: EntityRecord[] }> {
    if (nodePaths.length === 0) return { paths: [], entities: [] };
    const hops = new Map<string, [Nid, Nid]>();
    for (const path of nodePaths) for (let i = 1; i < path.length; i++) hops.set(`${path[i - 1]}:${path[i]}`, [path[i - 1]!, path[i]!]);
    type Hop = { type: string; out: boolean; props?: Record<string, unknown> };
    const [row] = await this.db.read<{ nodes: [Nid, Record<string, unknown>][]; hops: [Nid, Nid, Hop[]][] }>(
      `CALL () {
         UNWIND $nodes AS nid
         MATCH (n) WHERE id(n) = nid
         RETURN collect([nid, properties(n)]) AS nodes
       }
       CALL () {
         UNWIND $hops AS hop
         MATCH (a) WHERE id(a) = hop[0]
         MATCH (b) WHERE id(b) = hop[1]
         // Both ends bound: Neo4j reads the lighter end's relationships (Expand(Into)), not a hub's thousands.
         WITH hop, [(a)-[r${this.rel}]-(b) | {type: type(r), out: startNode(r) = a${withProps ? ', props: properties(r)' : ''}}] AS rels
         RETURN collect([hop[0], hop[1], rels]) AS hops
       }
       RETURN nodes, hops`,
      { nodes: [...new Set(nodePaths.flat())], hops: [...hops.values()] },
    );
    const entities = new Map<Nid, EntityRecord>();
    for (const [nid, props] of row?.nodes ?? []) entities.set(nid, toEntity(props));
    const between = new Map<string, RelationRecord[]>();
    for (const [a, b, rels] of row?.hops ?? []) {
      const [from, to] = [entities.get(a)?.id, entities.get(b)?.id];
      if (from === undefined || to === undefined) continue;
      const relations = rels
        .map((r) => toRelation({ type: r.type, from: r.out ? from : to, to: r.out ? to : from, props: r.props }))
        .sort((x, y) => x.type.localeCompare(y.type) || x.from.localeCompare(y.from));
      between.set(`${a}:${b}`, relations);
    }
    const paths: PathRecord[] = [];
    for (const path of nodePaths) {
      const choices = path.slice(1).map((n, i) => between.get(`${path[i]}:${n}`) ?? []);
      if (choices.some((c) => c.length === 0)) continue; // deleted since it was read
      const nodeIds = path.map((n) => entities.get(n)!.id);
      const walk = (i: number, relations: RelationRecord[]) => {
        if (paths.length >= k) return;
        if (i === choices.length) {
          paths.push({ nodeIds, relations });
          return;
        }
        for (const relation of choices[i]!) walk(i + 1, [...relations, relation]);
      };
      walk(0, []);
    }
    return { paths, entities: [...entities.values()] };
  }
}
