/**
 * A million string ids as one UTF-8 blob and an offset per id, sorted: a `Map<string, number>` or a
 * `string[]` over all nodes costs ten times the memory (object headers, UTF-16, hash tables).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const utf8 = (id: string) => encoder.encode(id);

/**
 * Sorting key of a UTF-8 byte where two ids first differ. Byte order is code point order; JS string
 * order is UTF-16 code unit order, which puts U+E000..U+FFFF (lead bytes EE, EF) after the astral
 * planes (lead bytes F0..F4, surrogates D800..DFFF). Both bytes are lead bytes (or ASCII) whenever
 * this matters: after an equal prefix, both strings are at the same character boundary.
 */
const rank = (b: number) => (b >= 0xf0 ? 0xed * 8 + 1 + (b - 0xf0) : b * 8);

/** The sign of blob[start, end) against `key`, in JS string order. */
export function compareAt(blob: Uint8Array, start: number, end: number, key: Uint8Array): number {
  const la = end - start;
  const len = Math.min(la, key.length);
  for (let i = 0; i < len; i++) {
    const a = blob[start + i]!;
    const b = key[i]!;
    if (a !== b) return rank(a) - rank(b);
  }
  return la - key.length;
}

export class IdTable {
  private constructor(
    /** The ids' UTF-8 bytes, in JS string order. */
    readonly blob: Uint8Array,
    /** Id i is blob[starts[i], starts[i + 1]). */
    readonly starts: Uint32Array,
  ) {}

  get size() {
    return this.starts.length - 1;
  }

  get byteLength() {
    return this.blob.byteLength + this.starts.byteLength;
  }

  /** Over arrays made by another table (in a worker, say); they are not copied. */
  static of(blob: Uint8Array, starts: Uint32Array): IdTable {
    return new IdTable(blob, starts);
  }

  /** From ids already sorted and distinct. */
  static fromSorted(count: number, idAt: (i: number) => string): IdTable {
    const starts = new Uint32Array(count + 1);
    // One growing buffer: most ids are short ASCII, so a guess of 16 bytes an id rarely regrows.
    let blob = new Uint8Array(Math.max(64, count * 16));
    let used = 0;
    for (let i = 0; i < count; i++) {
      const id = idAt(i);
      if (blob.length - used < id.length * 3) {
        const bigger = new Uint8Array(Math.max(blob.length * 2, used + id.length * 3));
        bigger.set(blob.subarray(0, used));
        blob = bigger;
      }
      used += encoder.encodeInto(id, blob.subarray(used)).written;
      starts[i + 1] = used;
    }
    return new IdTable(blob.slice(0, used), starts);
  }

  /** Merges this table with `extra` ids (sorted, distinct, none already here); `placeOld`/`placeExtra` receive each one's new position. */
  merge(extra: readonly string[], placeOld: (i: number, at: number) => void, placeExtra: (j: number, at: number) => void): IdTable {
    const keys = extra.map(utf8);
    const extraBytes = keys.reduce((sum, k) => sum + k.length, 0);
    const blob = new Uint8Array(this.blob.length + extraBytes);
    const starts = new Uint32Array(this.size + extra.length + 1);
    let i = 0;
    let at = 0;
    let used = 0;
    for (let j = 0; j <= keys.length; j++) {
      const key = keys[j];
      // The old ids before this key (all that are left, after the last): one run, copied at once.
      const stop = key === undefined ? this.size : this.after(key, i);
      const s = this.starts[i]!;
      const e = this.starts[stop]!;
      blob.set(this.blob.subarray(s, e), used);
      for (const shift = used - s; i < stop; i++) {
        starts[at + 1] = this.starts[i + 1]! + shift;
        placeOld(i, at++);
      }
      used += e - s;
      if (key === undefined) break;
      blob.set(key, used);
      used += key.length;
      starts[at + 1] = used;
      placeExtra(j, at++);
    }
    return new IdTable(blob, starts);
  }

  /** The first position from `from` on whose id sorts after `key` (not itself in the table). */
  private after(key: Uint8Array, from: number): number {
    let lo = from;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareAt(this.blob, this.starts[mid]!, this.starts[mid + 1]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  idAt(i: number): string {
    return decoder.decode(this.blob.subarray(this.starts[i], this.starts[i + 1]));
  }

  /** The position of `id`, by binary search, or -1. */
  find(id: string): number {
    const key = utf8(id);
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareAt(this.blob, this.starts[mid]!, this.starts[mid + 1]!, key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
