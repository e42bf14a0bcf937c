/**
 * Keeps a server running: when it exits without being asked to (a crash, the OOM killer, a stray
 * `kill -9`), it is started again after a delay that doubles from `initialMs` up to `maxMs`, and falls
 * back to `initialMs` once a start has served for `stableMs`. A stop asked for, by `stop()` or by
 * `npm run db -- stop` (seen through `stopRequested`), ends the supervision and leaves it stopped.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Exit } from './processes.js';

export interface Running {
  pid: number;
  exited: Promise<Exit>;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
  stableMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 30_000, stableMs: 60_000 };

/** `stopped`: by `stop()`; `requested`: by someone else, through `stopRequested`. */
export type Ending = 'stopped' | 'requested';

export interface SuperviseOptions {
  /** The server's name in the log. */
  name: string;
  first: Running;
  /** Starts the server again, resolving once it serves; an aborted `signal` stops a start under way. */
  launch(signal: AbortSignal): Promise<Running>;
  /** Whether someone outside asked for the stop: that exit is not a crash. */
  stopRequested(): Promise<boolean>;
  terminate(pid: number): Promise<void>;
  logger: Logger;
  backoff?: Partial<Backoff>;
}

export interface Supervisor {
  /** The latest server's pid (it may have exited: see `up`). */
  readonly pid: number;
  /** False while the server is down, between a crash and its restart. */
  readonly up: boolean;
  readonly restarts: number;
  /** Settles when the supervision ends, by `stop()` or by a requested stop. */
  readonly ended: Promise<Ending>;
  /** Stops the server (or the restart under way) and the supervision. */
  stop(): Promise<void>;
}

export function supervise(options: SuperviseOptions): Supervisor {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const { logger, name } = options;
  const abort = new AbortController();
  const status: { current: Running | undefined; last: Running; restarts: number } = {
    current: options.first,
    last: options.first,
    restarts: 0,
  };
  const delayFor = (attempt: number) => Math.min(backoff.initialMs * 2 ** (attempt - 1), backoff.maxMs);

  const requested = async (pid: number | undefined) => {
    if (!(await options.stopRequested())) return false;
    logger.warn({ serverPid: pid }, `${name} was stopped on request (npm run db -- stop): not restarting it`);
    return true;
  };

  async function run(): Promise<Ending> {
    let running: Running | undefined = options.first;
    let servingSince = Date.now();
    let downSince = Date.now();
    let attempt = 0;
    for (;;) {
      if (running) {
        const exit = await running.exited;
        status.current = undefined;
        downSince = Date.now();
        if (abort.signal.aborted) return 'stopped';
        if (await requested(running.pid)) return 'requested';
        if (downSince - servingSince >= backoff.stableMs) attempt = 0;
        attempt++;
        logger.error(
          { serverPid: running.pid, code: exit.code, signal: exit.signal, attempt, delayMs: delayFor(attempt) },
          `${name} exited unexpectedly: restarting it in ${delayFor(attempt) / 1000} s`,
        );
      } else attempt++;
      try {
        await sleep(delayFor(attempt), undefined, { signal: abort.signal });
      } catch {
        return 'stopped';
      }
      if (await requested(undefined)) return 'requested';
      try {
        running = await options.launch(abort.signal);
      } catch (error) {
        running = undefined;
        if (abort.signal.aborted) return 'stopped';
        if (await requested(undefined)) return 'requested';
        logger.error({ err: error, attempt, delayMs: delayFor(attempt + 1) }, `${name} did not start again: trying again`);
        continue;
      }
      status.current = running;
      status.last = running;
      status.restarts++;
      servingSince = Date.now();
      logger.info({ serverPid: running.pid, attempt, downMs: servingSince - downSince }, `${name} restarted`);
      // A `db stop` that read the state file just before this start wrote it has not seen this pid.
      if (await requested(running.pid)) {
        await options.terminate(running.pid);
        status.current = undefined;
        return 'requested';
      }
    }
  }

  const ended = run().catch((error: unknown): Ending => {
    logger.error({ err: error }, `${name}'s supervision failed: it will not be restarted`);
    return 'stopped';
  });
  return {
    get pid() {
      return status.last.pid;
    },
    get up() {
      return status.current !== undefined;
    },
    get restarts() {
      return status.restarts;
    },
    ended,
    async stop() {
      abort.abort();
      const current = status.current;
      if (current) await options.terminate(current.pid);
      await ended;
    },
  };
}
