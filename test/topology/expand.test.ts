/** Neighbourhood and supply tiers against their semantics written out plainly over the relationship list. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExpansions, expandAsIds, expandQueryArb, tiersAsIds } from './check-expand.js';
import { buildSpec, modelOf, specArb } from './oracle.js';

describe('neighborhood and supplyTiers', () => {
  it('follow their semantics on random graphs with hubs', () => {
    fc.assert(
      fc.property(specArb(12), expandQueryArb, fc.nat(), (spec, q, i) => {
        const t = buildSpec(spec);
        checkExpansions(t, modelOf(spec), i % t.nodeCount, q);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps relationships to nodes already seen, once, and stops at the limit', () => {
    // a hub 'h' with four leaves, each related to the next; and a supply chain h → x → y.
    const ids = ['h', 'l1', 'l2', 'l3', 'l4', 'x', 'y'];
    const t = buildSpec({
      ids,
      kinds: ids.map(() => 0),
      edges: [
        [0, 1, 0],
        [0, 2, 0],
        [0, 3, 0],
        [4, 0, 0],
        [1, 2, 2],
        [2, 3, 2],
        [0, 5, 8],
        [5, 6, 7],
        [6, 0, 8],
      ],
    });
    const h = t.nodeOf('h')!;
    const all = expandAsIds(t, h, 2, [0, 2], 100);
    expect(all.nodes).toEqual(['h', 'l1', 'l2', 'l3', 'l4']);
    expect(all.relations).toEqual([
      ['h', 0, 'l1'],
      ['h', 0, 'l2'],
      ['h', 0, 'l3'],
      ['l4', 0, 'h'],
      ['l1', 2, 'l2'],
      ['l2', 2, 'l3'],
    ]);
    expect(all.truncated).toBe(false);
    const cut = expandAsIds(t, h, 2, [0, 2], 3);
    expect(cut).toEqual({
      nodes: ['h', 'l1', 'l2'],
      relations: [
        ['h', 0, 'l1'],
        ['h', 0, 'l2'],
      ],
      truncated: true,
    });
    expect(tiersAsIds(t, h, 'DOWNSTREAM', 5, 10)).toEqual([
      { level: 1, nodes: ['x'], relations: [['h', 8, 'x']] },
      { level: 2, nodes: ['y'], relations: [['x', 7, 'y']] },
      { level: 3, nodes: [], relations: [['y', 8, 'h']] },
    ]);
    expect(tiersAsIds(t, h, 'UPSTREAM', 1, 10)).toEqual([{ level: 1, nodes: ['y'], relations: [['y', 8, 'h']] }]);
  });
});
