/**
 * Promise 7: load is held. 50 concurrent clients on the read mix against the real server, started as
 * a child process over the run's Neo4j: no failure of any kind, every answer checked, and the server's
 * RSS at the end within 20% of what it was after the warm-up. A bounded run; `npx tsx bench/load.ts`
 * runs the long one (30 s). The warm-up is counted in requests: on a busy machine a fixed few seconds
 * answered too few for the heap to reach its working size, which then read as growth.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LoadReport, productionNodeFlags, type RunningServer, rssOf, runLoad, startServerProcess, verdict } from '../../bench/load.js';
import { isAlive } from '../../src/neo4j/processes.js';

describe('the verdict', () => {
  const report: LoadReport = {
    connections: 50,
    warmup: { requests: 3_000, seconds: 4 },
    durationSeconds: 8,
    requests: 8_000,
    requestsPerSecond: 1_000,
    latencyMs: { p50: 40, p90: 60, p99: 90, max: 120 },
    failures: { errors: 0, timeouts: 0, non2xx: 0, badBodies: 0 },
    rssMB: { afterWarmup: 120, end: 126, max: 130, timeline: [110, 120, 120, 124, 126, 126] },
    rssGrowth: 0.05,
    byQuery: { search: 8_000 },
  };

  it('passes a run with flat memory, and fails one whose memory grew', () => {
    expect(verdict(report)).toEqual([]);
    expect(verdict({ ...report, rssMB: { ...report.rssMB, end: 150 }, rssGrowth: 0.25 })).toEqual([
      expect.stringMatching(/^RSS grew 25.0%/),
    ]);
  });

  it('fails a run in which memory was not measured, rather than reading NaN growth as flat', () => {
    const unmeasured: LoadReport[] = [
      // No sample during the warm-up: its median is NaN, and so is the growth.
      { ...report, rssMB: { afterWarmup: Number.NaN, end: 126, max: 126, timeline: [126, 126, 126] }, rssGrowth: Number.NaN },
      // None during the run.
      { ...report, rssMB: { afterWarmup: 120, end: Number.NaN, max: 120, timeline: [120, 120, 120] }, rssGrowth: Number.NaN },
      // A sample that read nothing (a process gone, no ps) among others.
      { ...report, rssMB: { ...report.rssMB, timeline: [120, Number.NaN, 126] } },
      { ...report, rssMB: { afterWarmup: 0, end: 0, max: 0, timeline: [0, 0] }, rssGrowth: Number.NaN },
    ];
    for (const run of unmeasured) expect(verdict(run), JSON.stringify(run.rssMB)).toEqual([expect.stringMatching(/^RSS not measured/)]);
  });

  it('runs the server with the heap flags of `npm start`, so memory is judged as it runs', async () => {
    expect(await productionNodeFlags()).toEqual([
      expect.stringMatching(/^--max-old-space-size=\d+$/),
      expect.stringMatching(/^--max-semi-space-size=\d+$/),
      '--expose-gc',
    ]);
  });

  it('reads no RSS of a process that does not exist as no measurement, not as 0 bytes', async () => {
    expect(await rssOf(process.pid)).toBeGreaterThan(0);
    // Past Linux's default pid_max of 2^22: no such process.
    expect(await rssOf(2 ** 22 + 1)).toBeNaN();
  });
});

describe('a server child that misses its start deadline', () => {
  it('is stopped before the error reaches the caller, who has no handle to stop it with', async () => {
    const error = (await startServerProcess(inject('neo4j'), {}, 1).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^the server \(pid \d+\) did not start within 0.001 s/);
    const pid = Number(/pid (\d+)/.exec(error.message)?.[1]);
    expect(isAlive(pid)).toBe(false);
  });
});

describe('load', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerProcess(inject('neo4j'));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('50 clients for 8 s after a warm-up of 3,000 requests: no error, memory flat', async () => {
    const report = await runLoad({
      url: server.url,
      pid: server.pid,
      connections: 50,
      warmupRequests: 3_000,
      warmupMaxSeconds: 45,
      durationSeconds: 8,
    });
    const { timeline, ...rss } = report.rssMB;
    console.log('[hardening] load', JSON.stringify({ ...report, rssMB: rss }));
    expect(verdict(report)).toEqual([]);
    // Every query of the mix was exercised.
    for (const [name, count] of Object.entries(report.byQuery)) expect(count, name).toBeGreaterThan(0);
  }, 150_000);
});
