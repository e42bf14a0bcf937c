/**
 * The benchmark graph's topology alone (ids, kinds, relationships), without writing its documents:
 * the same entities and relationships as bench/generate.ts for the same (entities, seed), drawing
 * from each entity's random stream in the same order. Keep the two in step when the generator
 * changes (bench/topology.ts --check compares them at a small size).
 */
import { SEGMENTS } from '../../src/core/ontology.js';
import { kindCode, type TopologyInput, typeCode } from '../../src/topology/snapshot.js';
import { pickers } from './document.js';
import { hash, pickOf, rng } from './random.js';
import { BASE_INDUSTRIES, idOf, kindOf, layout, PARTNER_KINDS, PRODUCT_WORDS, ROUNDS } from './shape.js';

export interface GeneratedTopology {
  input: TopologyInput;
  /** Companies with suppliers, customers or products (the generator's supply-chain roots). */
  supplyRoots: number[];
  /** Entity indexes of the ten biggest parks. */
  bigParks: number[];
}

/** A copy of `input` whose arrays a worker may take (buildOffThread transfers them). */
export const copyInput = (input: TopologyInput): TopologyInput => ({
  ids: [...input.ids],
  kinds: input.kinds.slice(),
  from: input.from.slice(),
  to: input.to.slice(),
  types: input.types.slice(),
  segments: input.segments?.slice(),
});

export function generateTopology(n: number, seed: number): GeneratedTopology {
  const g = layout(n, seed);
  const pick = pickers(g);
  const ids = Array.from({ length: n }, (_, i) => idOf(g, i));
  const kinds = Uint8Array.from({ length: n }, (_, i) => kindCode(kindOf(g, i)));
  let from = new Int32Array(3 * n);
  let to = new Int32Array(3 * n);
  let types = new Uint8Array(3 * n);
  let segments = new Uint8Array(3 * n);
  let m = 0;
  /** A segment drawn as the generator draws it (SEGMENTS[⌊r·6⌋]), as a segment code. */
  const segmentOf = (x: number) => Math.floor(x * SEGMENTS.length) + 1;
  const rel = (type: Parameters<typeof typeCode>[0], a: number, b: number, segment = 0) => {
    if (a === b) return; // as DocumentWriter.relation
    if (m === from.length) {
      const grow = <T extends Int32Array | Uint8Array>(x: T, make: (size: number) => T) => {
        const y = make(x.length * 2);
        y.set(x);
        return y;
      };
      from = grow(from, (s) => new Int32Array(s));
      to = grow(to, (s) => new Int32Array(s));
      types = grow(types, (s) => new Uint8Array(s));
      segments = grow(segments, (s) => new Uint8Array(s));
    }
    segments[m] = segment;
    from[m] = a;
    to[m] = b;
    types[m++] = typeCode(type);
  };
  const supplyRoots: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng(hash(seed, 4, i));
    const kind = kindOf(g, i);
    const since = () => r();
    r(); // founded
    switch (kind) {
      case 'Company': {
        r(); // capital
        if (r() < 0.5) r(); // employees
        r(); // description?
        rel('LOCATED_IN', i, pick.park(r));
        since();
        const industry = pick.industry(r);
        rel('IN_INDUSTRY', i, industry, segmentOf(r()));
        let chain = false;
        if (r() < 0.3) {
          rel('SUPPLIES', i, pick.bigCustomer(r));
          pickOf(r, PRODUCT_WORDS);
          chain = true;
        }
        for (let k = 0; k < (r() < 0.25 ? 1 : 0) + (r() < 0.05 ? 1 : 0); k++) {
          const fund = pick.fund(r);
          r(); // amount
          pickOf(r, ROUNDS);
          since();
          rel('INVESTS_IN', fund, i);
        }
        if (r() < 0.1) {
          rel('PARTNERS_WITH', i, r() < 0.5 ? pick.university(r) : pick.institute(r));
          pickOf(r, PARTNER_KINDS);
        }
        if (r() < 0.05) rel('SUBSIDIARY_OF', i, pick.parent(r));
        if (r() < 0.03) rel('COMPETES_WITH', i, pick.company(r));
        if (chain && supplyRoots.length < 5000 && r() < 0.2) supplyRoots.push(i);
        break;
      }
      case 'Product': {
        const segment = segmentOf(r());
        rel('PRODUCES', pick.producer(r), i);
        rel('IN_INDUSTRY', i, pick.industry(r), segment);
        break;
      }
      case 'Fund':
        r(); // size
        rel('LOCATED_IN', i, pick.fundHome(r));
        since();
        if (r() < 0.2) rel('INVESTS_IN', pick.fund(r), i);
        if (r() < 0.5) rel('IN_INDUSTRY', i, pick.industry(r));
        break;
      case 'Park':
        r(); // area
        rel('LOCATED_IN', i, pick.region(r));
        if (r() < 0.1) rel('PART_OF', i, pick.park(r));
        if (r() < 0.3) rel('IN_INDUSTRY', i, pick.industry(r));
        break;
      case 'University':
        rel('LOCATED_IN', i, pick.region(r));
        break;
      case 'ResearchInstitute':
        rel('LOCATED_IN', i, pick.park(r));
        since();
        if (r() < 0.3) rel('PART_OF', i, pick.university(r));
        if (r() < 0.5) rel('IN_INDUSTRY', i, pick.industry(r));
        break;
      case 'Region': {
        const rank = g.rank[i]!;
        if (rank > 0) rel('PART_OF', i, g.byKind.get('Region')![Math.floor((rank - 1) / 8)]!);
        break;
      }
      case 'Industry': {
        const rank = g.rank[i]!;
        if (rank >= BASE_INDUSTRIES.length) rel('PART_OF', i, g.byKind.get('Industry')![rank % BASE_INDUSTRIES.length]!);
        break;
      }
    }
  }
  return {
    input: { ids, kinds, from: from.slice(0, m), to: to.slice(0, m), types: types.slice(0, m), segments: segments.slice(0, m) },
    supplyRoots,
    bigParks: [...g.byKind.get('Park')!.subarray(0, 10)],
  };
}
