/** The checks a path answer must pass against the brute-force enumeration of the same model. */
import { expect } from 'vitest';
import type { PathAnswer, PathQuery } from '../../src/topology/paths.js';
import type { Topology } from '../../src/topology/snapshot.js';
import { allPaths, type Model } from './oracle.js';

const hopsOf = (p: readonly unknown[]) => p.length - 1;
const comparePaths = (x: number[], y: number[]) => {
  if (x.length !== y.length) return x.length - y.length;
  const i = x.findIndex((n, j) => n !== y[j]);
  return i < 0 ? 0 : x[i]! - y[i]!;
};

/** Every path valid and simple, allowed types and kinds, distinct, in order; lengths the oracle's k shortest; proven where it says so. */
export function checkPaths(t: Topology, model: Model, s: number, target: number, q: PathQuery, answer: PathAnswer) {
  const [sid, tid] = [t.idOf(s), t.idOf(target)];
  const oracle = allPaths(model, sid, tid, q.maxHops, q.types, q.via).sort((x, y) => x.length - y.length);
  const seen = new Set<string>();
  for (const path of answer.paths) {
    const ids = path.map((n) => t.idOf(n));
    expect(ids[0]).toBe(sid);
    expect(ids.at(-1)).toBe(tid);
    expect(new Set(path).size, 'simple').toBe(path.length);
    expect(hopsOf(path)).toBeLessThanOrEqual(q.maxHops);
    for (let i = 1; i < ids.length; i++) {
      const [x, y] = [ids[i - 1]!, ids[i]!];
      const step = q.types.some((type) => model.rels.has(`${x}\t${type}\t${y}`) || model.rels.has(`${y}\t${type}\t${x}`));
      expect(step, `a relationship of an allowed type between ${x} and ${y}`).toBe(true);
      if (i < ids.length - 1) expect(q.via, `kind of ${y}`).toContain(model.kinds.get(y));
    }
    expect(seen.has(ids.join('|')), 'distinct').toBe(false);
    seen.add(ids.join('|'));
  }
  for (let i = 1; i < answer.paths.length; i++) {
    expect(comparePaths(answer.paths[i - 1]!, answer.paths[i]!), 'shortest first, then by node ints').toBeLessThan(0);
  }
  const lengths = answer.paths.map(hopsOf);
  if (!answer.truncated) {
    expect(answer.exhaustiveHops).toBe(q.maxHops);
    expect(lengths).toEqual(oracle.slice(0, q.k).map(hopsOf));
  } else {
    // What was found is still the shortest there is, and every path within exhaustiveHops is among it.
    expect(lengths).toEqual(oracle.slice(0, lengths.length).map(hopsOf));
    expect(answer.exhaustiveHops).toBeLessThan(q.maxHops);
    for (const path of oracle) if (hopsOf(path) <= answer.exhaustiveHops) expect(seen.has(path.join('|'))).toBe(true);
  }
  // Paths strictly shorter than the longest returned are all there: ties are the only choice.
  const longest = Math.max(0, ...lengths);
  if (!answer.truncated) for (const path of oracle) if (hopsOf(path) < longest) expect(seen.has(path.join('|'))).toBe(true);
  return oracle;
}
