/**
 * The managed server's bookkeeping beside its data, shared by every process that starts, uses or stops
 * it: the state file (who runs it, who supervises it), one file per process using it, and the request
 * to stop that `npm run db -- stop` leaves for the supervisor.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Neo4jCoordinates } from '../core/connection.js';
import { isAlive } from './processes.js';

const STATE_FILE = 'kg-neo4j.json';
const STOP_FILE = 'kg-neo4j.stop';
const USERS_DIR = 'kg-users';

export interface ManagedState extends Neo4jCoordinates {
  /** The server's current process; a restart after a crash changes it. */
  pid: number;
  /** `parent`: stopped with the process that started it (a watchdog sees to that); `detached`: `npm run db -- start`. */
  owner: 'parent' | 'detached';
  /** The process that supervises the server: the one that started it, or `db start`'s supervisor. */
  ownerPid: number;
  /** When this pid started serving. */
  since?: string;
}

export interface User {
  pid: number;
  command: string;
  since: string;
}

export async function readState(home: string): Promise<ManagedState | undefined> {
  const text = await readFile(join(home, STATE_FILE), 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as ManagedState) : undefined;
}

/** Written whole and renamed into place, so a reader never sees half a file. */
export async function writeState(home: string, state: ManagedState) {
  const file = join(home, STATE_FILE);
  await writeFile(`${file}.${process.pid}`, JSON.stringify(state, null, 2), { mode: 0o600 });
  await rename(`${file}.${process.pid}`, file);
}

/** Removes the state file if it still describes the server supervised by `ownerPid` (or any, when absent). */
export async function removeState(home: string, ownerPid?: number) {
  const state = await readState(home);
  if (state && ownerPid !== undefined && state.ownerPid !== ownerPid) return;
  await rm(join(home, STATE_FILE), { force: true });
}

/** Left by `db stop` before it stops the server, so that its supervisor takes the exit for what it is. */
export async function requestStop(home: string) {
  await writeFile(join(home, STOP_FILE), JSON.stringify({ by: process.pid, at: new Date().toISOString() }));
}

export async function stopRequested(home: string): Promise<boolean> {
  return readFile(join(home, STOP_FILE)).then(
    () => true,
    () => false,
  );
}

/** Any start is a fresh decision to run the server: an old request no longer applies. */
export async function clearStopRequest(home: string) {
  await rm(join(home, STOP_FILE), { force: true });
}

/** Records this process as one that uses the server, until `unregisterUser`. */
export async function registerUser(home: string) {
  await mkdir(join(home, USERS_DIR), { recursive: true });
  const user: User = { pid: process.pid, command: process.argv.slice(1).join(' '), since: new Date().toISOString() };
  const file = join(home, USERS_DIR, `${process.pid}.json`);
  await writeFile(`${file}.tmp`, JSON.stringify(user));
  await rename(`${file}.tmp`, file);
}

export async function unregisterUser(home: string) {
  await rm(join(home, USERS_DIR, `${process.pid}.json`), { force: true });
}

function parseUser(text: string): User | undefined {
  try {
    return JSON.parse(text) as User;
  } catch {
    return undefined;
  }
}

/** The processes using the server now; the files of those that died without unregistering are removed. */
export async function liveUsers(home: string): Promise<User[]> {
  const dir = join(home, USERS_DIR);
  const users: User[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue;
    const text = await readFile(join(dir, name), 'utf8').catch(() => '');
    const user = parseUser(text);
    if (user && isAlive(user.pid)) users.push(user);
    else await rm(join(dir, name), { force: true });
  }
  return users.sort((a, b) => a.since.localeCompare(b.since));
}
