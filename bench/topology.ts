/**
 * The in-memory traversal engine (src/topology) on the benchmark's graph, one thread, no database:
 * build time and memory, then k = 5 shortest paths of at most 6 hops, neighbourhoods and supply
 * tiers, and the cost of changes and of a compaction; the build and the compaction also as the server
 * runs them, in a worker, with the longest the event loop waited meanwhile.
 *
 *   npx tsx --expose-gc bench/topology.ts --nodes 1000000 [--seed 42] [--pairs 1000] [--out bench/results]
 *   npx tsx bench/topology.ts --check      # the topology generator against bench/generate.ts's files
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PATH_KINDS, RELATION_TYPES } from '../src/core/ontology.js';
import { neighborhood, segmentLadder, supplyTiers } from '../src/topology/expand.js';
import { DEFAULT_PATH_BUDGET, kShortestPaths } from '../src/topology/paths.js';
import { INCOMING, kindCode, Topology, typeCode } from '../src/topology/snapshot.js';
import { buildOffThread, compactOffThread } from '../src/traversal/off-thread.js';
import { watchLoop } from './event-loop.js';
import { generate } from './generate.js';
import { rng } from './graph/random.js';
import { copyInput, generateTopology } from './graph/topology.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    pairs: { type: 'string', default: '1000' },
    out: { type: 'string', default: join('bench', 'results') },
    check: { type: 'boolean', default: false },
  },
});

const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toFixed(1);
const gc = (globalThis as { gc?: () => void }).gc;
const memory = async () => {
  // ArrayBuffers' backing stores are freed after the collection that drops them: collect twice.
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, arrayBuffers: m.arrayBuffers };
};
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s.at(-1) ?? 0 };
};

/** Runs `work`, for its row: its wall time and the event loop's longest wait meanwhile. */
async function offThreadRow(work: () => Promise<unknown>) {
  const { ms, longest } = await watchLoop(work);
  return `${(ms / 1000).toFixed(2)} s, the event loop's longest wait ${longest.toFixed(0)} ms`;
}

