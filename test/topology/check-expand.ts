/** The checks the expansions must pass against their oracles. */
import fc from 'fast-check';
import { expect } from 'vitest';
import { neighborhood, supplyTiers } from '../../src/topology/expand.js';
import type { Topology } from '../../src/topology/snapshot.js';
import { type Model, named, neighborhoodOracle, TYPE_POOL, tiersOracle } from './oracle.js';

/** The engine's answers by ids, to compare with the oracles'. */
export function expandAsIds(t: Topology, root: number, depth: number, types: number[], limit: number) {
  const r = neighborhood(t, root, depth, types, limit);
  return { nodes: r.nodes.map((n) => t.idOf(n)), relations: r.relations.map((rel) => named(t, rel)), truncated: r.truncated };
}

export function tiersAsIds(t: Topology, root: number, direction: 'DOWNSTREAM' | 'UPSTREAM', depth: number, limit: number) {
  return supplyTiers(t, root, direction, depth, limit).map((tier) => ({
    level: tier.level,
    nodes: tier.nodes.map((n) => t.idOf(n)),
    relations: tier.relations.map((rel) => named(t, rel)),
  }));
}

export interface ExpandQuery {
  depth: number;
  limit: number;
  types: number[];
  direction: 'DOWNSTREAM' | 'UPSTREAM';
}

export const expandQueryArb: fc.Arbitrary<ExpandQuery> = fc.record({
  depth: fc.integer({ min: 0, max: 4 }),
  limit: fc.integer({ min: 1, max: 12 }),
  types: fc.subarray(TYPE_POOL),
  direction: fc.constantFrom('DOWNSTREAM' as const, 'UPSTREAM' as const),
});

export function checkExpansions(t: Topology, model: Model, root: number, q: ExpandQuery) {
  const id = t.idOf(root);
  expect(expandAsIds(t, root, q.depth, q.types, q.limit)).toEqual(neighborhoodOracle(model, id, q.depth, q.types, q.limit));
  expect(tiersAsIds(t, root, q.direction, q.depth, q.limit)).toEqual(tiersOracle(model, id, q.direction, q.depth, q.limit));
}
