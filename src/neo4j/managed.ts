/**
 * A managed local Neo4j 5.26 Community server: the real DBMS, its jars resolved from Maven Central by
 * the pom beside this file and cached outside the repo, started on loopback with a generated password,
 * and supervised by the process that started it (restarted on the same port when it dies).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../config.js';
import type { Neo4jCoordinates } from '../core/connection.js';
import { PROJECT_ROOT } from '../core/paths.js';
import { type Logger, silentLogger } from '../logger.js';
import { type Exit, exitOfPid, isAlive, spawnWatchdog, terminate } from './processes.js';
import {
  clearStopRequest,
  type ManagedState,
  readState,
  registerUser,
  removeState,
  stopRequested,
  unregisterUser,
  writeState,
} from './state.js';
import { type Backoff, type Running, type Supervisor, supervise } from './supervisor.js';

export { isAlive, terminate } from './processes.js';
export { type ManagedState, readState } from './state.js';

export const NEO4J_VERSION = '5.26.30';
const POM = join(PROJECT_ROOT, 'src', 'neo4j', 'pom.xml');

export interface ManagedNeo4j extends Neo4jCoordinates {
  /** The server's current process: a restart after a crash gives it a new one. */
  readonly pid: number;
  home: string;
  /** Whether this call started the server (false when it reused one started by `npm run db -- start`). */
  started: boolean;
  /** This process's supervision of the server; absent when it reused a server someone else supervises. */
  supervisor?: Supervisor;
  /** A deliberate stop: the server stays stopped (or, when reused, this process stops using it). */
  stop(): Promise<void>;
}

export interface ManagedOptions {
  home: string;
  /** `npm run db -- start`'s supervisor: no watchdog ties the server to this process, nor is it a user. */
  detached?: boolean;
  /** Supervise a server left running by a `db start` supervisor that died, instead of merely reusing it. */
  adopt?: boolean;
  heap?: string;
  pagecache?: string;
  /** The bolt port; a free one when absent. Restarts use the same one, so a running driver reconnects. */
  port?: number;
  /** Progress lines for a person watching the first start. */
  progress?: (line: string) => void;
  /** Where restarts are logged: the service's logger. */
  logger?: Logger;
  backoff?: Partial<Backoff>;
}

export class ManagedNeo4jError extends Error {
  override name = 'ManagedNeo4jError';
}

/** The java arguments that run `neo4j-admin <args>` on the server's classpath. */
export const neo4jAdminArgs = (classpath: string, ...args: string[]) => [
  '-cp',
  classpath,
  'org.neo4j.server.startup.Neo4jAdminCommand',
  ...args,
];

/** KG_CACHE_DIR, whose default (under XDG_CACHE_HOME or ~/.cache) the config gives. */
export const cacheDir = () => loadConfig().KG_CACHE_DIR;

function requireTool(command: string, args: string[], what: string) {
  const probe = spawnSync(command, args, { stdio: 'ignore' });
  if (probe.error) {
    throw new ManagedNeo4jError(
      `${command} not found: install ${what}, or set NEO4J_URI to an existing Neo4j 5, or run the service with \`docker compose up\`.`,
    );
  }
}

