/**
 * Load is held: many concurrent clients on the read mix against the real server (started as a child
 * process, `node --import tsx src/main.ts` with the heap flags of `npm start`, so its RSS is its own), with every answer checked, and the
 * server's memory compared between the end of the warm-up and the end of the run.
 *
 *   npx tsx bench/load.ts              # 50 clients; warm-up of 5,000 requests (60 s at most); 30 s measured
 *   npx tsx bench/load.ts --connections 100 --duration 60 --warmup-requests 10000 --warmup-max 120
 *
 * Neo4j comes from NEO4J_URI if set, else it is provisioned like `npm start` does (throwaway data) and
 * seeded. Exits 1 if any request failed or RSS grew more than 20%. test/hardening/load.test.ts runs a
 * shorter bounded version of the same in `npm test`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Neo4jCoordinates } from '../src/core/connection.js';
import { PROJECT_ROOT } from '../src/core/paths.js';

export interface MixEntry {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** What the explorer and GraphiQL users ask most, on entities of the seed graph. */
export const READ_MIX: MixEntry[] = [
  {
    name: 'search',
    query: 'query($t: String!) { search(text: $t, first: 10) { totalCount edges { score node { slug kind name } } } }',
    variables: { t: '芯片' },
  },
  {
    name: 'lookup by name',
    query: `query($n: String!) { entity(name: $n) { slug name aliases evidence { document quote title }
      ... on Company { parks { place { slug name } since } investors { investor { slug name } amountCny round } partners { partner { name } kind } }
    } }`,
    variables: { n: '晋江三伍微电子有限公司' },
  },
  {
    name: 'list',
    query: '{ entities(first: 20, kind: Company, orderBy: {field: DEGREE, direction: DESC}) { totalCount edges { node { slug name } } } }',
  },
  {
    name: 'neighbourhood',
    query:
      '{ neighborhood(id: "san-wu-wei", depth: 2, limit: 100) { ... on Graph { truncated nodes { slug name kind } edges { type } } } }',
  },
  {
    name: 'paths',
    query: `{ paths(from: "jin-jiang-an-xin-ji-jin", to: "fu-zhou-da-xue", maxHops: 4, k: 3) {
      ... on PathsResult { paths { length hops { type direction from { name } to { name } } } } } }`,
  },
  { name: 'stats', query: '{ stats { entities relations byLabel { key count } } }' },
];

export interface RunningServer {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * The heap flags `npm start` gives Node (its `start` script): memory is judged under the settings it
 * runs with. Without them V8 grows the heap as it pleases and RSS drifts with garbage-collection timing.
 */
export async function productionNodeFlags(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(`${PROJECT_ROOT}/package.json`, 'utf8')) as { scripts: Record<string, string> };
  return manifest.scripts.start?.split(/\s+/).filter((word) => /^--(max-(old|semi)-space-size=\d+|expose-gc)$/.test(word)) ?? [];
}

/** `src/main.ts` as a child on a free port over the given Neo4j (no seeding, no managed server of its own). */
export async function startServerProcess(neo4j: Neo4jCoordinates, env: NodeJS.ProcessEnv = {}, startMs = 60_000): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [...(await productionNodeFlags()), '--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      KG_SEED_ON_START: 'false',
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      NEO4J_DATABASE: neo4j.database ?? '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the server (pid ${child.pid}) did not start within ${startMs / 1000} s:\n${tail.join('')}`)),
        startMs,
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        try {
          const entry = JSON.parse(line) as { port?: number };
          if (typeof entry.port === 'number') {
            clearTimeout(timer);
            resolve(entry.port);
          }
        } catch {}
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${code}:\n${tail.join('')}`));
      });
    });
  } catch (error) {
    // Past its deadline (or broken): the caller gets no handle to stop it with, so it is stopped here.
    await stop(2_000);
    throw error;
  }
  // Keep draining its output so that a full pipe never blocks it.
  child.stdout?.resume();
  return {
    pid: child.pid as number,
    url: `http://127.0.0.1:${port}`,
    stop: () => stop(),
  };
}

