/**
 * A snapshot's arrays from the graph as read: ids sorted into their table, relationships into the
 * CSR. Pure and the costly part of a build (about 1 s at a million entities), so that it can run in
 * a worker: its input and output are transferable arrays (and the ids).
 */
import { KINDS, RELATION_TYPES, SEGMENTS } from '../core/ontology.js';
import { checkCode, SEGMENTED } from './codes.js';
import { buildCsr, type Csr } from './csr.js';
import { IdTable } from './ids.js';

export interface TopologyInput {
  ids: string[];
  /** Kind code per ids[i]. */
  kinds: Uint8Array;
  /** Positions into ids; a relationship points from→to. */
  from: Int32Array;
  to: Int32Array;
  /** Type code. */
  types: Uint8Array;
  /** Segment code (segmentCode) per relationship; absent: none. */
  segments?: Uint8Array;
}

/** A snapshot's arrays: the id table's, the kinds in id order, the CSR. */
export interface TopologyParts {
  blob: Uint8Array;
  starts: Uint32Array;
  kinds: Uint8Array;
  csr: Csr;
}

/** Dense node ints in sorted id order (JS string order); duplicate (from, type, to) collapse to one. */
export function buildParts(input: TopologyInput): TopologyParts {
  const { ids, kinds, from, to, types, segments } = input;
  const n = ids.length;
  if (kinds.length !== n) throw new RangeError(`${n} ids but ${kinds.length} kinds`);
  if (to.length !== from.length || types.length !== from.length || (segments && segments.length !== from.length))
    throw new RangeError('from, to, types and segments differ in length');
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const position = new Int32Array(n);
  const sortedKinds = new Uint8Array(n);
  for (let at = 0; at < n; at++) {
    const i = order[at]!;
    if (at > 0 && ids[i] === ids[order[at - 1]!]) throw new RangeError(`duplicate id ${ids[i]}`);
    checkCode(kinds[i]!, KINDS.length, 'kind');
    position[i] = at;
    sortedKinds[at] = kinds[i]!;
  }
  const a = new Int32Array(from.length);
  const b = new Int32Array(from.length);
  for (let r = 0; r < from.length; r++) {
    const f = from[r]!;
    const t = to[r]!;
    if (!(f >= 0 && f < n && t >= 0 && t < n)) throw new RangeError(`relationship ${r} has an end out of range`);
    checkCode(types[r]!, RELATION_TYPES.length, 'relationship type');
    if (segments) checkCode(segments[r]!, types[r] === SEGMENTED ? SEGMENTS.length + 1 : 1, 'segment');
    a[r] = position[f]!;
    b[r] = position[t]!;
  }
  const table = IdTable.fromSorted(n, (at) => ids[order[at]!]!);
  return { blob: table.blob, starts: table.starts, kinds: sortedKinds, csr: buildCsr(n, a, b, types, segments) };
}