/** The server's classpath, resolved once by Maven into the cache; a second call fetches nothing. */
export async function resolveClasspath(progress: (line: string) => void = () => {}): Promise<string> {
  const dir = cacheDir();
  const file = join(dir, `neo4j-${NEO4J_VERSION}.classpath`);
  const cached = await readFile(file, 'utf8').catch(() => undefined);
  if (cached) {
    const jars = cached.trim().split(':');
    const present = await Promise.all(
      jars.map((jar) =>
        access(jar).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (jars.length > 100 && present.every(Boolean)) return cached.trim();
  }
  requireTool('mvn', ['-v'], 'Apache Maven 3.8+');
  await mkdir(dir, { recursive: true });
  progress(`resolving the Neo4j ${NEO4J_VERSION} server jars with Maven into ${dir} (first run only, about 125 MB)`);
  const mvn = spawn(
    'mvn',
    [
      '-B',
      '-f',
      POM,
      `-Dmaven.repo.local=${join(dir, 'm2')}`,
      'dependency:build-classpath',
      '-DincludeScope=runtime',
      `-Dmdep.outputFile=${file}.tmp`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let downloads = 0;
  const tail: string[] = [];
  const lines = createInterface({ input: mvn.stdout });
  lines.on('line', (line) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    if (line.includes('Downloaded from') && ++downloads % 100 === 0) progress(`  ${downloads} files downloaded…`);
  });
  mvn.stderr.on('data', (chunk: Buffer) => tail.push(chunk.toString()));
  const code = await new Promise<number | null>((resolve) => mvn.on('close', resolve));
  if (code !== 0) throw new ManagedNeo4jError(`Maven could not resolve the Neo4j jars (exit ${code}):\n${tail.join('\n')}`);
  const classpath = (await readFile(`${file}.tmp`, 'utf8')).trim();
  await writeFile(file, classpath);
  await rm(`${file}.tmp`, { force: true });
  progress(`  done: ${classpath.split(':').length} jars`);
  return classpath;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function neo4jConf(home: string, port: number, heap: string, pagecache: string) {
  return [
    '# Generated by src/neo4j/managed.ts on every start.',
    `server.directories.data=${join(home, 'data')}`,
    `server.directories.logs=${join(home, 'logs')}`,
    `server.directories.run=${join(home, 'run')}`,
    `server.directories.import=${join(home, 'import')}`,
    `server.bolt.listen_address=127.0.0.1:${port}`,
    `server.bolt.advertised_address=127.0.0.1:${port}`,
    'server.http.enabled=false',
    'server.https.enabled=false',
    `server.memory.heap.initial_size=${heap}`,
    `server.memory.heap.max_size=${heap}`,
    `server.memory.pagecache.size=${pagecache}`,
    'dbms.usage_report.enabled=false',
    'server.logs.gc.enabled=false',
    '',
  ].join('\n');
}

/** Resolves once `Started.` appears in neo4j.log after `offset`; rejects if the process exits first or `signal` aborts. */
async function waitForStarted(exited: Promise<Exit>, log: string, offset: number, timeoutMs: number, signal?: AbortSignal) {
  const deadline = Date.now() + timeoutMs;
  const ended: { exit?: Exit } = {};
  void exited.then((exit) => {
    ended.exit = exit;
  });
  const why = () => `code ${ended.exit?.code ?? ended.exit?.signal}`;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new ManagedNeo4jError('Neo4j start aborted');
    const size = (await stat(log).catch(() => undefined))?.size ?? 0;
    if (size > offset) {
      const text = await new Promise<string>((resolve, reject) => {
        let out = '';
        createReadStream(log, { start: offset, encoding: 'utf8' })
          .on('data', (chunk) => {
            out += chunk;
          })
          .on('end', () => resolve(out))
          .on('error', reject);
      });
      if (/\bStarted\.\s*$/m.test(text)) return;
      if (ended.exit) throw new ManagedNeo4jError(`Neo4j exited (${why()}) before it started:\n${text.slice(-3000)}`);
    } else if (ended.exit) {
      throw new ManagedNeo4jError(`Neo4j exited (${why()}) before it started; see ${log}`);
    }
    await sleep(200);
  }
  throw new ManagedNeo4jError(`Neo4j did not start within ${timeoutMs / 1000}s; see ${log}`);
}

interface LaunchContext {
  home: string;
  classpath: string;
  state: Omit<ManagedState, 'pid' | 'since'>;
  detached: boolean;
}

/** Starts the java process, records it in the state file, and resolves once it serves. */
async function launch({ home, classpath, state, detached }: LaunchContext, signal?: AbortSignal): Promise<Running> {
  const env = { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') };
  const log = join(home, 'logs', 'neo4j.log');
  const offset = (await stat(log).catch(() => undefined))?.size ?? 0;
  // Its own process group, so a terminal's Ctrl-C reaches only us and we shut down in order.
  const child = spawn(
    'java',
    ['-cp', classpath, 'org.neo4j.server.CommunityEntryPoint', `--home-dir=${home}`, `--config-dir=${join(home, 'conf')}`],
    { env, detached: true, stdio: 'ignore' },
  );
  const pid = child.pid;
  if (pid === undefined) throw new ManagedNeo4jError('could not spawn java');
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })));
  child.unref();
  if (!detached) spawnWatchdog(process.pid, pid);
  try {
    await writeState(home, { ...state, pid });
    await waitForStarted(exited, log, offset, 180_000, signal);
  } catch (error) {
    await terminate(pid);
    throw error;
  }
  await writeState(home, { ...state, pid, since: new Date().toISOString() });
  return { pid, exited };
}

