/**
 * One search for the k shortest simple paths (no node twice) of at most `maxHops` hops between two
 * entities, over relationships of `types` in either direction, every node but the two ends of a kind
 * in `via`.
 *
 * Neo4j's `SHORTEST k` answers this in seconds at a million entities: its search expands the hubs
 * (parks, funds and customers with thousands of relationships) that almost every path crosses. This
 * search reads the graph a little at a time instead, from both ends, and keeps in memory what it has
 * read (known.ts): the relationships of the nodes it has expanded. Every relationship of a path it has
 * not read must leave an unexpanded node u1 at distance d(s, u1) over read relationships and come back
 * to an unexpanded node u2 at distance d(u2, t), so such a path has at least d(s, u1) + gap + d(u2, t)
 * hops, where the gap is 1, or 2 once every relationship between u1 and u2 is known, or 3 once their
 * common neighbours are known too. Paths shorter than the smallest such sum are all among the read
 * relationships: they are enumerated, and when k of them are proven shortest, the search stops. Until
 * then each round trip (statements.ts) raises that bound by the cheapest means (plan.ts): expanding
 * light nodes, asking Neo4j whether two hubs are related or which neighbours they share (without
 * shipping their neighbours), and expanding a hub only when that costs less.
 */

import type { PathSearchSettings } from '../../core/path-search.js';
import type { Kind, RelationType } from '../../core/schema.js';
import type { Database } from '../../db/database.js';
import { type EntityRecord, type RelationRecord, toEntity, toRelation } from '../records.js';
import { type JoinSets, KnownGraph, type Nid } from './known.js';
import { type Plan, planRoundTrip } from './plan.js';
import { PathStatements } from './statements.js';

export interface PathRecord {
  nodeIds: string[];
  relations: RelationRecord[];
}

export class PathSearch {
  private readonly statements: PathStatements;
  private known: KnownGraph | undefined;

  constructor(
    db: Database,
    types: readonly RelationType[],
    via: readonly Kind[],
    private readonly settings: PathSearchSettings,
  ) {
    this.statements = new PathStatements(db, types, via, settings.heavy);
  }

  /** Relationships read so far (the search's cost, the unit of its budget). */
  get reads() {
    return this.known?.reads ?? 0;
  }

  /** The node paths found, shortest first, by Neo4j id; `exhaustiveHops` and `truncated` as in PathSearchResult. */
  async run(from: string, to: string, maxHops: number, k: number) {
    const first = await this.statements.firstLevels(from, to);
    const sNid = first.ends.find((row) => row.key === from)?.nid;
    const tNid = first.ends.find((row) => row.key === to)?.nid;
    if (sNid === undefined || tNid === undefined) return { paths: [], exhaustiveHops: maxHops, truncated: false };
    const known = new KnownGraph([sNid, tNid]);
    this.known = known;
    known.ingest(first.ends);
    known.ingest(first.next);

    const paths: number[][] = [];
    let exhaustiveHops = 0;
    const done = (found: number[][], truncated: boolean) => ({
      paths: found.map((path) => path.map((n) => known.nids[n]!)),
      exhaustiveHops: truncated ? exhaustiveHops : maxHops,
      truncated,
    });
    for (let round = 0; ; round++) {
      const fromS = known.distances(known.s, maxHops);
      const toT = known.distances(known.t, maxHops);
      const { bound, escapes } = known.escapes(fromS, toT, maxHops);
      // Paths through a node not scanned yet (its kind unknown) wait until it is: a length is settled
      // when its paths are all known, or when enough of them are.
      const verify = new Set<number>();
      let target = exhaustiveHops + 1;
      for (let length = exhaustiveHops + 1; length <= bound && paths.length < k; length++) {
        const found = known.enumerate(length, fromS, toT, k - paths.length, verify);
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
        const longer = known.enumerate(exhaustiveHops + 1, fromS, toT, k - paths.length, verify).paths;
        if (paths.length + longer.length >= k) return done([...paths, ...longer], false);
      }
      const plan = planRoundTrip(known, escapes, target, this.settings);
      for (const n of verify) {
        if (plan.expand.has(n)) continue;
        plan.expand.add(n);
        plan.cost += this.settings.guess;
      }
      if (plan.cost === 0 || known.reads + plan.cost > this.settings.budget || round >= 64) return done(paths, true);
      await this.execute(known, plan);
    }
  }

  /** One round trip: the plan's nodes expanded, its joins and pairs read, and all of it remembered. */
  private async execute(known: KnownGraph, plan: Plan) {
    const { settings } = this;
    const nids = (list: Iterable<number>) => [...list].map((n) => known.nids[n]!);
    const full = [...plan.expand].filter((n) => known.degree[n]! > settings.heavy);
    // A relationship to an expanded node is known already: its hubs are not shipped again with
    // each of their neighbours.
    const skip: number[] = [];
    for (let n = 0; n < known.nids.length; n++) if (known.expanded[n] && known.degree[n]! >= settings.skip) skip.push(n);
    const union = (level: 2 | 3, side: 'from' | 'to') => [...new Set(plan.joins.filter((j) => j.level === level).flatMap((j) => j[side]))];
    const sets: JoinSets = { direct: union(2, 'from'), directTo: union(2, 'to'), common: union(3, 'from'), commonTo: union(3, 'to') };
    const degrees = (list: number[]) => list.reduce((c, n) => c + Math.max(0, known.degree[n]!), 0);
    known.reads += degrees(sets.direct) + degrees(sets.common) * settings.commonFactor + plan.pairs.length * settings.pair;
    const { scanned, found } = await this.statements.expandAndJoin({
      nodes: nids(plan.expand),
      full: nids(full),
      skip: nids(skip),
      ends: known.ends,
      direct: nids(sets.direct),
      directTo: nids(sets.directTo),
      common: nids(sets.common),
      commonTo: nids(sets.commonTo),
      pairs: plan.pairs.map(([x, y]) => [known.nids[x]!, known.nids[y]!]),
    });
    known.ingest(scanned);
    for (const [x, y] of found) known.link(known.local(x), known.local(y));
    known.noteJoins(sets, plan.pairs);
  }

  /**
   * Each node path as relationship paths (parallel relationships make several), the first k, with
   * the entities on them; relationship properties only if `withProps`.
   */
  async relationshipsOf(nodePaths: Nid[][], k: number, withProps: boolean): Promise<{ paths: PathRecord[]; entities: EntityRecord[] }> {
    if (nodePaths.length === 0) return { paths: [], entities: [] };
    const hops = new Map<string, [Nid, Nid]>();
    for (const path of nodePaths) for (let i = 1; i < path.length; i++) hops.set(`${path[i - 1]}:${path[i]}`, [path[i - 1]!, path[i]!]);
    const row = await this.statements.readPaths([...new Set(nodePaths.flat())], [...hops.values()], withProps);
    const entities = new Map<Nid, EntityRecord>();
    for (const [nid, props] of row.nodes) entities.set(nid, toEntity(props));
    const between = new Map<string, RelationRecord[]>();
    for (const [a, b, rels] of row.hops) {
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
