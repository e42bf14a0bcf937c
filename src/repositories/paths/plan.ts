/** The path search's cost model: what the next round trip should read. */

import type { PathSearchSettings } from '../../core/path-search.js';
import type { Escape, KnownGraph } from './known.js';

/** What one round trip reads, by local index, and what it is estimated to cost. */
export interface Plan {
  cost: number;
  /** Nodes to expand. */
  expand: Set<number>;
  /** Node sets between which every relationship (level 2), or every common neighbour too (3), is to be read. */
  joins: { from: number[]; to: number[]; level: 2 | 3 }[];
  /** Pairs of hubs to check for a relationship between them. */
  pairs: [number, number][];
}

/**
 * What to read next so that no path of `target` hops can hide among unread relationships: for each
 * pair of node sets a path could leave and re-enter by, either side expanded, or, when the gap
 * needed is 2 or 3, light nodes expanded and the hubs of both sides joined in Neo4j.
 */
export function planRoundTrip(known: KnownGraph, escapes: Escape[], target: number, settings: PathSearchSettings): Plan {
  const heavy = (n: number) => !known.expanded[n] && known.degree[n]! > settings.heavy;
  const weight = (n: number) => (known.expanded[n] ? 0 : known.degree[n]! >= 0 ? known.degree[n]! : settings.guess);
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
      { cost: sum(a) * settings.ship, apply: () => expand(a) },
      { cost: sum(b) * settings.ship, apply: () => expand(b) },
    ];
    if (level === 2 || level === 3) {
      const factor = level === 3 ? settings.commonFactor : 1;
      const join = (from: number[], to: number[]): Option => ({
        cost: from.reduce((c, n) => c + weight(n) * (1 + (known.joined.get(n) ?? 0)), 0) * factor,
        apply: () => {
          if (from.length > 0 && to.length > 0) plan.joins.push({ from, to, level });
        },
      });
      const hubs = [join(ha, hb), join(hb, ha)];
      if (level === 2) {
        hubs.push({
          cost: ha.length * hb.length * settings.pair,
          apply: () => {
            for (const x of ha) for (const y of hb) if (x !== y) plan.pairs.push([x, y]);
          },
        });
      }
      const joinHubs = cheapest(hubs);
      const ship = settings.ship;
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
    if (sum(light) <= settings.batch) expand(light);
  }
  return plan;
}