/** The directories, the configuration on `port` and the password (set once), before a first start. */
async function prepare(home: string, port: number, heap: string, pagecache: string, classpath: string) {
  for (const dir of ['conf', 'data', 'logs', 'run', 'import']) await mkdir(join(home, dir), { recursive: true });
  await writeFile(join(home, 'conf', 'neo4j.conf'), neo4jConf(home, port, heap, pagecache));
  const passwordFile = join(home, 'password');
  const existing = await readFile(passwordFile, 'utf8').catch(() => undefined);
  if (existing) return existing;
  const password = randomBytes(18).toString('hex'); // hex: a leading '-' would read as an option
  const admin = spawnSync('java', neo4jAdminArgs(classpath, 'dbms', 'set-initial-password', password), {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') },
    encoding: 'utf8',
  });
  if (admin.status !== 0) throw new ManagedNeo4jError(`setting the initial password failed:\n${admin.stderr}${admin.stdout}`);
  await writeFile(passwordFile, password, { mode: 0o600 });
  return password;
}

const portOf = (uri: string) => Number(new URL(uri.replace(/^bolt:/, 'http:')).port);

/**
 * Starts (or reuses) the managed server whose files live in `home`, and supervises what it starts. A
 * server left behind by a parent that died is stopped first; one started by `npm run db -- start`, or
 * by a service still running, is reused and left to its supervisor.
 */
export async function startManagedNeo4j(options: ManagedOptions): Promise<ManagedNeo4j> {
  const { home, detached = false, heap = '1g', pagecache = '1g', progress = () => {} } = options;
  requireTool('java', ['-version'], 'a Java 17+ runtime (for example the openjdk-17-jre package)');

  const previous = await readState(home);
  let adopted: ManagedState | undefined;
  if (previous && isAlive(previous.pid)) {
    const supervised = isAlive(previous.ownerPid);
    if (options.adopt && previous.owner === 'detached' && !supervised) adopted = previous;
    else if (previous.owner === 'detached' || supervised) {
      progress(`using the Neo4j already running on ${previous.uri} (pid ${previous.pid})`);
      if (!supervised) progress(`its supervisor (pid ${previous.ownerPid}) is gone: \`npm run db -- start\` supervises it again`);
      if (!detached) await registerUser(home);
      return { ...previous, home, started: false, stop: () => unregisterUser(home) };
    } else {
      progress(`stopping a Neo4j left behind by process ${previous.ownerPid} (pid ${previous.pid})`);
      await terminate(previous.pid);
    }
  }

  await clearStopRequest(home);
  const classpath = await resolveClasspath(progress);
  const port = adopted ? portOf(adopted.uri) : (options.port ?? (await freePort()));
  const password = await prepare(home, port, heap, pagecache, classpath);
  const ctx: LaunchContext = {
    home,
    classpath,
    detached,
    state: { uri: `bolt://127.0.0.1:${port}`, user: 'neo4j', password, owner: detached ? 'detached' : 'parent', ownerPid: process.pid },
  };
  let first: Running;
  if (adopted) {
    progress(`supervising the Neo4j already running on ${adopted.uri} (pid ${adopted.pid})`);
    first = { pid: adopted.pid, exited: exitOfPid(adopted.pid) };
    await writeState(home, { ...adopted, ownerPid: process.pid });
  } else {
    progress(`starting Neo4j ${NEO4J_VERSION} on ${ctx.state.uri} (home ${home})`);
    first = await launch(ctx).catch(async (error: unknown) => {
      await removeState(home, process.pid);
      throw error;
    });
  }
  const supervisor = supervise({
    name: 'Neo4j',
    first,
    launch: (signal) => launch(ctx, signal),
    stopRequested: () => stopRequested(home),
    terminate: (pid) => terminate(pid),
    logger: (options.logger ?? silentLogger).child({ neo4j: ctx.state.uri }),
    backoff: options.backoff,
  });
  if (!detached) await registerUser(home);
  return {
    ...ctx.state,
    get pid() {
      return supervisor.pid;
    },
    home,
    started: true,
    supervisor,
    async stop() {
      // The server's process is unref'd, so that it never holds this one open: while it is stopped,
      // nothing else may be left to wait for, and Node would exit before the state is cleaned up.
      const keepAlive = setInterval(() => {}, 1_000);
      try {
        await supervisor.stop();
        await removeState(home, process.pid);
        if (!detached) await unregisterUser(home);
      } finally {
        clearInterval(keepAlive);
      }
    },
  };
}
