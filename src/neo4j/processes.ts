/** Processes seen from outside: alive or not, stopped politely then firmly, watched for their end. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** How a process ended; both null when it was not our child (its status is its parent's to read). */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A zombie counts as dead: where nothing reaps orphans, an exited supervisor would otherwise live on. */
const isZombie = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
};

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
};

export async function waitForExit(pid: number, ms: number): Promise<boolean> {
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

/** The end of a process that is not our child (a server adopted from a supervisor that died), by polling. */
export async function exitOfPid(pid: number, pollMs = 250): Promise<Exit> {
  while (isAlive(pid)) await sleep(pollMs);
  return { code: null, signal: null };
}

/**
 * A `sh` loop, outside this process, that stops Neo4j when its parent dies, even by SIGKILL. It ends
 * by itself when Neo4j does, so a restarted server gets a watchdog of its own.
 */
export function spawnWatchdog(parentPid: number, childPid: number): ChildProcess {
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
