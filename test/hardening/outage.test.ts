/**
 * Promise 5: a Neo4j outage is survived. With writers and readers running against the real server,
 * this file's OWN managed Neo4j goes down twice. A crash (kill -9) is healed by its supervisor, with
 * no hand on it; a deliberate stop (`npm run db -- stop`) is refused while the server is in use, and
 * once forced stays stopped until Neo4j is started again. Meanwhile the API stays up, queries get
 * SERVICE_UNAVAILABLE without a stack (or, when sent before the API recovers, a clean QUERY_TIMEOUT),
 * /readyz turns 503; once Neo4j serves again on the same bolt port, the same API process (same driver)
 * answers correctly within 5 s, and every write it acknowledged is in the graph, once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import neo4j from 'neo4j-driver';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { stopManagedNeo4j } from '../../src/neo4j/control.js';
import { isAlive, type ManagedNeo4j, readState, startManagedNeo4j, terminate } from '../../src/neo4j/managed.js';
import { describeManagedNeo4j } from '../support/prerequisites.js';
import { portOpen, until } from '../support/wait.js';
import { codeOf, type GraphQLResult, LEAK, type Running, startHttp } from './harness.js';

const MEMORY = { heap: '512m', pagecache: '128m' } as const;
const KEY = 'outage-test-key';
const ANCHOR = 'out-anchor';
/**
 * The supervisor's first restart delay here (1 s in production): a crash must stay down long enough for
 * the refusals to be seen. A probe sent after the first refusal may retry for up to about 3.6 s, and with
 * a 1 s delay a quickly restarting Neo4j answered it.
 */
const RESTART_DELAY_MS = 8_000;

const UPSERT = 'mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { __typename ... on Error { message } } }';
const PROBE = `{ entity(id: "${ANCHOR}") { name } }`;

interface Observation {
  at: number;
  kind: 'write' | 'read' | 'probe';
  ok: boolean;
  result: GraphQLResult;
}

/** Writers, readers and a prober running against the server until stopped, recording every answer. */
function traffic(server: Running, run: string) {
  const observations: Observation[] = [];
  const acked: string[] = [];
  let attempted = 0;
  let stop = false;
  const observe = (kind: Observation['kind'], result: GraphQLResult, ok: boolean) =>
    observations.push({ at: Date.now(), kind, ok, result });

  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const id = `out-${run}-${w}-${i}`;
      attempted++;
      const input = { id, kind: 'Company', name: `停机测试 ${id}`, evidence: [{ document: 'outage.txt', quote: id }] };
      const result = await server.query(UPSERT, { input }, { 'x-api-key': KEY });
      const ok = result.body.data?.upsertEntity?.__typename === 'UpsertEntityPayload';
      if (ok) acked.push(id);
      observe('write', result, ok);
      await sleep(20);
    }
  };
  const reader = async () => {
    while (!stop) {
      const result = await server.query('{ entities(first: 5, orderBy: {field: ID}) { totalCount edges { node { slug } } } }');
      observe('read', result, (result.body.data?.entities.totalCount ?? 0) > 0);
      await sleep(20);
    }
  };
  // A probe every 100 ms, each on its own (one waiting out a retry does not hold up the next).
  const probes: Promise<unknown>[] = [];
  const prober = (async () => {
    while (!stop) {
      probes.push(server.query(PROBE).then((result) => observe('probe', result, result.body.data?.entity?.name === '锚点')));
      await sleep(100);
    }
  })();
  const running = [...[0, 1, 2].map(writer), reader(), reader(), prober];
  return {
    observations,
    acked,
    attempted: () => attempted,
    async stop() {
      stop = true;
      await Promise.all(running);
      await Promise.all(probes);
    },
  };
}