/** Resident set size of a process, in bytes (Linux /proc, else ps); NaN when neither answers (no such process, no ps). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const kb = status ? /VmRSS:\s+(\d+)/.exec(status)?.[1] : undefined;
  if (kb) return Number(kb) * 1024;
  const ps = spawn('ps', ['-o', 'rss=', '-p', String(pid)]);
  let out = '';
  ps.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  await new Promise((resolve) => {
    ps.on('close', resolve);
    ps.on('error', resolve);
  });
  // `Number('')` is 0: an empty answer is no measurement, not an empty process.
  return /^\d+$/.test(out.trim()) ? Number(out.trim()) * 1024 : Number.NaN;
}

export interface LoadOptions {
  url: string;
  /** The server's pid, for its RSS. */
  pid: number;
  connections: number;
  /**
   * The warm-up runs until this many requests are answered (the JIT, Neo4j's plan cache and the heap
   * settle with requests served, not with seconds), or for `warmupMaxSeconds` at most.
   */
  warmupRequests: number;
  warmupMaxSeconds: number;
  durationSeconds: number;
  mix?: MixEntry[];
  log?: (line: string) => void;
}

export interface LoadReport {
  connections: number;
  warmup: { requests: number; seconds: number };
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Socket errors, timeouts, non-2xx answers, and 200s carrying GraphQL errors or no data. */
  failures: { errors: number; timeouts: number; non2xx: number; badBodies: number };
  firstBadBody?: string;
  /** After the warm-up and at the end (each the median of three one-second samples), the most seen, and every sample. */
  rssMB: { afterWarmup: number; end: number; max: number; timeline: number[] };
  /** RSS at the end over RSS after the warm-up, minus one. */
  rssGrowth: number;
  byQuery: Record<string, number>;
}

const toMB = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** One autocannon run over the mix (for `seconds`, or until `amount` requests); each response's body is checked, and counted per query. */
async function cannon(options: LoadOptions, length: { seconds: number; amount?: number }, onSample?: () => void) {
  const mix = options.mix ?? READ_MIX;
  const byQuery: Record<string, number> = Object.fromEntries(mix.map((m) => [m.name, 0]));
  let badBodies = 0;
  let firstBadBody: string | undefined;
  // Without a callback, autocannon's instance (with `stop`) is also the promise of its result.
  const instance = autocannon({
    url: `${options.url}/graphql`,
    connections: options.connections,
    ...(length.amount ? { amount: length.amount } : { duration: length.seconds }),
    timeout: 10,
    requests: mix.map((entry) => ({
      method: 'POST' as const,
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: entry.query, variables: entry.variables ?? {} }),
      onResponse: (status: number, body: string) => {
        byQuery[entry.name] = (byQuery[entry.name] ?? 0) + 1;
        if (status !== 200 || body.includes('"errors"') || !body.startsWith('{"data":{')) {
          badBodies++;
          firstBadBody ??= `${entry.name}: ${status} ${body.slice(0, 300)}`;
        }
      },
    })),
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  const sampler = onSample ? setInterval(onSample, 1_000) : undefined;
  const cap = length.amount ? setTimeout(() => instance.stop(), length.seconds * 1_000) : undefined;
  const result = await instance;
  if (sampler) clearInterval(sampler);
  if (cap) clearTimeout(cap);
  return { result, byQuery, badBodies, firstBadBody };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * Warm-up, then the measured run, back to back, RSS sampled every second under load. "RSS after the
 * warm-up" and "at the end" are each the median of the last three samples: one sample lands anywhere on
 * the garbage collector's saw-tooth (±10% here), which would decide the comparison by chance.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? (() => {});
  const sample = (into: number[]) => () => {
    rssOf(options.pid).then((rss) => into.push(rss));
  };
  log(`warm-up: ${options.connections} clients for ${options.warmupRequests} requests (${options.warmupMaxSeconds} s at most)`);
  const warmSamples: number[] = [];
  const warmStarted = Date.now();
  const warm = await cannon(options, { seconds: options.warmupMaxSeconds, amount: options.warmupRequests }, sample(warmSamples));
  const warmup = { requests: warm.result.requests.total, seconds: Math.round((Date.now() - warmStarted) / 100) / 10 };
  if (warm.badBodies > 0 || warm.result.errors > 0) {
    throw new Error(`failures during the warm-up: ${warm.badBodies} bad bodies, ${warm.result.errors} errors; ${warm.firstBadBody ?? ''}`);
  }
  const afterWarmup = median(warmSamples.slice(-3));
  log(`measured run: ${options.connections} clients for ${options.durationSeconds} s (RSS after warm-up ${toMB(afterWarmup)} MB)`);
  const samples: number[] = [];
  const run = await cannon(options, { seconds: options.durationSeconds }, sample(samples));
  const end = median(samples.slice(-3));
  const { result } = run;
  return {
    connections: options.connections,
    warmup,
    durationSeconds: options.durationSeconds,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    failures: { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, badBodies: run.badBodies },
    firstBadBody: run.firstBadBody,
    rssMB: {
      afterWarmup: toMB(afterWarmup),
      end: toMB(end),
      max: toMB(Math.max(...warmSamples.slice(-3), ...samples)),
      timeline: [...warmSamples, ...samples].map(toMB),
    },
    rssGrowth: Math.round((end / afterWarmup - 1) * 1000) / 1000,
    byQuery: run.byQuery,
  };
}

