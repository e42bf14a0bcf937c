/**
 * Compressed sparse rows holding both directions of every relationship: a node's entries are its
 * neighbours, each with the relationship's type code and, in the high bit, whether the relationship
 * points at the node. Entries are sorted by (type, neighbour, direction), so that a node's
 * relationships of one type are one run, in neighbour order, and duplicates sit side by side.
 * Each entry also carries the relationship's chain-segment code (0 for none; only IN_INDUSTRY
 * relationships have one), what the supply chain's segment ladder reads.
 */

/** Set in an entry's type byte when the relationship points from the neighbour to the node. */
export const INCOMING = 0x80;
export const TYPE_MASK = 0x7f;

export interface Csr {
  /** Node u's entries are [offsets[u], offsets[u + 1]). */
  offsets: Int32Array;
  neighbours: Int32Array;
  /** Type code | INCOMING. */
  types: Uint8Array;
  /** Chain-segment code per entry: 0 none, else 1 + the index in SEGMENTS. */
  segments: Uint8Array;
}

/** A CSR's buffers, to transfer to or from a worker rather than copy. */
export const csrBuffers = (csr: Csr): ArrayBuffer[] =>
  [csr.offsets, csr.neighbours, csr.types, csr.segments].map((a) => a.buffer as ArrayBuffer);

const NEIGHBOUR_SPAN = 2 ** 31;

/** The sort key of an entry: type, then neighbour, then outgoing before incoming. */
export const entryKey = (type: number, neighbour: number, incoming: boolean) =>
  ((type & TYPE_MASK) * NEIGHBOUR_SPAN + neighbour) * 2 + (incoming ? 1 : 0);

/** Segment codes fit in the three low bits of a sort key, below everything that orders entries. */
const SEGMENT_SPAN = 8;

/** A CSR over nodes 0..n-1 from relationships from[i] -type[i]-> to[i] (segment[i]); duplicates collapse to one. */
export function buildCsr(n: number, from: Int32Array, to: Int32Array, type: Uint8Array, segment?: Uint8Array): Csr {
  const m = from.length;
  const fill = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    fill[from[i]! + 1]!++;
    fill[to[i]! + 1]!++;
  }
  for (let u = 0; u < n; u++) fill[u + 1]! += fill[u]!;
  // Float64 keys sort natively per node (a typed array's sort is numeric and fast).
  const keys = new Float64Array(2 * m);
  const cursor = fill.slice(0, n);
  for (let i = 0; i < m; i++) {
    const a = from[i]!;
    const b = to[i]!;
    const t = type[i]!;
    const g = segment?.[i] ?? 0;
    if (g >= SEGMENT_SPAN) throw new RangeError(`not a segment code: ${g}`);
    keys[cursor[a]!++] = entryKey(t, b, false) * SEGMENT_SPAN + g;
    keys[cursor[b]!++] = entryKey(t, a, true) * SEGMENT_SPAN + g;
  }
  const offsets = new Int32Array(n + 1);
  let kept = 0;
  for (let u = 0; u < n; u++) {
    const start = fill[u]!;
    const end = fill[u + 1]!;
    if (end - start > 1) keys.subarray(start, end).sort();
    for (let i = start; i < end; i++) {
      if (i > start && Math.floor(keys[i]! / SEGMENT_SPAN) === Math.floor(keys[i - 1]! / SEGMENT_SPAN)) continue;
      keys[kept++] = keys[i]!;
    }
    offsets[u + 1] = kept;
  }
  const neighbours = new Int32Array(kept);
  const types = new Uint8Array(kept);
  const segments = new Uint8Array(kept);
  for (let i = 0; i < kept; i++) {
    const g = keys[i]! % SEGMENT_SPAN;
    segments[i] = g;
    const key = (keys[i]! - g) / SEGMENT_SPAN;
    const incoming = key % 2;
    const rest = (key - incoming) / 2;
    const t = Math.floor(rest / NEIGHBOUR_SPAN);
    neighbours[i] = rest - t * NEIGHBOUR_SPAN;
    types[i] = t | (incoming ? INCOMING : 0);
  }
  return { offsets, neighbours, types, segments };
}

/** The position of entry (type, neighbour, direction) among node u's entries, or -1. */
export function findEntry(csr: Csr, u: number, type: number, neighbour: number, incoming: boolean): number {
  const want = entryKey(type, neighbour, incoming);
  let lo = csr.offsets[u]!;
  let hi = csr.offsets[u + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const t = csr.types[mid]!;
    const key = entryKey(t, csr.neighbours[mid]!, (t & INCOMING) !== 0);
    if (key === want) return mid;
    if (key < want) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
