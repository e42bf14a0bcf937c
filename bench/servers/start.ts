/**
 * The three servers as the benchmark runs them: compiled to plain JavaScript, each started in its
 * own process over the same Neo4j (our API exactly as `npm start` runs it), and their memory read
 * from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import { freePort } from '../../src/neo4j/managed.js';
import type { ServerName } from '../mix.js';
import type { ServerInfo } from '../report.js';

const DIST = join(PROJECT_ROOT, 'bench', 'work', 'dist');

/** The resident memory of a process in MB; 0 once it has gone. */
export const rssMB = (pid: number) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};

/** `npm start`'s node flags, read from package.json so the benchmark runs what users run, then `extra` (--api-flags). */
export function apiNodeFlags(extra: string): string[] {
  const start = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts.start as string;
  return [...start.split(/\s+/).filter((token) => token.startsWith('--')), ...extra.split(/\s+/).filter(Boolean)];
}

/**
 * Builds our API as `npm start` does (src/tsconfig.build.json into dist/), and the two other servers
 * with bench/tsconfig.build.json into bench/work/dist/, so that all three run as plain Node.
 */
export async function buildJs() {
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

export interface Running {
  name: ServerName;
  port: number;
  pid: number;
  info: ServerInfo;
  child: ChildProcess;
}

export interface StartOptions {
  /** Node flags for our API: apiNodeFlags(). */
  apiFlags: string[];
  /** Called with the server's process as soon as it is spawned, so that it is killed on exit. */
  track: (child: ChildProcess) => void;
}

/** Starts one server over Neo4j at `coords` and waits until it is ready; its RSS is read a second later. */
export async function startServer(
  name: ServerName,
  coords: { uri: string; user: string; password: string; database?: string },
  { apiFlags, track }: StartOptions,
): Promise<Running> {
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
      command: `node ${apiFlags.map((f) => `${f} `).join('')}dist/src/main.js`,
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
  track(child);
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
  // Ours is ready once its topology index is built (/readyz): startup includes the build.
  const probe = name === 'ours' ? '/readyz' : '/healthz';
  const ready = (async () => {
    for (const deadline = Date.now() + 300_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const ok = await fetch(`http://127.0.0.1:${port}${probe}`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) return;
    }
    throw new Error(`${name} did not answer ${probe} within 300 s:\n${output.slice(-2000)}`);
  })();
  await Promise.race([ready, exited]);
  const startupSeconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const pid = child.pid as number;
  const info: ServerInfo = { server: name, command, startupSeconds, idleRssMB: rssMB(pid), peakRssMB: rssMB(pid) };
  return { name, port, pid, info, child };
}
