/**
 * Promise 7: load is held. 50 concurrent clients on the read mix against the real server, started as
 * a child process over the run's Neo4j: no failure of any kind, every answer checked, and the server's
 * RSS at the end within 20% of what it was after the warm-up. A bounded run; `npx tsx bench/load.ts`
 * runs the long one (30 s). The warm-up is counted in requests: on a busy machine a fixed few seconds
 * answered too few for the heap to reach its working size, which then read as growth.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, runLoad, startServerProcess, verdict } from '../../bench/load.js';

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