async function check() {
  const n = 3000;
  const dir = await mkdtemp(join(tmpdir(), 'topology-check-'));
  try {
    await generate({ entities: n, seed: 7, dir });
    const files = await readdir(join(dir, 'seeds'));
    const written = new Set<string>();
    for (const f of files) {
      const seed = JSON.parse(await readFile(join(dir, 'seeds', f), 'utf8')) as { relations: { type: string; from: string; to: string }[] };
      for (const r of seed.relations) written.add(`${r.from}|${r.type}|${r.to}`);
    }
    const { input } = generateTopology(n, 7);
    const mine = new Set<string>();
    for (let r = 0; r < input.from.length; r++) {
      mine.add(`${input.ids[input.from[r]!]}|${RELATION_TYPES[input.types[r]!]}|${input.ids[input.to[r]!]}`);
    }
    const missing = [...written].filter((k) => !mine.has(k));
    const extra = [...mine].filter((k) => !written.has(k));
    console.log(
      `generator check at ${n}: ${written.size} written, ${mine.size} generated, ${missing.length} missing, ${extra.length} extra`,
    );
    if (missing.length + extra.length > 0) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function bench() {
  const n = Number(values.nodes);
  const seed = Number(values.seed);
  const pairCount = Number(values.pairs);
  const rows: [string, string][] = [];
  const row = (what: string, value: string) => {
    rows.push([what, value]);
    console.log(`${what}: ${value}`);
  };

  const atStart = await memory();
  let started = performance.now();
  const generated = generateTopology(n, seed);
  row(
    'graph',
    `${n.toLocaleString('en')} nodes, ${generated.input.from.length.toLocaleString('en')} relationships (bench/generate.ts, seed ${seed})`,
  );
  row('generate (input arrays, not the engine)', `${((performance.now() - started) / 1000).toFixed(1)} s`);
  const withInput = await memory();
  row('build in a worker, as the server does', await offThreadRow(() => buildOffThread(copyInput(generated.input))));
  await memory();
  started = performance.now();
  let t: Topology | undefined = Topology.build(generated.input);
  const buildSeconds = (performance.now() - started) / 1000;
  const { supplyRoots, bigParks } = generated;
  const bigParkIds = bigParks.map((i) => generated.input.ids[i]!);
  const supplyIds = supplyRoots.slice(0, 1000).map((i) => generated.input.ids[i]!);
  (generated as { input?: unknown }).input = undefined;
  const built = await memory();
  const topo = t;
  t = undefined;
  row('build on this thread', `${buildSeconds.toFixed(2)} s`);
  row('relationships after duplicates collapsed', topo.relationCount.toLocaleString('en'));
  let maxDegree = 0;
  for (let u = 0; u < topo.nodeCount; u++) maxDegree = Math.max(maxDegree, topo.degree(u));
  row('largest degree', maxDegree.toLocaleString('en'));
  row('memoryBytes() without search scratch', `${mb(topo.memoryBytes())} MB`);

  const types = RELATION_TYPES.map((_, i) => i);
  const via = DEFAULT_PATH_KINDS.map(kindCode);
  const r = rng(seed * 7919 + 1);
  const hub = new Set(['Region', 'Industry'].map((k) => kindCode(k as never)));
  const randomNode = () => {
    for (;;) {
      const u = Math.floor(r() * topo.nodeCount);
      if (!hub.has(topo.kindOf(u))) return u;
    }
  };
  const pairs = Array.from({ length: pairCount }, () => [randomNode(), randomNode()] as const);
  // Tenants of the ten biggest parks: both ends sit next to a hub of tens of thousands.
  const tenantsOf = (park: number) => {
    const e = topo.entries(park);
    return Array.from({ length: e.end - e.start }, (_, i) => e.neighbours[e.start + i]!).filter((v) => !hub.has(topo.kindOf(v)));
  };
  const tenants = bigParkIds.map((id) => tenantsOf(topo.nodeOf(id)!));
  const hubPairs = Array.from({ length: Math.min(pairCount, 300) }, (_, i) => {
    const a = tenants[i % 10]!;
    const b = tenants[(i + 3) % 10]!;
    return [a[Math.floor(r() * a.length)]!, b[Math.floor(r() * b.length)]!] as const;
  });

  // Warm-up on pairs of their own: the JIT settles over the first few hundred searches.
  const warmPairs = Array.from({ length: 300 }, () => [randomNode(), randomNode()] as const);
  const pathRun = (label: string, list: readonly (readonly [number, number])[], k = 5) => {
    for (const [s, x] of warmPairs) kShortestPaths(topo, s, x, { maxHops: 6, k, types, via });
    const ms: number[] = [];
    const cpu: number[] = [];
    const work: number[] = [];
    let truncated = 0;
    let found = 0;
    for (const [s, x] of list) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const answer = kShortestPaths(topo, s, x, { maxHops: 6, k, types, via });
      ms.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      work.push(answer.work);
      if (answer.truncated) truncated++;
      if (answer.paths.length === k) found++;
    }
    const time = stats(ms);
    const onCpu = stats(cpu);
    const w = stats(work);
    row(
      `${label}: ${list.length} pairs, k = ${k}, ≤ 6 hops`,
      `p50 ${time.p50.toFixed(2)} ms, p99 ${time.p99.toFixed(2)} ms, max ${time.max.toFixed(1)} ms (CPU time p50 ${onCpu.p50.toFixed(2)}, p99 ${onCpu.p99.toFixed(2)}, max ${onCpu.max.toFixed(1)} ms); **${truncated} truncated**; ${found} with ${k} paths; work p50 ${w.p50.toLocaleString('en')}, p99 ${w.p99.toLocaleString('en')}, max ${w.max.toLocaleString('en')} (budget ${DEFAULT_PATH_BUDGET.toLocaleString('en')})`,
    );
  };
  pathRun('paths, random pairs (via: all kinds but Region and Industry)', pairs);
  row('memoryBytes() with search scratch', `${mb(topo.memoryBytes())} MB`);
  pathRun('paths, tenants of the ten biggest parks', hubPairs);
  pathRun('paths, random pairs', pairs, 10);

  const timed = (label: string, count: number, run: (i: number) => void) => {
    for (let i = 0; i < Math.min(50, count); i++) run(i);
    const ms: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      run(i);
      ms.push(performance.now() - t0);
    }
    const s = stats(ms);
    row(label, `p50 ${s.p50.toFixed(3)} ms, p99 ${s.p99.toFixed(3)} ms, max ${s.max.toFixed(2)} ms`);
  };
  const roots = pairs.map(([s]) => s);
  timed(`neighbourhood, depth 2, limit 100, all types (${roots.length} roots)`, roots.length, (i) => {
    neighborhood(topo, roots[i]!, 2, types, 100);
  });
  const reached = roots.map((u) => neighborhood(topo, u, 2, types, 100));
  row(
    'neighbourhood: nodes reached, mean; truncated',
    `${(reached.reduce((sum, x) => sum + x.nodes.length, 0) / roots.length).toFixed(1)}; ${reached.filter((x) => x.truncated).length}`,
  );
  const supply = supplyIds.map((id) => topo.nodeOf(id)!);
  timed(`supply tiers, downstream, depth 2, limit 100 (${supply.length} roots)`, supply.length, (i) => {
    supplyTiers(topo, supply[i]!, 'DOWNSTREAM', 2, 100);
  });
  timed(`supply tiers, upstream, depth 2, limit 100 (${supply.length} roots)`, supply.length, (i) => {
    supplyTiers(topo, supply[i]!, 'UPSTREAM', 2, 100);
  });
  timed(`segment ladder, downstream, rungs only (${supply.length} roots)`, supply.length, (i) => {
    segmentLadder(topo, supply[i]!, 'DOWNSTREAM', false);
  });
  timed(`segment ladder, downstream, with members (${supply.length} roots)`, supply.length, (i) => {
    segmentLadder(topo, supply[i]!, 'DOWNSTREAM', true);
  });
  const ladders = supply.map((u) => segmentLadder(topo, u, 'DOWNSTREAM', true));
  row(
    'segment ladder: rungs, members, mean',
    `${(ladders.reduce((sum, l) => sum + l.length, 0) / ladders.length).toFixed(1)}, ${(ladders.reduce((sum, l) => sum + l.reduce((k, x) => k + x.members.length, 0), 0) / ladders.length).toFixed(0)}`,
  );

  // Changes: 10 000 relationships added and 10 000 removed, then a compaction.
  started = performance.now();
  const located = typeCode('LOCATED_IN');
  for (let i = 0; i < 10_000; i++) {
    const [a, b] = pairs[i % pairs.length]!;
    topo.addRelation(topo.idOf(a), located, topo.idOf((b + i) % topo.nodeCount));
    const u = randomNode();
    const e = topo.entries(u);
    if (e.end > e.start && !(e.types[e.start]! & INCOMING))
      topo.removeRelation(topo.idOf(u), e.types[e.start]!, topo.idOf(e.neighbours[e.start]!));
  }
  row(
    '20 000 changes applied to the overlay',
    `${(performance.now() - started).toFixed(0)} ms (overlay size ${topo.overlaySize.toLocaleString('en')})`,
  );
  pathRun('paths with that overlay, random pairs', pairs.slice(0, 300));
  row('compaction in a worker, as the server does', await offThreadRow(() => compactOffThread(topo)));
  started = performance.now();
  const compacted = topo.compacted();
  row(
    'compaction on this thread',
    `${((performance.now() - started) / 1000).toFixed(2)} s (${compacted.relationCount.toLocaleString('en')} relationships)`,
  );

  const after = await memory();
  const table = (m: { rss: number; heap: number; arrayBuffers: number }) =>
    `RSS ${mb(m.rss)} MB, heap ${mb(m.heap)} MB, arrayBuffers ${mb(m.arrayBuffers)} MB`;
  row('process at start', table(atStart));
  row('process with the generated input arrays', table(withInput));
  row('process after the build, input dropped', table(built));
  row('process at the end (both snapshots held)', table(after));
  if (!gc) row('note', 'run with `npx tsx --expose-gc` for memory figures after a collection');

  const md = [
    `# Traversal engine at ${n.toLocaleString('en')} nodes`,
    '',
    `\`npx tsx --expose-gc bench/topology.ts --nodes ${n}\`, Node ${process.version}, one thread (and a worker where a row says so), on the project's machine (2 cores, shared: load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(', ')} at the end of the run, so timings carry other processes' noise).`,
    '',
    '| measure | value |',
    '| --- | --- |',
    ...rows.map(([what, value]) => `| ${what} | ${value} |`),
    '',
  ].join('\n');
  const file = join(values.out!, `topology-${n}.md`);
  await writeFile(file, md);
  console.log(`wrote ${file}`);
}

if (values.check) await check();
else await bench();
