/**
 * `npm run bench -- [--entities 100000] [--seed 42] [--duration 10] [--warmup 10] [--connections 8]
 *                   [--shapes lookup,search,…] [--servers ours,neo4j-graphql,raw] [--batch-size 20000]
 *                   [--import bulk|batched] [--skip-import] [--api-flags "--max-old-space-size=96"] [--out bench/results]`
 *
 * 1. generates (or reuses) the graph and its documents in bench/work/graph-<entities>-<seed>/;
 * 2. obtains Neo4j like the project does (provisionNeo4j, throwaway storage; NEO4J_URI if set);
 * 3. imports the graph through the project's own importer, in a child process: `--import bulk` (the
 *    default without NEO4J_URI) is `kg import --bulk`'s path, neo4j-admin into a throwaway managed
 *    home before its server starts, then the server builds the indexes; `--import batched` is
 *    `kg import --batched`'s, over Bolt;
 * 4. starts our API (as `npm start` does: dist/src/main.js with its node flags), @neo4j/graphql 7 and a raw Cypher handler,
 *    each in its own process, all over the same Neo4j;
 * 5. runs the query mix against each with autocannon (loopback, warm-up excluded, bounded duration);
 * 6. writes bench/results/bench-<entities>.{json,md,svg}.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.js';
import { PROJECT_ROOT } from '../src/core/paths.js';
import type { PendingProps } from '../src/core/rows.js';
import { Database } from '../src/db/database.js';
import { bulkLoad, describeBulkLoad } from '../src/knowledge/bulk/load.js';
import { freePort, startManagedNeo4j } from '../src/neo4j/managed.js';
import { type ProvisionedNeo4j, provisionNeo4j } from '../src/neo4j/provision.js';
import { generate, type Manifest } from './generate.js';
import type { BatchedImportResult, BulkImportResult, BulkImportRun, ImportResult } from './import.js';
import { requestFor, SERVERS, type ServerName, SHAPES } from './mix.js';
import { type BenchResult, type Cell, markdown, type ServerInfo, svg } from './report.js';

const { values } = parseArgs({
  options: {
    entities: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    duration: { type: 'string', default: '10' },
    /** Seconds per server and shape: a freshly started Neo4j runs its first path searches ten times slower. */
    warmup: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    shapes: { type: 'string' },
    servers: { type: 'string' },
    'batch-size': { type: 'string', default: '20000' },
    'skip-import': { type: 'boolean', default: false },
    /** bulk (neo4j-admin, managed Neo4j only; the default without NEO4J_URI) or batched (Bolt). */
    import: { type: 'string' },
    /** Extra node flags for our API, e.g. "--max-old-space-size=96" to study RSS. */
    'api-flags': { type: 'string', default: '' },
    out: { type: 'string', default: join(PROJECT_ROOT, 'bench', 'results') },
  },
});
const entities = Number(values.entities);
const seed = Number(values.seed);
const duration = Number(values.duration);
const warmup = Number(values.warmup);
const connections = Number(values.connections);
const shapes = values.shapes ? SHAPES.filter((s) => values.shapes?.split(',').includes(s.name)) : SHAPES;
const servers = values.servers ? SERVERS.filter((s) => values.servers?.split(',').includes(s)) : SERVERS;
for (const [name, n] of Object.entries({ entities, seed, duration, warmup, connections })) {
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
/** One line, rewritten in place on a terminal. */
const status = (line: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K[bench] ${line}`);
};
const endStatus = () => {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
};

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];
async function cleanup() {
  for (const child of children) child.kill('SIGTERM');
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void cleanup().then(() => process.exit(130));
  });
}

const rssMB = (pid: number) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};

const TSX = ['--import', 'tsx'];
/** `npm start`'s node flags, read from package.json so the benchmark runs what users run; --api-flags adds to them. */
const START = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts.start as string;
const apiFlags = [
  ...START.split(/\s+/).filter((token) => token.startsWith('--')),
  ...(values['api-flags'] ?? '').split(/\s+/).filter(Boolean),
];
const apiFlagText = apiFlags.map((f) => `${f} `).join('');
const DIST = join(PROJECT_ROOT, 'bench', 'work', 'dist');

/**
 * Builds our API as `npm start` does (src/tsconfig.build.json into dist/), and the two other servers
 * with bench/tsconfig.build.json into bench/work/dist/, so that all three run as plain Node.
 */
async function buildJs() {
  const tsc = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsc');
  for (const [project, output] of [
    [join('src', 'tsconfig.build.json'), join(PROJECT_ROOT, 'dist', 'src', 'main.js')],
    [join('bench', 'tsconfig.build.json'), join(DIST, 'bench', 'servers', 'raw.js')],
  ] as const) {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(tsc, ['-p', project], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('exit', resolve);
    });
    if (code !== 0 || !existsSync(output)) throw new Error(`tsc -p ${project} failed (exit ${code})`);
  }
}

function runImport<T>(dir: string, args: string[], env: NodeJS.ProcessEnv, nodeFlags: string[] = []): Promise<T> {
  // The compiled graph lives in this process's heap: about 7 GB at a million entities.
  const heapMB = Math.max(2048, Math.ceil((entities / 1_000_000) * 10_240));
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${heapMB}`, ...nodeFlags, ...TSX, join('bench', 'import.ts'), dir, ...args],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    for (const line of c.toString().split('\n').filter(Boolean)) log(line);
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      children.delete(child);
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as T);
      else reject(new Error(`import failed (exit ${code})`));
    });
  });
}

