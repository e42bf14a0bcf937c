/**
 * The chain-segment ladder over the index against brute force over the same relationships, after
 * random additions, removals, segment changes and compactions: a segment lost in the overlay, in a
 * compaction or in a rebuild shows here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KINDS, RELATION_TYPES } from '../../src/core/ontology.js';
import { segmentLadder } from '../../src/topology/expand.js';
import { Topology } from '../../src/topology/snapshot.js';

const IN_INDUSTRY = RELATION_TYPES.indexOf('IN_INDUSTRY');
const PRODUCES = RELATION_TYPES.indexOf('PRODUCES');
const KIND = { Company: KINDS.indexOf('Company'), Product: KINDS.indexOf('Product'), Industry: KINDS.indexOf('Industry') };
const IDS = ['a', 'b', 'c', 'd', 'p1', 'p2', 'i1', 'i2', 'i3', '中', '𝒳'];
const kindOf = (id: string) =>
  id.startsWith('p') ? KIND.Product : id.startsWith('i') ? KIND.Industry : id === '中' ? KIND.Industry : KIND.Company;

interface Rel {
  from: string;
  type: number;
  to: string;
  segment: number;
}
type Op = { op: 'add'; rel: Rel } | { op: 'remove'; from: string; type: number; to: string } | { op: 'compact' };

const id = fc.constantFrom(...IDS);
const type = fc.constantFrom(IN_INDUSTRY, IN_INDUSTRY, PRODUCES, RELATION_TYPES.indexOf('SUPPLIES'));
const relArb = fc.record({ from: id, type, to: id, segment: fc.integer({ min: 0, max: 6 }) });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('add' as const), rel: relArb }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constant('remove' as const), from: id, type, to: id }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('compact' as const) }), weight: 1 },
);

const key = (r: { from: string; type: number; to: string }) => `${r.from}\t${r.type}\t${r.to}`;

/** What the Cypher ladder computes, by enumeration. */
function bruteLadder(rels: Rel[], root: string, direction: 'UPSTREAM' | 'DOWNSTREAM') {
  const anchors = [root, ...rels.filter((r) => r.from === root && r.type === PRODUCES && kindOf(r.to) === KIND.Product).map((r) => r.to)];
  const own = new Map<string, number>();
  for (const r of rels)
    if (anchors.includes(r.from) && r.type === IN_INDUSTRY && r.segment > 0 && kindOf(r.to) === KIND.Industry)
      own.set(r.to, Math.min(own.get(r.to) ?? 99, r.segment));
  const out: { industry: string; segment: number; members: string[] }[] = [];
  for (const industry of [...own.keys()].sort()) {
    const mine = own.get(industry)!;
    for (let segment = 1; segment <= 6; segment++) {
      if (direction === 'UPSTREAM' ? segment >= mine : segment <= mine) continue;
      const members = rels
        .filter((r) => r.type === IN_INDUSTRY && r.to === industry && r.from !== root && r.segment === segment)
        .map((r) => r.from)
        .sort();
      if (members.length > 0) out.push({ industry, segment, members });
    }
  }
  return out;
}

const ladderById = (t: Topology, root: string, direction: 'UPSTREAM' | 'DOWNSTREAM') =>
  segmentLadder(t, t.nodeOf(root)!, direction).map((r) => ({
    industry: t.idOf(r.industry),
    segment: r.segment,
    members: r.members.map((m) => t.idOf(m)),
  }));

describe('segmentLadder', () => {
  it('equals brute force after random writes, segment changes and compactions', () => {
    fc.assert(
      fc.property(fc.array(relArb, { maxLength: 25 }), fc.array(opArb, { maxLength: 30 }), id, (initial, ops, root) => {
        const model = new Map<string, Rel>();
        for (const r of initial) if (!model.has(key(r))) model.set(key(r), r.type === IN_INDUSTRY ? r : { ...r, segment: 0 });
        const base = [...model.values()];
        let t = Topology.build({
          ids: IDS,
          kinds: Uint8Array.from(IDS.map(kindOf)),
          from: Int32Array.from(base.map((r) => IDS.indexOf(r.from))),
          to: Int32Array.from(base.map((r) => IDS.indexOf(r.to))),
          types: Uint8Array.from(base.map((r) => r.type)),
          segments: Uint8Array.from(base.map((r) => r.segment)),
        });
        for (const op of ops) {
          if (op.op === 'compact') t = t.compacted();
          else if (op.op === 'remove') {
            t.removeRelation(op.from, op.type, op.to);
            model.delete(key(op));
          } else {
            const r = op.rel.type === IN_INDUSTRY ? op.rel : { ...op.rel, segment: 0 };
            t.addRelation(r.from, r.type, r.to, r.type === IN_INDUSTRY ? r.segment : undefined);
            model.set(key(r), r);
          }
          for (const direction of ['UPSTREAM', 'DOWNSTREAM'] as const)
            expect(ladderById(t, root, direction)).toEqual(bruteLadder([...model.values()], root, direction));
        }
      }),
      { numRuns: 300 },
    );
  });
});
