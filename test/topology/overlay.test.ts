/**
 * Changes applied in place, interleaved with compactions and queries, against a fresh build of the
 * same final graph: a traversal that misses a change, or an overlay left stale, shows here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kShortestPaths } from '../../src/topology/paths.js';
import { INCOMING, type Topology, TYPE_MASK } from '../../src/topology/snapshot.js';
import { checkExpansions, expandAsIds, expandQueryArb } from './check-expand.js';
import { checkPaths } from './check-paths.js';
import { buildFrom, buildSpec, ID_POOL, type Model, modelOf, relKey, specArb, TYPE_POOL } from './oracle.js';

type Op =
  | { op: 'node'; id: string; kind: number }
  | { op: 'add'; from: string; type: number; to: string }
  | { op: 'remove'; pick: number; from: string; type: number; to: string }
  | { op: 'compact' }
  | { op: 'check'; pick: number };

const id = fc.constantFrom(...ID_POOL);
const type = fc.constantFrom(...TYPE_POOL);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('node' as const), id, kind: fc.integer({ min: 0, max: 9 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('add' as const), from: id, type, to: id }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('remove' as const), pick: fc.nat(), from: id, type, to: id }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('compact' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('check' as const), pick: fc.nat() }), weight: 1 },
);

/** A node's entries as (type, neighbour id, incoming), in the order a traversal reads them. */
const entriesById = (t: Topology, node: number) => {
  const e = t.entries(node);
  const out: [number, string, boolean][] = [];
  for (let i = e.start; i < e.end; i++) out.push([e.types[i]! & TYPE_MASK, t.idOf(e.neighbours[i]!), (e.types[i]! & INCOMING) !== 0]);
  return out;
};

function apply(t: Topology, model: Model, op: Op): Topology {
  switch (op.op) {
    case 'node': {
      const known = model.kinds.has(op.id);
      const before = t.nodeOf(op.id);
      const node = t.addNode(op.id, op.kind);
      if (known) expect(node).toBe(before);
      else model.kinds.set(op.id, op.kind);
      expect(t.idOf(node)).toBe(op.id);
      expect(t.kindOf(node)).toBe(model.kinds.get(op.id));
      return t;
    }
    case 'add': {
      const ends = model.kinds.has(op.from) && model.kinds.has(op.to);
      expect(t.addRelation(op.from, op.type, op.to)).toBe(ends);
      if (ends) model.rels.set(relKey(op), { from: op.from, type: op.type, to: op.to });
      expect(t.hasRelation(op.from, op.type, op.to)).toBe(ends);
      return t;
    }
    case 'remove': {
      const rels = [...model.rels.values()];
      // Mostly a relationship that exists; sometimes any triple.
      const rel = rels.length > 0 && op.pick % 4 !== 0 ? rels[op.pick % rels.length]! : op;
      const key = relKey(rel);
      expect(t.removeRelation(rel.from, rel.type, rel.to)).toBe(model.rels.has(key));
      model.rels.delete(key);
      expect(t.hasRelation(rel.from, rel.type, rel.to)).toBe(false);
      return t;
    }
    case 'compact': {
      const before = { count: t.relationCount, nodes: t.nodeCount, first: expandAsIds(t, 0, 2, TYPE_POOL, 20) };
      const next = t.compacted();
      expect(next.overlaySize).toBe(0);
      // The old snapshot stays as it was.
      expect({ count: t.relationCount, nodes: t.nodeCount, first: expandAsIds(t, 0, 2, TYPE_POOL, 20) }).toEqual(before);
      return next;
    }
    case 'check': {
      const ids = [...model.kinds.keys()];
      const root = t.nodeOf(ids[op.pick % ids.length]!)!;
      checkExpansions(t, model, root, { depth: 3, limit: 6, types: TYPE_POOL, direction: op.pick % 2 ? 'UPSTREAM' : 'DOWNSTREAM' });
      const other = t.nodeOf(ids[(op.pick >> 3) % ids.length]!)!;
      const q = { maxHops: 4, k: 4, types: TYPE_POOL, via: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] };
      checkPaths(t, model, root, other, q, kShortestPaths(t, root, other, q));
      return t;
    }
  }
}

describe('changes since the build', () => {
  it('show in every read, before and after compaction, as in a fresh build', () => {
    fc.assert(
      fc.property(specArb(8), fc.array(opArb, { maxLength: 40 }), expandQueryArb, (spec, ops, q) => {
        const model = modelOf(spec);
        let t = buildSpec(spec);
        for (const op of ops) t = apply(t, model, op);
        const fresh = buildFrom(model);
        expect(t.nodeCount).toBe(fresh.nodeCount);
        expect(t.relationCount).toBe(fresh.relationCount);
        for (const rel of model.rels.values()) expect(t.hasRelation(rel.from, rel.type, rel.to)).toBe(true);
        const compacted = t.compacted();
        for (const [name, kind] of model.kinds) {
          const [u, c, f] = [t.nodeOf(name)!, compacted.nodeOf(name)!, fresh.nodeOf(name)!];
          expect(t.kindOf(u)).toBe(kind);
          expect(c).toBe(f);
          expect(compacted.idOf(c)).toBe(name);
          expect(entriesById(t, u)).toEqual(entriesById(fresh, f));
          expect(entriesById(compacted, c)).toEqual(entriesById(fresh, f));
          checkExpansions(t, model, u, q);
        }
        const ids = [...model.kinds.keys()];
        for (const [x, y] of ids.map((a, i): [string, string] => [a, ids[(i * 7 + 3) % ids.length]!])) {
          const pq = { maxHops: 5, k: 6, types: TYPE_POOL, via: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] };
          const mine = kShortestPaths(t, t.nodeOf(x)!, t.nodeOf(y)!, pq);
          checkPaths(t, model, t.nodeOf(x)!, t.nodeOf(y)!, pq, mine);
          const theirs = kShortestPaths(fresh, fresh.nodeOf(x)!, fresh.nodeOf(y)!, pq);
          expect(mine.paths.map((p) => p.length)).toEqual(theirs.paths.map((p) => p.length));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are idempotent, and counted until compaction', () => {
    const t = buildSpec({ ids: ['a', 'b'], kinds: [0, 0], edges: [[0, 1, 0]] });
    expect(t.addRelation('a', 0, 'b')).toBe(true);
    expect(t.overlaySize).toBe(0);
    expect(t.addRelation('a', 0, 'c')).toBe(false);
    const c = t.addNode('c', 2);
    expect(t.addNode('c', 3)).toBe(c);
    expect(t.kindOf(c)).toBe(2);
    expect(t.addRelation('a', 0, 'c')).toBe(true);
    expect(t.addRelation('a', 0, 'c')).toBe(true);
    expect(t.relationCount).toBe(2);
    expect(t.removeRelation('a', 0, 'b')).toBe(true);
    expect(t.removeRelation('a', 0, 'b')).toBe(false);
    expect(t.overlaySize).toBe(3);
    expect(t.relationCount).toBe(1);
    expect(t.addRelation('a', 0, 'b')).toBe(true);
    expect(t.removeRelation('a', 0, 'c')).toBe(true);
    expect(t.overlaySize).toBe(1);
    expect(t.relationCount).toBe(1);
    expect(t.compacted().overlaySize).toBe(0);
  });
});
