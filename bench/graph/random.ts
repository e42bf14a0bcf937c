/** Determinism: splitmix32-style hashing of (seed, stream, index), a small PRNG per entity, Zipf ranks. */
export const mix = (x: number) => {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
};
export const hash = (...parts: number[]) => parts.reduce((h, p) => mix(h ^ mix(p + 0x9e3779b9)), 0x811c9dc5);

/** mulberry32 */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export type Rng = ReturnType<typeof rng>;
export const pickOf = <T>(r: Rng, items: readonly T[]) => items[Math.floor(r() * items.length)] as T;

/** Zipf(s) over ranks 0..n-1 by inverse CDF: rank 0 is the biggest hub. */
export class Zipf {
  private readonly cdf: Float64Array;
  constructor(n: number, s: number) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += 1 / (k + 1) ** s;
      this.cdf[k] = sum;
    }
    for (let k = 0; k < n; k++) (this.cdf as Float64Array)[k] = (this.cdf[k] as number) / sum;
  }
  sample(r: Rng): number {
    const u = r();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
