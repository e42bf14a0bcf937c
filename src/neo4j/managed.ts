/**
 * A managed local Neo4j 5.26 Community server: the real DBMS, its jars resolved from Maven Central by
 * the pom beside this file and cached outside the repo, started on loopback with a generated password.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../core/paths.js';

export const NEO4J_VERSION = '5.26.30';
const POM = join(PROJECT_ROOT, 'src', 'neo4j', 'pom.xml');
const STATE_FILE = 'kg-neo4j.json';

export interface Neo4jCoordinates {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

export interface ManagedState extends Neo4jCoordinates {
  pid: number;
  /** `parent`: stopped with the process that started it (a watchdog sees to that); `detached`: `npm run db -- start`. */
  owner: 'parent' | 'detached';
  ownerPid: number;
}

export interface ManagedNeo4j extends Neo4jCoordinates {
  pid: number;
  home: string;
  /** Whether this call started the server (false when it reused one started by `npm run db -- start`). */
  started: boolean;
  stop(): Promise<void>;
}

export interface ManagedOptions {
  home: string;
  detached?: boolean;
  heap?: string;
  pagecache?: string;
  /** The bolt port; a free one when absent. Restarting on the same port lets a running driver reconnect. */
  port?: number;
  /** Progress lines for a person watching the first start. */
  progress?: (line: string) => void;
}

export class ManagedNeo4jError extends Error {
  override name = 'ManagedNeo4jError';
}

export const cacheDir = () =>
  process.env.KG_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'industrial-chain-kg');

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

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) if (!isAlive(pid)) return true;
  return !isAlive(pid);
}

/** SIGTERM lets Neo4j shut down cleanly; SIGKILL follows if it does not within the grace period. */
export async function terminate(pid: number, graceMs = 60_000) {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitForExit(pid, graceMs))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
    await waitForExit(pid, 5_000);
  }
}

export async function readState(home: string): Promise<ManagedState | undefined> {
  const text = await readFile(join(home, STATE_FILE), 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as ManagedState) : undefined;
}

/** A `sh` loop, outside this process, that stops Neo4j when its parent dies, even by SIGKILL. */
function spawnWatchdog(parentPid: number, childPid: number): ChildProcess {
  const script = [
    'while kill -0 "$1" 2>/dev/null; do kill -0 "$2" 2>/dev/null || exit 0; sleep 0.5; done',
    'kill -TERM "$2" 2>/dev/null',
    'i=0; while kill -0 "$2" 2>/dev/null && [ $i -lt 120 ]; do sleep 0.5; i=$((i+1)); done',
    'kill -KILL "$2" 2>/dev/null; exit 0',
  ].join('\n');
  const watchdog = spawn('sh', ['-c', script, 'kg-neo4j-watchdog', String(parentPid), String(childPid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return watchdog;
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

/** Resolves once `Started.` appears in neo4j.log after `offset`; rejects if the process exits first. */
async function waitForStarted(child: ChildProcess, log: string, offset: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  while (Date.now() < deadline) {
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
      if (exited !== undefined) throw new ManagedNeo4jError(`Neo4j exited (code ${exited}) before it started:\n${text.slice(-3000)}`);
    } else if (exited !== undefined) {
      throw new ManagedNeo4jError(`Neo4j exited (code ${exited}) before it started; see ${log}`);
    }
    await sleep(200);
  }
  throw new ManagedNeo4jError(`Neo4j did not start within ${timeoutMs / 1000}s; see ${log}`);
}

/**
 * Starts (or reuses) the managed server whose files live in `home`. A server left behind by a parent
 * that died is stopped first; one started by `npm run db -- start` is reused and left running.
 */
export async function startManagedNeo4j(options: ManagedOptions): Promise<ManagedNeo4j> {
  const { home, detached = false, heap = '1g', pagecache = '1g', progress = () => {} } = options;
  requireTool('java', ['-version'], 'a Java 17+ runtime (for example the openjdk-17-jre package)');

  const previous = await readState(home);
  if (previous && isAlive(previous.pid)) {
    // Started by `db start`, or by a service still running: share it and leave it running.
    if (previous.owner === 'detached' || isAlive(previous.ownerPid)) {
      progress(`using the Neo4j already running on ${previous.uri} (pid ${previous.pid})`);
      return { ...previous, home, started: false, stop: async () => {} };
    }
    progress(`stopping a Neo4j left behind by process ${previous.ownerPid} (pid ${previous.pid})`);
    await terminate(previous.pid);
  }

  const classpath = await resolveClasspath(progress);
  for (const dir of ['conf', 'data', 'logs', 'run', 'import']) await mkdir(join(home, dir), { recursive: true });
  const env = { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') };
  const passwordFile = join(home, 'password');
  let password = await readFile(passwordFile, 'utf8').catch(() => undefined);
  const port = options.port ?? (await freePort());
  await writeFile(join(home, 'conf', 'neo4j.conf'), neo4jConf(home, port, heap, pagecache));
  if (!password) {
    password = randomBytes(18).toString('hex'); // hex: a leading '-' would read as an option
    const admin = spawnSync(
      'java',
      ['-cp', classpath, 'org.neo4j.server.startup.Neo4jAdminCommand', 'dbms', 'set-initial-password', password],
      { env, encoding: 'utf8' },
    );
    if (admin.status !== 0) throw new ManagedNeo4jError(`setting the initial password failed:\n${admin.stderr}${admin.stdout}`);
    await writeFile(passwordFile, password, { mode: 0o600 });
  }

  const log = join(home, 'logs', 'neo4j.log');
  const offset = (await stat(log).catch(() => undefined))?.size ?? 0;
  progress(`starting Neo4j ${NEO4J_VERSION} on bolt://127.0.0.1:${port} (home ${home})`);
  // Its own process group, so a terminal's Ctrl-C reaches only us and we shut down in order.
  const child = spawn(
    'java',
    ['-cp', classpath, 'org.neo4j.server.CommunityEntryPoint', `--home-dir=${home}`, `--config-dir=${join(home, 'conf')}`],
    { env, detached: true, stdio: 'ignore' },
  );
  const pid = child.pid;
  if (pid === undefined) throw new ManagedNeo4jError('could not spawn java');
  if (detached) child.unref();
  const watchdog = detached ? undefined : spawnWatchdog(process.pid, pid);
  const state: ManagedState = {
    uri: `bolt://127.0.0.1:${port}`,
    user: 'neo4j',
    password,
    pid,
    owner: detached ? 'detached' : 'parent',
    ownerPid: process.pid,
  };
  await writeFile(join(home, STATE_FILE), JSON.stringify(state, null, 2), { mode: 0o600 });

  const stop = async () => {
    await terminate(pid);
    if (watchdog?.pid !== undefined && isAlive(watchdog.pid)) process.kill(watchdog.pid, 'SIGKILL');
    await rm(join(home, STATE_FILE), { force: true });
  };
  try {
    await waitForStarted(child, log, offset, 180_000);
  } catch (error) {
    await stop();
    throw error;
  }
  child.unref();
  return { ...state, home, started: true, stop };
}

/** Stops the server recorded in `home`, whoever started it. */
export async function stopManagedNeo4j(home: string): Promise<boolean> {
  const state = await readState(home);
  if (!state) return false;
  const wasAlive = isAlive(state.pid);
  await terminate(state.pid);
  await rm(join(home, STATE_FILE), { force: true });
  return wasAlive;
}