interface Running {
  name: ServerName;
  port: number;
  pid: number;
  info: ServerInfo;
  child: ChildProcess;
}

async function startServer(name: ServerName, coords: { uri: string; user: string; password: string; database?: string }): Promise<Running> {
  const port = await freePort();
  const neo4jJson = JSON.stringify(coords);
  const apiEnv: NodeJS.ProcessEnv = {
    NEO4J_URI: coords.uri,
    NEO4J_USER: coords.user,
    NEO4J_PASSWORD: coords.password,
    ...(coords.database ? { NEO4J_DATABASE: coords.database } : {}),
    HOST: '127.0.0.1',
    PORT: String(port),
    KG_SEED_ON_START: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  const benchEnv = { BENCH_NEO4J: neo4jJson, PORT: String(port) };
  const spec: Record<ServerName, { args: string[]; env: NodeJS.ProcessEnv; command: string }> = {
    // What `npm start` runs, without npm's wrapper process, so the RSS is the server's.
    ours: {
      args: [...apiFlags, join(PROJECT_ROOT, 'dist', 'src', 'main.js')],
      command: `node ${apiFlagText}dist/src/main.js`,
      env: apiEnv,
    },
    'neo4j-graphql': {
      args: [join(DIST, 'bench', 'servers', 'neo4j-graphql.js')],
      command: 'node dist/bench/servers/neo4j-graphql.js',
      env: benchEnv,
    },
    raw: { args: [join(DIST, 'bench', 'servers', 'raw.js')], command: 'node dist/bench/servers/raw.js', env: benchEnv },
  };
  const { args, env, command } = spec[name];
  const started = performance.now();
  // A clean environment for the API: only PATH and HOME from ours, so a developer's .env settings
  // (NEO4J_URI, KG_*) do not leak in; dotenv in src/config.ts does not override what is set here.
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`${name} exited (code ${code}) before it was ready:\n${output.slice(-2000)}`))),
  );
  const ready = (async () => {
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) return;
    }
    throw new Error(`${name} did not answer /healthz within 120 s:\n${output.slice(-2000)}`);
  })();
  await Promise.race([ready, exited]);
  const startupSeconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const pid = child.pid as number;
  const info: ServerInfo = { server: name, command, startupSeconds, idleRssMB: rssMB(pid), peakRssMB: rssMB(pid) };
  return { name, port, pid, info, child };
}

