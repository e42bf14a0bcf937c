/** The snapshot's ids, kinds and relationships: order, look-up, duplicates and memory. */
import { describe, expect, it } from 'vitest';
import { kindCode, Topology, typeCode } from '../../src/topology/snapshot.js';
import { buildSpec } from './oracle.js';

describe('Topology', () => {
  it('numbers nodes in JS string order, and finds every id again', () => {
    // UTF-8 byte order would put '𝒳' (F0 ..) after '\uE000' (EE ..); JS order puts it before.
    const ids = ['\uE000', '𝒳', 'a', 'B', '中', 'ab', ''];
    const t = buildSpec({ ids, kinds: [0, 1, 2, 3, 4, 5, 6], edges: [] });
    const sorted = [...ids].sort();
    expect(sorted.map((_, i) => t.idOf(i))).toEqual(sorted);
    for (const id of ids) expect(t.idOf(t.nodeOf(id)!)).toBe(id);
    expect(t.kindOf(t.nodeOf('中')!)).toBe(4);
    for (const missing of ['b', '𝒳a', '\uE001', 'A', ' ']) expect(t.nodeOf(missing)).toBeUndefined();
    expect(() => t.idOf(7)).toThrow(RangeError);
  });

  it('collapses duplicate relationships, keeps parallel ones of another type or direction', () => {
    const t = buildSpec({
      ids: ['a', 'b'],
      kinds: [0, 0],
      edges: [
        [0, 1, 0],
        [0, 1, 0],
        [0, 1, 2],
        [1, 0, 0],
        [0, 0, 1],
      ],
    });
    expect(t.relationCount).toBe(4);
    expect(t.hasRelation('a', 0, 'b')).toBe(true);
    expect(t.hasRelation('b', 0, 'a')).toBe(true);
    expect(t.hasRelation('b', 2, 'a')).toBe(false);
    expect(t.hasRelation('a', 1, 'a')).toBe(true);
    // a→b twice, b→a, and the loop a→a seen from both of its ends.
    expect(t.degree(t.nodeOf('a')!)).toBe(5);
  });

  it('refuses duplicate ids and codes out of range', () => {
    expect(() => buildSpec({ ids: ['a', 'a'], kinds: [0, 0], edges: [] })).toThrow(/duplicate/);
    expect(() => buildSpec({ ids: ['a'], kinds: [10], edges: [] })).toThrow(RangeError);
    expect(() => buildSpec({ ids: ['a'], kinds: [0], edges: [[0, 0, 12]] })).toThrow(RangeError);
    expect(() => buildSpec({ ids: ['a'], kinds: [0], edges: [[0, 1, 0]] })).toThrow(RangeError);
  });

  it('maps names to codes as the ontology lists them', () => {
    expect(kindCode('Company')).toBe(0);
    expect(kindCode('Industry')).toBe(9);
    expect(typeCode('SUPPLIES')).toBe(8);
  });

  it('holds 100k nodes and 250k relationships in about 50 bytes a node, id map included', () => {
    const n = 100_000;
    const m = 250_000;
    const ids = Array.from({ length: n }, (_, i) => `co-${i.toString(36)}`);
    const from = new Int32Array(m);
    const to = new Int32Array(m);
    let x = 1;
    for (let i = 0; i < m; i++) {
      x = (x * 48271) % 2147483647;
      from[i] = x % n;
      to[i] = (x >> 7) % (i % 10 === 0 ? 50 : n);
    }
    const t = Topology.build({ ids, kinds: new Uint8Array(n), from, to, types: new Uint8Array(m) });
    expect(t.idOf(t.nodeOf('co-2ci')!)).toBe(ids[3042]);
    expect(t.memoryBytes()).toBeLessThan(n * 50);
    t.scratch();
    expect(t.memoryBytes()).toBeLessThan(n * 60);
  });
});
