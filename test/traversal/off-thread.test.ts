/**
 * The index's build and compaction in a worker thread: the same snapshot as on the event loop, while
 * the event loop goes on serving. A build done here instead (the worker never used) fails the second
 * test: the loop stalls for as long as the build takes.
 */
import { describe, expect, it } from 'vitest';
import { watchLoop } from '../../bench/event-loop.js';
import { copyInput as copy } from '../../bench/graph/topology.js';
import { SEGMENTED, Topology, type TopologyInput } from '../../src/topology/snapshot.js';
import { buildOffThread, compactOffThread } from '../../src/traversal/off-thread.js';

/** A random graph with hubs (an end drawn as u³ of the nodes), seeded; some IN_INDUSTRY with segments. */
function randomInput(n: number, m: number, seed: number): TopologyInput {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const ids = Array.from({ length: n }, (_, i) => `实体-${((i * 7919) % n).toString(36)}`);
  const kinds = Uint8Array.from({ length: n }, () => Math.floor(rnd() * 10));
  const from = Int32Array.from({ length: m }, () => Math.floor(rnd() * n));
  const to = Int32Array.from({ length: m }, () => Math.floor(rnd() ** 3 * n));
  const types = Uint8Array.from({ length: m }, () => Math.floor(rnd() * 12));
  const segments = Uint8Array.from(types, (t) => (t === SEGMENTED ? Math.floor(rnd() * 4) : 0));
  return { ids, kinds, from, to, types, segments };
}

function expectSame(a: Topology, b: Topology) {
  expect([a.nodeCount, a.relationCount, a.overlaySize]).toEqual([b.nodeCount, b.relationCount, b.overlaySize]);
  for (let u = 0; u < a.nodeCount; u++) {
    if (a.idOf(u) !== b.idOf(u) || a.kindOf(u) !== b.kindOf(u)) expect([a.idOf(u), a.kindOf(u)]).toEqual([b.idOf(u), b.kindOf(u)]);
    const x = a.entries(u);
    const y = b.entries(u);
    const slice = (e: typeof x) => [e.neighbours, e.types, e.segments].map((arr) => Array.from(arr.subarray(e.start, e.end)));
    if (x.end - x.start !== y.end - y.start || JSON.stringify(slice(x)) !== JSON.stringify(slice(y))) expect(slice(x)).toEqual(slice(y));
  }
}

describe('the topology index off the event loop', () => {
  it('builds and compacts in a worker the same snapshot as here', async () => {
    const input = randomInput(5_000, 15_000, 7);
    const here = Topology.build(copy(input));
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as never;
    const there = await buildOffThread(copy(input), logger);
    expectSame(there, here);

    // Changes of every sort, then both compactions.
    for (let i = 0; i < 400; i++) {
      const a = input.ids[(i * 37) % input.ids.length]!;
      const b = input.ids[(i * 101) % input.ids.length]!;
      for (const t of [here, there]) {
        t.addNode(`新-${i}`, i % 10);
        t.addRelation(`新-${i}`, i % 12, a);
        t.addRelation(a, SEGMENTED, b, (i % 3) + 1);
        t.removeRelation(input.ids[input.from[i]!]!, input.types[i]!, input.ids[input.to[i]!]!);
      }
    }
    expectSame(await compactOffThread(there, logger), here.compacted());
    expect(warnings).toEqual([]);
  });

  it('leaves the event loop free while a big build runs', async () => {
    const input = randomInput(400_000, 1_000_000, 11);
    const spare = copy(input);
    const here = await watchLoop(async () => Topology.build(copy(input)));
    const there = await watchLoop(() => buildOffThread(spare));
    console.log('[off-thread] build of 400k nodes, 1M relationships', {
      here: { ms: Math.round(here.ms), longestStallMs: Math.round(here.longest) },
      worker: { ms: Math.round(there.ms), longestStallMs: Math.round(there.longest) },
    });
    expect(here.longest).toBeGreaterThan(here.ms / 2);
    // Cloning the ids to the worker and taking its arrays back is all the loop waits for.
    expect(there.longest).toBeLessThan(here.ms / 4);
    expectSame(there.result, here.result);
  }, 60_000);

  it('refuses a bad input as a build here does', async () => {
    const input = randomInput(10, 10, 3);
    input.ids[3] = input.ids[4]!;
    expect(() => Topology.build(copy(input))).toThrow(`duplicate id ${input.ids[4]}`);
    await expect(buildOffThread(copy(input))).rejects.toThrow(new RangeError(`duplicate id ${input.ids[4]}`));
  });
});