/** One request of each shape, checked for a 200 and no GraphQL errors, before any load. */
async function sanity(server: Running, manifest: Manifest) {
  for (const shape of shapes) {
    for (let i = 0; i < 3; i++) {
      const spec = requestFor(server.name, shape, manifest.samples, i);
      if (!spec) continue;
      const res = await fetch(`http://127.0.0.1:${server.port}${spec.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: spec.body,
      });
      const text = await res.text();
      if (res.status !== 200 || text.includes('"errors"')) {
        throw new Error(`${server.name} ${shape.name}: HTTP ${res.status}: ${text.slice(0, 500)}`);
      }
    }
  }
}

async function load(server: Running, shapeName: string, manifest: Manifest, seconds: number, onTick?: (s: number) => void) {
  const shape = SHAPES.find((s) => s.name === shapeName);
  if (!shape) throw new Error(shapeName);
  let counter = 0;
  let failures = 0;
  const first = requestFor(server.name, shape, manifest.samples, 0);
  if (!first) throw new Error('unsupported');
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: `http://127.0.0.1:${server.port}`,
      connections,
      duration: seconds,
      timeout: 30,
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          path: first.path,
          setupRequest: (req) => {
            const spec = requestFor(server.name, shape, manifest.samples, counter++) as { path: string; body: string };
            return { ...req, path: spec.path, body: spec.body };
          },
          onResponse: (status, body) => {
            if (status !== 200 || body.includes('"errors"')) failures++;
          },
        },
      ],
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  let tick = 0;
  instance.on('tick', () => onTick?.(++tick));
  const result = await finished;
  return { result, failures: failures + result.errors + result.timeouts };
}

const BULK_NODE_FLAG = '--max-semi-space-size=64';

/**
 * `--import bulk`: kg import --bulk's bulkLoad into a throwaway managed home, its build step (compile,
 * CSV, neo4j-admin) in the import child, whose heap holds the compiled graph.
 */
async function bulkThenStart(dir: string, config: ReturnType<typeof loadConfig>) {
  const home = await mkdtemp(join(tmpdir(), 'kg-neo4j-'));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  log(`importing ${entities} entities with the project's importer (bulk: neo4j-admin into ${home})`);
  let run: BulkImportRun | undefined;
  const { server, result: load } = await bulkLoad({
    home,
    build: async () => {
      // A larger young generation: the CSV rows die young instead of being promoted into a heap holding
      // the whole compiled graph (at a million entities the CSV write takes 14 s instead of 23 s).
      run = await runImport<BulkImportRun>(
        dir,
        ['--bulk', home],
        { KG_NEO4J_HEAP: config.KG_NEO4J_HEAP, KG_NEO4J_PAGECACHE: config.KG_NEO4J_PAGECACHE },
        [BULK_NODE_FLAG],
      );
      const pending = JSON.parse(await readFile(run.pendingFile, 'utf8')) as PendingProps;
      return { ...run, files: run.csvFiles, phases: run.adminPhases, pending };
    },
    start: () =>
      startManagedNeo4j({
        home,
        heap: config.KG_NEO4J_HEAP,
        pagecache: config.KG_NEO4J_PAGECACHE,
        progress: (line) => log(`neo4j: ${line}`),
      }),
    progress: (line) => log(`import: ${line}`),
  });
  cleanups.push(() => server.stop());
  const result: BulkImportResult = {
    ...(run as BulkImportRun),
    serverStartSeconds: load.serverStartSeconds,
    indexSeconds: load.indexSeconds,
    pendingSeconds: load.pendingSeconds,
    wholeSeconds: load.wholeSeconds,
    wholeEntitiesPerSecond: load.entities / load.wholeSeconds,
    wholeRelationsPerSecond: load.relations / load.wholeSeconds,
    adminEntitiesPerSecond: load.entities / load.adminSeconds,
    adminRelationsPerSecond: load.relations / load.adminSeconds,
  };
  log(`import: ${describeBulkLoad(load)}`);
  const neo4j: ProvisionedNeo4j = {
    source: 'managed',
    uri: server.uri,
    user: server.user,
    password: server.password,
    stop: () => server.stop(),
  };
  return { neo4j, result };
}

async function main() {
  const startedAt = new Date().toISOString();
  const config = loadConfig();
  const dir = join(PROJECT_ROOT, 'bench', 'work', `graph-${entities}-${seed}`);
  log(`generating ${entities} entities (seed ${seed}) into ${dir}`);
  const manifest = await generate({ entities, seed, dir, progress: log });

  const method = values.import ?? (config.NEO4J_URI || values['skip-import'] ? 'batched' : 'bulk');
  if (method !== 'bulk' && method !== 'batched') throw new Error(`--import must be bulk or batched, not "${method}"`);
  if (method === 'bulk' && config.NEO4J_URI)
    throw new Error('--import bulk needs the managed local Neo4j, not NEO4J_URI: use --import batched');
  if (method === 'bulk' && values['skip-import'])
    throw new Error('--skip-import goes with --import batched (a bulk import starts from nothing)');

  let importResult: ImportResult | undefined;
  let neo4j: ProvisionedNeo4j;
  if (method === 'bulk') {
    const bulk = await bulkThenStart(dir, config);
    neo4j = bulk.neo4j;
    importResult = bulk.result;
  } else {
    neo4j = await provisionNeo4j({ config, storage: 'throwaway', progress: (line) => log(`neo4j: ${line}`) });
    cleanups.push(() => neo4j.stop());
  }
  const coords = { uri: neo4j.uri, user: neo4j.user, password: neo4j.password, database: neo4j.database };
  log(`neo4j: ${neo4j.source} at ${neo4j.uri}`);

  const db = Database.connect(coords);
  try {
    await db.applySchema();
    const [row] = await db.read<{ n: number }>('MATCH (n:Entity) RETURN count(n) AS n');
    const present = row?.n ?? 0;
    if (neo4j.source === 'external' && present > 0 && present !== manifest.entities) {
      throw new Error(`NEO4J_URI holds ${present} entities, not this benchmark's ${manifest.entities}: use an empty database`);
    }
    // A bulk import was made above, before the server started.
    if (method === 'batched') {
      if (values['skip-import'] && present === manifest.entities) log('import skipped: the graph is already loaded');
      else {
        log(`importing ${manifest.entities} entities and ${manifest.relations} relations with the project's importer (batched)`);
        const batched = await runImport<BatchedImportResult>(dir, [String(Number(values['batch-size']))], {
          BENCH_NEO4J: JSON.stringify(coords),
        });
        importResult = batched;
        log(
          `import: ${Math.round(batched.entitiesPerSecond)} entities/s, ${Math.round(batched.relationsPerSecond)} relationships/s ` +
            `(compile ${batched.compileSeconds.toFixed(1)} s, write ${batched.writeSeconds.toFixed(1)} s)`,
        );
      }
    }
    // Fresh statistics for the planner after a bulk load.
    await db.read('CALL db.resampleOutdatedIndexes()').catch(() => {});
  } finally {
    await db.close();
  }

  log('compiling the servers with tsc');
  await buildJs();
  const running: Running[] = [];
  for (const name of servers) {
    log(`starting ${name}`);
    const server = await startServer(name, coords);
    running.push(server);
    cleanups.push(async () => {
      server.child.kill('SIGTERM');
    });
    log(
      `${name}: ready in ${server.info.startupSeconds.toFixed(1)} s, idle RSS ${Math.round(server.info.idleRssMB)} MB (pid ${server.pid})`,
    );
    await sanity(server, manifest);
  }

  const cells: Cell[] = [];
  const supports = (server: ServerName, shape: (typeof shapes)[number]) => requestFor(server, shape, manifest.samples, 0) !== undefined;
  const runnable = shapes.flatMap((shape) => servers.filter((server) => supports(server, shape))).length;
  let done = 0;
  for (const [index, shape] of shapes.entries()) {
    const able = servers.filter((server) => supports(server, shape));
    // Every server warms up on this shape first (JIT, Neo4j's page cache and query plans), then they
    // are measured in an order that rotates from shape to shape, so none is always first.
    for (const name of able) {
      status(`${shape.name}: warming up ${name} (${warmup} s)`);
      if (warmup > 0) await load(running.find((r) => r.name === name) as Running, shape.name, manifest, warmup);
    }
    const order = able.map((_, i) => able[(i + index) % able.length] as ServerName);
    for (const name of servers.filter((server) => !supports(server, shape))) {
      const unsupported = typeof shape.neo4jGraphql === 'string' ? 'unsupported' : shape.neo4jGraphql.unsupported;
      cells.push({ shape: shape.name, title: shape.title, server: name, unsupported });
    }
    for (const name of order) {
      const server = running.find((r) => r.name === name) as Running;
      done++;
      const label = `${done}/${runnable} ${shape.name} × ${name}`;
      let peak = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMB(server.pid));
      }, 200);
      const { result, failures } = await load(server, shape.name, manifest, duration, (s) => status(`${label}: ${s}/${duration} s`));
      clearInterval(sampler);
      peak = Math.max(peak, rssMB(server.pid));
      server.info.peakRssMB = Math.max(server.info.peakRssMB, peak);
      const cell: Cell = {
        shape: shape.name,
        title: shape.title,
        server: name,
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        failures,
        rssPeakMB: Math.round(peak),
      };
      cells.push(cell);
      endStatus();
      log(
        `${label}: ${Math.round(cell.requestsPerSecond ?? 0)} req/s, p50 ${cell.p50} ms, p99 ${cell.p99} ms, ` +
          `${failures} failures, RSS ${cell.rssPeakMB} MB`,
      );
    }
  }
  // Table order: the servers' order, whatever order they ran in.
  cells.sort(
    (a, b) =>
      shapes.findIndex((s) => s.name === a.shape) - shapes.findIndex((s) => s.name === b.shape) ||
      servers.indexOf(a.server) - servers.indexOf(b.server),
  );

  const result: BenchResult = {
    startedAt,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() || 'unknown CPU',
      memoryGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    neo4j: { source: neo4j.source, heap: config.KG_NEO4J_HEAP, pagecache: config.KG_NEO4J_PAGECACHE },
    options: { entities, seed, durationSeconds: duration, warmupSeconds: warmup, connections, import: method },
    graph: { entities: manifest.entities, relations: manifest.relations, documents: manifest.documents, quotes: manifest.quotes },
    import: importResult,
    servers: running.map((r) => r.info),
    cells,
  };
  await mkdir(values.out as string, { recursive: true });
  const base = join(values.out as string, `bench-${entities}`);
  await writeFile(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(`${base}.svg`, svg(result));
  const table = markdown(result, `bench-${entities}.svg`);
  await writeFile(`${base}.md`, table);
  process.stdout.write(table);
  log(`wrote ${base}.json, .md and .svg`);
}

main()
  .catch((error: unknown) => {
    endStatus();
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
