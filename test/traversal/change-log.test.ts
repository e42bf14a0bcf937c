/**
 * The change log as Neo4j shows it: at read committed, a commit becomes visible piece by piece, so a
 * reader may see the meta node's new `seq` before the change it numbers, or the graph before the
 * `seq`. A graph read for a build starts once the meta node's lock is free (every counted change is
 * in the graph); a change not visible yet is waited for, not taken for a pruned log; one that never
 * shows is given up on after `gapMs`, and the graph is read again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesSince, type GraphVersion, graphVersion, settledGraphVersion } from '../../src/repositories/changes.js';
import { typeCode } from '../../src/topology/snapshot.js';
import { LiveTopology } from '../../src/traversal/live.js';
import { connect } from '../helpers.js';
import { deleteFixtures } from '../support/fixtures.js';
import { until } from '../support/wait.js';

const PREFIX = 'test-change-log';
const [P, Q] = [`${PREFIX}-p`, `${PREFIX}-q`];
const GAP_MS = 1_500;

describe('the change log, read while commits are applied', () => {
  const db = connect();
  let before: GraphVersion;
  const bump = () => db.write(`MATCH (m:GraphMeta {key: 'graph'}) SET m.seq = m.seq + 1`);
  /** The change a writer records: here on its own, after the commit that bumped `seq` for it. */
  const record = (seq: number) =>
    db.write(
      `CREATE (:GraphChange {seq: $seq, at: datetime(), rebuild: false, nodeIds: [$p, $q], nodeKinds: ['Company', 'Company'],
        addFrom: [$p], addType: ['SUPPLIES'], addTo: [$q], delFrom: [], delType: [], delTo: [], segFrom: [], segTo: [], segments: []})`,
      { seq, p: P, q: Q },
    );

  beforeAll(async () => {
    await deleteFixtures(db, PREFIX, `${PREFIX}.md`);
    await db.write(`MERGE (m:GraphMeta {key: 'graph'}) ON CREATE SET m.token = randomUUID(), m.seq = 0`);
    before = await graphVersion(db);
  });
  afterAll(async () => {
    await deleteFixtures(db, PREFIX, `${PREFIX}.md`);
    await db.write(
      `MATCH (c:GraphChange) WHERE c.seq > $seq DELETE c WITH count(*) AS _ MATCH (m:GraphMeta {key: 'graph'}) SET m.seq = $seq`,
      {
        seq: before.seq,
      },
    );
    await db.close();
  });

  it('reads the version for a build only once the writer holding the meta node has finished', async () => {
    const session = db.driver.session({ database: db.database });
    const tx = session.beginTransaction();
    try {
      await tx.run(`MATCH (m:GraphMeta {key: 'graph'}) SET m.seq = m.seq + 1`);
      let settled: GraphVersion | undefined;
      const pending = settledGraphVersion(db).then((v) => {
        settled = v;
      });
      await sleep(500);
      expect(settled, 'read while a writer holds the lock').toBeUndefined();
      await tx.rollback();
      await pending;
      expect(settled?.seq).toBe(before.seq);
    } finally {
      await session.close();
    }
  });

  it('takes a change counted but not visible yet for late, not lost', async () => {
    await bump();
    const late = await changesSince(db, before.seq);
    expect(late).toMatchObject({ complete: true, changes: [], seq: before.seq, missing: before.seq + 1 });
    await record(before.seq + 1);
    const seen = await changesSince(db, before.seq);
    expect(seen.missing).toBeUndefined();
    expect(seen.seq).toBe(before.seq + 1);
    expect(seen.changes.map((c) => c.added)).toEqual([[{ from: P, type: 'SUPPLIES', to: Q }]]);
    // Only the run without a gap is given: a later change waits behind a missing one.
    await bump();
    await bump();
    await record(before.seq + 3);
    const behind = await changesSince(db, before.seq);
    expect(behind).toMatchObject({ complete: true, seq: before.seq + 1, missing: before.seq + 2 });
    expect(behind.changes.map((c) => c.seq)).toEqual([before.seq + 1]);
    await db.write(
      `MATCH (c:GraphChange) WHERE c.seq > $seq DELETE c WITH count(*) AS _ MATCH (m:GraphMeta {key: 'graph'}) SET m.seq = $seq`,
      {
        seq: before.seq,
      },
    );
  });

  it('the index waits for a late change without rebuilding, and rebuilds when one never shows', async () => {
    const live = new LiveTopology(db, { pollMs: 50, checkMs: 600_000, gapMs: GAP_MS }).start();
    try {
      const built = await live.current(60_000);
      expect(live.status().builds).toBe(1);
      const { seq } = await graphVersion(db);
      // A writer's commit, as a reader may see it while it is applied: the graph and `seq` first…
      await db.write(
        `CREATE (:Entity:Company {id: $p, kind: 'Company', name: $p})-[:SUPPLIES]->(:Entity:Company {id: $q, kind: 'Company', name: $q})
         WITH count(*) AS _ MATCH (m:GraphMeta {key: 'graph'}) SET m.seq = m.seq + 1`,
        { p: P, q: Q },
      );
      await sleep(GAP_MS / 3);
      expect(live.status(), 'no rebuild for a change that is late').toMatchObject({ builds: 1, seq });
      // …then the change.
      await record(seq + 1);
      await until(() => live.status().seq === seq + 1, 2_000, 'the late change to be applied', 20);
      expect(live.status().builds).toBe(1);
      expect(live.peek()).toBe(built);
      expect(built.hasRelation(P, typeCode('SUPPLIES'), Q)).toBe(true);

      // A change that never shows (deleted from the log by hand): the graph is read again after gapMs.
      await bump();
      const gapAt = performance.now();
      await until(() => live.status().builds === 2, GAP_MS + 5_000, 'a rebuild after the change stayed missing', 20);
      expect(performance.now() - gapAt).toBeGreaterThanOrEqual(GAP_MS - 100);
      expect(live.status().seq).toBe(seq + 2);
      expect(live.peek()?.hasRelation(P, typeCode('SUPPLIES'), Q)).toBe(true);
    } finally {
      live.close();
    }
  });
});
