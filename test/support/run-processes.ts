/**
 * What this run started, found again at its end. The global setup points TMPDIR at a folder of the
 * run's own, which the test workers and everything they spawn inherit, so every temporary Neo4j home
 * lies under it: a Neo4j (`java ... CommunityEntryPoint --home-dir=<dir>`) whose home is there, or any
 * process that still carries that TMPDIR, was started by this run and no other (another run beside it
 * has a folder of its own).
 */
import { readdir, readFile } from 'node:fs/promises';
import { terminate } from '../../src/neo4j/processes.js';
import { eventually } from './wait.js';

export interface Leftover {
  pid: number;
  command: string;
}

/** Processes of this run other than the caller: Neo4j servers with a home under `runDir`, or any with TMPDIR=`runDir`. */
export async function processesOfRun(runDir: string): Promise<Leftover[]> {
  const found: Leftover[] = [];
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean);
    const env = (await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '')).split('\0');
    const neo4jHere = args.includes('org.neo4j.server.CommunityEntryPoint') && args.some((a) => a.startsWith(`--home-dir=${runDir}/`));
    // The run's own workers carry its TMPDIR too, and are vitest's to end.
    const worker = args.some((a) => a.includes('/vitest/'));
    if (neo4jHere || (env.includes(`TMPDIR=${runDir}`) && !worker)) found.push({ pid, command: args.join(' ').slice(0, 300) });
  }
  return found;
}

/**
 * Once everything is meant to be stopped: waits `graceMs` for the run's processes to end (a watchdog
 * takes a moment to notice its server is gone), then kills what is left and returns it.
 */
export async function killLeftovers(runDir: string, graceMs: number): Promise<Leftover[]> {
  await eventually(async () => (await processesOfRun(runDir)).length === 0, graceMs, 500);
  const left = await processesOfRun(runDir);
  await Promise.all(left.map(({ pid }) => terminate(pid, 5_000)));
  return left;
}