const measured = (mb: number) => Number.isFinite(mb) && mb > 0;

/**
 * The load test's verdict: no failure of any kind, RSS measured after the warm-up and at the end, and
 * within `maxGrowth` of each other. A missing sample is a failure: NaN growth compares false with any
 * bound, which would read as memory held flat.
 */
export function verdict(report: LoadReport, maxGrowth = 0.2): string[] {
  const problems: string[] = [];
  const { errors, timeouts, non2xx, badBodies } = report.failures;
  if (errors + timeouts + non2xx + badBodies > 0) {
    problems.push(`failures: ${JSON.stringify(report.failures)}${report.firstBadBody ? ` (first: ${report.firstBadBody})` : ''}`);
  }
  if (report.requests === 0) problems.push('no request was answered');
  const { afterWarmup, end, timeline } = report.rssMB;
  const unread = timeline.filter((mb) => !measured(mb)).length;
  if (!measured(afterWarmup) || !measured(end) || !Number.isFinite(report.rssGrowth) || unread > 0) {
    problems.push(
      `RSS not measured: ${afterWarmup} MB after the warm-up, ${end} MB at the end, growth ${report.rssGrowth}; ` +
        `${timeline.length} samples, ${unread} of them unread`,
    );
  } else if (report.rssGrowth > maxGrowth) {
    problems.push(
      `RSS grew ${(report.rssGrowth * 100).toFixed(1)}% (${report.rssMB.afterWarmup} → ${report.rssMB.end} MB), over ${maxGrowth * 100}%`,
    );
  }
  return problems;
}

async function main() {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '30' },
      'warmup-requests': { type: 'string', default: '5000' },
      'warmup-max': { type: 'string', default: '60' },
    },
  });
  const { loadConfig } = await import('../src/config.js');
  const { provisionNeo4j } = await import('../src/neo4j/provision.js');
  const { Database } = await import('../src/db/database.js');
  const { ensureSeeded } = await import('../src/knowledge/load.js');
  const log = (line: string) => console.error(`[load] ${line}`);

  const neo4j = await provisionNeo4j({ config: loadConfig(), storage: 'throwaway', progress: log });
  let server: RunningServer | undefined;
  try {
    const db = Database.connect(neo4j);
    try {
      const seeded = await ensureSeeded(db);
      if (seeded) log(`seeded: ${JSON.stringify(seeded)}`);
    } finally {
      await db.close();
    }
    server = await startServerProcess(neo4j);
    log(`server pid ${server.pid} on ${server.url}, Neo4j ${neo4j.source} at ${neo4j.uri}`);
    const report = await runLoad({
      url: server.url,
      pid: server.pid,
      connections: Number(values.connections),
      durationSeconds: Number(values.duration),
      warmupRequests: Number(values['warmup-requests']),
      warmupMaxSeconds: Number(values['warmup-max']),
      log,
    });
    console.log(JSON.stringify(report, null, 2));
    const problems = verdict(report);
    for (const problem of problems) log(`FAIL ${problem}`);
    if (problems.length === 0) {
      log(
        `ok: ${report.requests} requests, ${report.requestsPerSecond}/s, p99 ${report.latencyMs.p99} ms, RSS ${report.rssMB.afterWarmup} → ${report.rssMB.end} MB`,
      );
    }
    process.exitCode = problems.length === 0 ? 0 : 1;
  } finally {
    await server?.stop();
    await neo4j.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
