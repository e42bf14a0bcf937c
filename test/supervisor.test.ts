/** The restart loop on its own, over `sleep` processes standing in for Neo4j, with short delays. */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type Exit, isAlive, terminate } from '../src/neo4j/processes.js';
import { type Backoff, type Running, type SuperviseOptions, type Supervisor, supervise } from '../src/neo4j/supervisor.js';

interface Line {
  level: number;
  msg: string;
  serverPid?: number;
  code?: number | null;
  signal?: string | null;
  attempt?: number;
  delayMs?: number;
}

const spawned: number[] = [];
function launchSleep(): Promise<Running> {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  spawned.push(child.pid as number);
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return Promise.resolve({ pid: child.pid as number, exited });
}

async function start(backoff: Partial<Backoff>, overrides: Partial<SuperviseOptions> = {}) {
  const lines: Line[] = [];
  const logger = pino({ base: undefined }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const launches: number[] = [];
  const supervisor = supervise({
    name: 'server',
    first: await launchSleep(),
    launch: async () => {
      launches.push(Date.now());
      return launchSleep();
    },
    stopRequested: async () => false,
    terminate: (pid) => terminate(pid, 2_000),
    logger,
    backoff,
    ...overrides,
  });
  supervisors.push(supervisor);
  return { supervisor, lines, launches };
}
const supervisors: Supervisor[] = [];

async function until(condition: () => boolean, ms = 10_000) {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(10)) if (condition()) return;
  throw new Error('timed out');
}

/** Kills the current process as the OOM killer would, and waits for its successor. */
async function crash(supervisor: Supervisor) {
  const pid = supervisor.pid;
  process.kill(pid, 'SIGKILL');
  await until(() => supervisor.up && supervisor.pid !== pid);
  return pid;
}

describe('the supervisor', () => {
  afterEach(async () => {
    await Promise.all(supervisors.splice(0).map((s) => s.stop()));
    for (const pid of spawned.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('restarts a server that dies, after delays doubling up to the maximum, and logs each restart', async () => {
    const { supervisor, lines, launches } = await start({ initialMs: 100, maxMs: 400, stableMs: 60_000 });
    const pids = [supervisor.pid];
    const crashedAt: number[] = [];
    for (let i = 0; i < 4; i++) {
      crashedAt.push(Date.now());
      await crash(supervisor);
      pids.push(supervisor.pid);
    }
    expect(new Set(pids).size).toBe(5);
    expect(supervisor.restarts).toBe(4);
    const waited = launches.map((at, i) => at - (crashedAt[i] as number));
    expect(waited.map((ms, i) => ms >= [100, 200, 400, 400][i]! - 5)).toEqual([true, true, true, true]);
    expect(waited.every((ms) => ms < 1_500)).toBe(true);

    const exits = lines.filter((l) => l.msg.includes('exited unexpectedly'));
    expect(exits.map(({ serverPid, code, signal, attempt, delayMs }) => ({ serverPid, code, signal, attempt, delayMs }))).toEqual(
      [100, 200, 400, 400].map((delayMs, i) => ({ serverPid: pids[i], code: null, signal: 'SIGKILL', attempt: i + 1, delayMs })),
    );
    expect(exits.every((l) => l.level === 50)).toBe(true);
    expect(lines.filter((l) => l.msg === 'server restarted').map((l) => l.serverPid)).toEqual(pids.slice(1));
  });

  it('counts from the first delay again once a start has run stably', async () => {
    const { supervisor, lines } = await start({ initialMs: 50, maxMs: 1_000, stableMs: 300 });
    await crash(supervisor);
    await crash(supervisor);
    await sleep(400);
    await crash(supervisor);
    expect(lines.filter((l) => l.msg.includes('exited unexpectedly')).map((l) => l.attempt)).toEqual([1, 2, 1]);
  });

  it('also restarts a server that exits on a plain SIGTERM or by itself: only a requested stop is not a crash', async () => {
    const { supervisor, lines } = await start({ initialMs: 50 });
    const pid = supervisor.pid;
    process.kill(pid, 'SIGTERM');
    await until(() => supervisor.up && supervisor.pid !== pid);
    expect(lines[0]).toMatchObject({ serverPid: pid, signal: 'SIGTERM', attempt: 1 });
  });

  it('leaves a server stopped on request stopped', async () => {
    const { supervisor, lines, launches } = await start({ initialMs: 50 }, { stopRequested: async () => true });
    const pid = supervisor.pid;
    process.kill(pid, 'SIGTERM');
    expect(await supervisor.ended).toBe('requested');
    await sleep(300);
    expect(launches).toEqual([]);
    expect(supervisor.up).toBe(false);
    expect(lines).toEqual([expect.objectContaining({ level: 40, serverPid: pid, msg: expect.stringContaining('stopped on request') })]);
  });

  it('stops for good on stop(), also while waiting to restart', async () => {
    const { supervisor, launches } = await start({ initialMs: 5_000 });
    const pid = supervisor.pid;
    process.kill(pid, 'SIGKILL');
    await until(() => !supervisor.up);
    const asked = Date.now();
    await supervisor.stop();
    expect(Date.now() - asked).toBeLessThan(1_000);
    expect(await supervisor.ended).toBe('stopped');
    expect(launches).toEqual([]);

    const running = await start({ initialMs: 50 });
    const current = running.supervisor.pid;
    await running.supervisor.stop();
    expect(isAlive(current)).toBe(false);
    await sleep(200);
    expect(running.launches).toEqual([]);
  });

  it('tries again when a restart fails, and stops a restart that a stop request raced with', async () => {
    let failures = 1;
    const { supervisor, lines } = await start(
      { initialMs: 50 },
      {
        launch: async () => {
          if (failures-- > 0) throw new Error('port taken');
          return launchSleep();
        },
      },
    );
    await crash(supervisor);
    expect(lines.map((l) => l.msg)).toEqual([
      'server exited unexpectedly: restarting it in 0.05 s',
      'server did not start again: trying again',
      'server restarted',
    ]);
    expect(lines[1]).toMatchObject({ attempt: 1, delayMs: 100 });
    expect(lines[2]).toMatchObject({ attempt: 2 });

    // The request appears only once the restart is under way (db stop read the state file before it was written).
    let launched = false;
    const raced = await start(
      { initialMs: 50 },
      {
        launch: async () => {
          launched = true;
          return launchSleep();
        },
        stopRequested: async () => launched,
      },
    );
    process.kill(raced.supervisor.pid, 'SIGKILL');
    expect(await raced.supervisor.ended).toBe('requested');
    expect(raced.supervisor.restarts).toBe(1);
    expect(isAlive(raced.supervisor.pid)).toBe(false);
  });
});
