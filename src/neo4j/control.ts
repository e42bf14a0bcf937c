/**
 * `npm run db`'s side of the managed server: start it under a supervisor that outlives the command,
 * and stop it deliberately, refusing while a service uses it unless forced.
 */
import { spawn } from 'node:child_process';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../core/paths.js';
import { ManagedNeo4jError } from './managed.js';
import { isAlive, terminate, waitForExit } from './processes.js';
import { liveUsers, type ManagedState, readState, removeState, requestStop, type User } from './state.js';

export interface DetachedOptions {
  home: string;
  heap: string;
  pagecache: string;
  /** Supervise a server whose supervisor died, instead of starting one. */
  adopt?: boolean;
}

export type SupervisorMessage = { progress: string } | { ready: ManagedState } | { error: string };

/** The supervisor's entry beside this module: TypeScript under tsx (`npm run db`), JavaScript once built. */
function supervisorArgs(): string[] {
  const self = fileURLToPath(import.meta.url);
  const entry = join(dirname(self), `detached-supervisor${extname(self)}`);
  return extname(self) === '.ts' ? ['--import', 'tsx', entry] : [entry];
}

/**
 * `db start`: a detached supervisor process starts the server and restarts it whenever it dies; this
 * resolves once it serves. A server already supervised is left as it is; one running without its
 * supervisor (killed) is adopted by a new one.
 */
export async function startDetachedNeo4j(
  options: Omit<DetachedOptions, 'adopt'> & { progress: (line: string) => void },
): Promise<{ state: ManagedState; started: boolean }> {
  const { home, progress } = options;
  const state = await readState(home);
  if (state && isAlive(state.ownerPid) && state.ownerPid !== process.pid) return { state, started: false };
  const adopt = Boolean(state && isAlive(state.pid) && state.owner === 'detached');
  const args: DetachedOptions = { home, heap: options.heap, pagecache: options.pagecache, adopt };
  const child = spawn(process.execPath, [...supervisorArgs(), JSON.stringify(args)], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  try {
    const ready = await new Promise<ManagedState>((resolve, reject) => {
      child.on('message', (message: SupervisorMessage) => {
        if ('progress' in message) progress(message.progress);
        else if ('ready' in message) resolve(message.ready);
        else reject(new ManagedNeo4jError(message.error));
      });
      child.once('exit', (code) =>
        reject(
          new ManagedNeo4jError(`the supervisor exited (code ${code}) before Neo4j served; see ${join(home, 'logs', 'supervisor.log')}`),
        ),
      );
    });
    return { state: ready, started: true };
  } finally {
    child.removeAllListeners();
    if (child.connected) child.disconnect();
    child.unref();
  }
}

export interface StopOutcome {
  /** Whether a server (or a supervisor about to restart one) was there. */
  running: boolean;
  /** The processes using it: with any, nothing is stopped unless forced. */
  users: User[];
  stopped: boolean;
}

/**
 * `db stop`: a deliberate stop, so the supervisor leaves the server stopped. It first leaves the
 * request for the supervisor to see, then stops the process the state file names (again if a restart
 * raced with the request), and waits for a detached supervisor to exit.
 */
export async function stopManagedNeo4j(home: string, { force = false } = {}): Promise<StopOutcome> {
  const state = await readState(home);
  const running = Boolean(state && (isAlive(state.pid) || isAlive(state.ownerPid)));
  if (!running) {
    // Nothing to stop, and maybe no home yet (a data folder never started in): leave no request behind.
    await removeState(home);
    return { running, users: [], stopped: false };
  }
  const users = await liveUsers(home);
  if (users.length > 0 && !force) return { running, users, stopped: false };
  await requestStop(home);
  for (let seen = state, round = 0; seen && isAlive(seen.pid) && round < 3; seen = await readState(home), round++)
    await terminate(seen.pid);
  if (state?.owner === 'detached' && !(await waitForExit(state.ownerPid, 15_000))) await terminate(state.ownerPid, 5_000);
  await removeState(home);
  return { running, users, stopped: running };
}
