/** k shortest simple paths against brute-force enumeration, on random small graphs with hubs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kShortestPaths, type PathQuery } from '../../src/topology/paths.js';
import { Topology } from '../../src/topology/snapshot.js';
import { checkPaths } from './check-paths.js';
import { buildSpec, modelOf, specArb, TYPE_POOL } from './oracle.js';

const ALL_KINDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const queryArb = fc.record({
  maxHops: fc.integer({ min: 1, max: 6 }),
  k: fc.integer({ min: 1, max: 10 }),
  // Mostly every type and most kinds, so that many paths exist and k matters; sometimes few.
  types: fc.oneof({ arbitrary: fc.constant(TYPE_POOL), weight: 2 }, { arbitrary: fc.subarray(TYPE_POOL, { minLength: 1 }), weight: 1 }),
  via: fc.oneof(
    { arbitrary: fc.constant(ALL_KINDS), weight: 2 },
    { arbitrary: fc.subarray(ALL_KINDS, { minLength: 7 }), weight: 2 },
    { arbitrary: fc.subarray(ALL_KINDS), weight: 1 },
  ),
});

describe('kShortestPaths', () => {
  it('finds the k shortest simple paths, as brute force does', () => {
    fc.assert(
      fc.property(specArb(13, 4), queryArb, fc.nat(), fc.nat(), (spec, q, i, j) => {
        const t = buildSpec(spec);
        const model = modelOf(spec);
        const [s, target] = [i % t.nodeCount, j % t.nodeCount];
        const answer = kShortestPaths(t, s, target, q);
        expect(answer.truncated).toBe(false);
        const oracle = checkPaths(t, model, s, target, q, answer);
        expect(answer.paths.length).toBe(Math.min(q.k, oracle.length));
      }),
      { numRuns: 1000 },
    );
  });

  it('says when a budget cut the search, and what it still proved', () => {
    let cut = 0;
    fc.assert(
      fc.property(specArb(13, 4), queryArb, fc.nat(), fc.nat(), fc.integer({ min: 0, max: 60 }), (spec, q, i, j, budget) => {
        const t = buildSpec(spec);
        const [s, target] = [i % t.nodeCount, j % t.nodeCount];
        const answer = kShortestPaths(t, s, target, { ...q, budget });
        if (answer.truncated) cut++;
        expect(answer.work).toBeLessThanOrEqual(budget);
        checkPaths(t, modelOf(spec), s, target, q, answer);
      }),
      { numRuns: 500 },
    );
    expect(cut).toBeGreaterThan(30);
  });

  it('returns nothing from a node to itself, or over no type', () => {
    const t = buildSpec({ ids: ['a', 'b'], kinds: [0, 0], edges: [[0, 1, 0]] });
    const q: PathQuery = { maxHops: 3, k: 3, types: [0], via: [0] };
    expect(kShortestPaths(t, 0, 0, q)).toEqual({ paths: [], exhaustiveHops: 3, truncated: false, work: 0 });
    expect(kShortestPaths(t, 0, 1, { ...q, types: [] }).paths).toEqual([]);
    expect(kShortestPaths(t, 0, 1, q).paths).toEqual([[0, 1]]);
    expect(() => kShortestPaths(t, 0, 2, q)).toThrow(RangeError);
    expect(() => kShortestPaths(t, 0, 1, { ...q, maxHops: 7 })).toThrow(RangeError);
    expect(() => kShortestPaths(t, 0, 1, { ...q, k: 0 })).toThrow(RangeError);
  });

  it('goes through hubs of thousands without dropping a neighbour, within the default budget', () => {
    // Two hubs of 3000 leaves each; leaves paired by a chain, so that paths of every length cross them.
    const n = 6002;
    const ids = Array.from({ length: n }, (_, i) => `n${i}`);
    const edges: [number, number, number][] = [];
    for (let i = 2; i < n; i++) edges.push([i % 2, i, 0]);
    for (let i = 2; i + 2 < n; i += 2) edges.push([i, i + 3, 2]);
    const t = buildSpec({ ids, kinds: ids.map(() => 0), edges });
    const [s, target] = [t.nodeOf('n10')!, t.nodeOf('n5001')!];
    const answer = kShortestPaths(t, s, target, { maxHops: 6, k: 10, types: [0, 2], via: [0] });
    expect(answer.truncated).toBe(false);
    expect(answer.paths.map((p) => p.length - 1)).toEqual([3, 3, 5, 5, 5, 5, 5, 5, 5, 5].slice(0, answer.paths.length));
    expect(answer.paths.length).toBe(10);
    // The last neighbour of a hub counts as much as the first.
    const last = kShortestPaths(t, t.nodeOf('n2')!, t.nodeOf(`n${n - 2}`)!, { maxHops: 2, k: 1, types: [0], via: [0] });
    expect(last.paths.map((p) => p.map((x) => t.idOf(x)))).toEqual([['n2', 'n0', `n${n - 2}`]]);
    expect(
      Topology.build({ ids, kinds: new Uint8Array(n), from: new Int32Array(0), to: new Int32Array(0), types: new Uint8Array(0) })
        .relationCount,
    ).toBe(0);
  });
});