await describeManagedNeo4j('a Neo4j outage', () => {
  let home: string;
  let neo: ManagedNeo4j;
  let port: number;
  let db: Database;
  let server: Running;
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ base: undefined }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const report: Record<string, unknown> = {};

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'kg-outage-test-'));
    neo = await startManagedNeo4j({ home, ...MEMORY, logger, backoff: { initialMs: RESTART_DELAY_MS } });
    port = Number(new URL(neo.uri.replace('bolt://', 'http://')).port);
    db = Database.connect(neo);
    await db.applySchema();
    server = await startHttp({ db, apiKey: KEY });
    const anchor = await server.query(
      UPSERT,
      { input: { id: ANCHOR, kind: 'Company', name: '锚点', evidence: [{ document: 'outage.txt', quote: 'anchor' }] } },
      { 'x-api-key': KEY },
    );
    expect(anchor.body.data?.upsertEntity.__typename).toBe('UpsertEntityPayload');
  });

  afterAll(async () => {
    console.log('[hardening] outage', JSON.stringify(report));
    await server?.close();
    await db?.close();
    await neo?.stop();
    // A start that timed out, or a server a failed test left running: its state file names it.
    const left = home ? await readState(home) : undefined;
    if (left) await terminate(left.pid, 10_000);
    if (home) await rm(home, { recursive: true, force: true });
  });

  const warm = (load: ReturnType<typeof traffic>) =>
    until(() => load.acked.length >= 5 && load.observations.some((o) => o.kind === 'probe' && o.ok), 90_000, 'warm traffic');

  /** Down: the API is up, not ready, and answers SERVICE_UNAVAILABLE. */
  async function expectRefusals(load: ReturnType<typeof traffic>, since: number) {
    await until(() => load.observations.some((o) => o.at > since && codeOf(o.result) === 'SERVICE_UNAVAILABLE'), 20_000, 'a refusal');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    const probe = await server.query(PROBE);
    expect(codeOf(probe), `${Date.now() - since} ms after the outage began: ${JSON.stringify(probe.body)}`).toBe('SERVICE_UNAVAILABLE');
  }

  /**
   * Back: when Neo4j serves again (a fresh client's first answer: on a loaded machine a cold JVM can lag
   * `Started.`), the API, with the driver it had all along, answers within 5 s, and writes go on.
   */
  async function expectRecovery(load: ReturnType<typeof traffic>, startedAt: number) {
    const direct = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password));
    const directAnswer = direct
      .executeQuery('RETURN 1')
      .then(() => Date.now())
      .finally(() => direct.close());
    const answered = () => load.observations.filter((o) => o.kind === 'probe' && o.ok && o.at > startedAt);
    await until(() => answered().length > 0, 30_000, 'a correct answer');
    const recoveredAt = Math.min(...answered().map((o) => o.at));
    const neo4jAnsweredAt = await directAnswer;
    await until(async () => (await fetch(`${server.url}/readyz`)).status === 200, 5_000, '/readyz 200');
    const ackedAtRecovery = load.acked.length;
    await until(() => load.acked.length >= ackedAtRecovery + 5, 30_000, 'writes after the outage');
    expect(recoveredAt - Math.max(startedAt, neo4jAnsweredAt)).toBeLessThanOrEqual(5_000);
    return { recoveredAt, neo4jAnsweredAt, ackedAfter: load.acked.length - ackedAtRecovery };
  }

  /**
   * Every answer was correct or a clean SERVICE_UNAVAILABLE; every acknowledged write is in the graph
   * once. A request sent during the outage, before the API answered correctly again, may also get a
   * clean QUERY_TIMEOUT: a graceful shutdown lets running transactions go on, and on a loaded machine
   * the first queries of a cold JVM can outlast the read timeout.
   */
  async function expectNothingLost(load: ReturnType<typeof traffic>, run: string, downAt: number, recoveredAt: number) {
    await load.stop();
    const failures = load.observations.filter((o) => !o.ok);
    const sentAt = (o: Observation) => o.at - o.result.ms;
    const timedOut = failures.filter(
      (o) => codeOf(o.result) === 'QUERY_TIMEOUT' && sentAt(o) >= downAt - 15_000 && sentAt(o) < recoveredAt,
    );
    for (const failure of timedOut) {
      expect(failure.result.status).toBe(200);
      expect(JSON.stringify(failure.result.body)).not.toMatch(LEAK);
    }
    for (const failure of failures.filter((o) => !timedOut.includes(o))) {
      const when = { kind: failure.kind, sentAfterDownMs: Math.round(sentAt(failure) - downAt), tookMs: Math.round(failure.result.ms) };
      expect(codeOf(failure.result), JSON.stringify({ ...when, body: failure.result.body })).toBe('SERVICE_UNAVAILABLE');
      expect(failure.result.status).toBe(200);
      expect(JSON.stringify(failure.result.body)).not.toMatch(LEAK);
      expect(failure.result.body.errors?.[0]?.message).toBe('The graph database is unavailable; try again shortly.');
    }
    const rows = await db.read<{ id: string; evidence: number }>(
      'MATCH (n:Entity) WHERE n.id STARTS WITH $prefix RETURN n.id AS id, size(n.evidence) AS evidence',
      { prefix: `out-${run}-` },
    );
    const inGraph = new Map(rows.map((r) => [r.id, r.evidence]));
    expect(load.acked.filter((id) => !inGraph.has(id))).toEqual([]);
    expect(rows.filter((r) => r.evidence !== 1)).toEqual([]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    // Unacknowledged writes may or may not have landed; nothing else did.
    expect(rows.length).toBeGreaterThanOrEqual(load.acked.length);
    expect(rows.length).toBeLessThanOrEqual(load.attempted());
    return { failures, timedOut: timedOut.length, inGraph: rows.length };
  }

  it('heals a crash (kill -9) by itself: refusals meanwhile, the same bolt port after, no acknowledged write lost or doubled', async () => {
    const load = traffic(server, 'crash');
    try {
      await warm(load);
      const ackedBefore = load.acked.length;
      const crashed = neo.pid;
      const killedAt = Date.now();
      process.kill(crashed, 'SIGKILL');
      await until(() => !isAlive(crashed), 10_000, 'Neo4j to die');
      const exitedAt = Date.now();
      await expectRefusals(load, exitedAt);

      // No hand here: the supervisor starts it again, on the same port, with a new pid in the state file.
      await until(() => Boolean(neo.supervisor?.up) && neo.pid !== crashed, 180_000, 'the supervisor to restart Neo4j');
      const startedAt = Date.now();
      expect(neo.supervisor?.restarts).toBe(1);
      expect(await readState(home)).toMatchObject({ pid: neo.pid, uri: `bolt://127.0.0.1:${port}` });
      const { recoveredAt, neo4jAnsweredAt, ackedAfter } = await expectRecovery(load, startedAt);
      report.crash = {
        exitMs: exitedAt - killedAt,
        restartedAfterMs: startedAt - exitedAt,
        apiRecoveredAfterKillMs: recoveredAt - killedAt,
        apiRecoveredAfterStartMs: recoveredAt - startedAt,
        freshClientAnsweredAfterStartMs: neo4jAnsweredAt - startedAt,
      };
      const { failures, timedOut, inGraph } = await expectNothingLost(load, 'crash', killedAt, recoveredAt);

      expect(logs).toContainEqual(
        expect.objectContaining({ level: 50, serverPid: crashed, code: null, signal: 'SIGKILL', attempt: 1, delayMs: RESTART_DELAY_MS }),
      );
      expect(logs).toContainEqual(expect.objectContaining({ level: 30, serverPid: neo.pid, attempt: 1, msg: 'Neo4j restarted' }));
      const refusals = failures.filter((o) => o.at >= killedAt && o.at <= recoveredAt);
      report.crash = {
        ...(report.crash as object),
        ackedBefore,
        ackedAfter,
        acked: load.acked.length,
        inGraph,
        attempted: load.attempted(),
        refusals: refusals.length,
        slowestRefusalMs: Math.round(Math.max(0, ...refusals.map((o) => o.result.ms))),
        timedOutDuringOutage: timedOut,
      };
    } finally {
      await load.stop();
    }
  }, 300_000);

  it('leaves a deliberate stop (db stop) stopped: refused while in use, then forced, back only when started again', async () => {
    const load = traffic(server, 'stop');
    try {
      await warm(load);
      // This process uses the server: `db stop` names it and stops nothing.
      const refused = await stopManagedNeo4j(home);
      expect(refused).toMatchObject({ running: true, stopped: false });
      expect(refused.users.map((u) => u.pid)).toContain(process.pid);
      expect(isAlive(neo.pid)).toBe(true);

      const stopped = neo.pid;
      const restarts = neo.supervisor?.restarts;
      const stoppedAt = Date.now();
      expect(await stopManagedNeo4j(home, { force: true })).toMatchObject({ running: true, stopped: true });
      const exitedAt = Date.now();
      expect(isAlive(stopped)).toBe(false);
      expect(await neo.supervisor?.ended).toBe('requested');
      await expectRefusals(load, stoppedAt);
      // Past the first restart's delay: nothing came back.
      await sleep(RESTART_DELAY_MS + 1_000);
      expect(neo.supervisor?.restarts).toBe(restarts);
      expect(await readState(home)).toBeUndefined();
      expect(await portOpen(port)).toBe(false);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      expect(logs).toContainEqual(
        expect.objectContaining({ level: 40, serverPid: stopped, msg: expect.stringContaining('stopped on request') }),
      );

      // Started again by hand on the same port: the running driver reconnects.
      neo = await startManagedNeo4j({ home, ...MEMORY, port, logger });
      const startedAt = Date.now();
      const { recoveredAt, neo4jAnsweredAt, ackedAfter } = await expectRecovery(load, startedAt);
      const { inGraph, timedOut } = await expectNothingLost(load, 'stop', stoppedAt, recoveredAt);
      report.deliberateStop = {
        stopMs: exitedAt - stoppedAt,
        stoppedForMs: startedAt - stoppedAt,
        timedOutDuringOutage: timedOut,
        apiRecoveredAfterStartMs: recoveredAt - startedAt,
        freshClientAnsweredAfterStartMs: neo4jAnsweredAt - startedAt,
        ackedAfter,
        acked: load.acked.length,
        inGraph,
        attempted: load.attempted(),
      };
    } finally {
      await load.stop();
    }
  }, 300_000);
});
