/**
 * A write made while the index is being built is in the next traversal, although there is no
 * snapshot yet for its poll to bring up to date: the build reads the change log once more before it
 * swaps in. The build is held (deterministically) between its read of the change log and its swap,
 * which is where the write lands; without that last read, the new snapshot misses the write.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { typeCode } from '../../src/topology/snapshot.js';
import type { LiveTopology } from '../../src/traversal/live.js';
import { connect } from '../helpers.js';
import { deleteFixtures } from '../support/fixtures.js';

const hold = vi.hoisted(() => {
  let reached = () => {};
  let release = () => {};
  return {
    armed: false,
    reached: new Promise<void>((resolve) => {
      reached = resolve;
    }),
    released: new Promise<void>((resolve) => {
      release = resolve;
    }),
    reach: () => reached(),
    release: () => release(),
  };
});

// The first read of the change log after arming (the build's: with no snapshot, polls read nothing) returns
// what it read only once the test has written. The setup file has loaded the index's modules already:
// the test imports them afresh, so that they import this mock.
vi.mock(import('../../src/repositories/changes.js'), async (original) => {
  const changes = await original();
  return {
    ...changes,
    changesSince: async (...args: Parameters<typeof changes.changesSince>) => {
      const read = await changes.changesSince(...args);
      if (hold.armed) {
        hold.armed = false;
        hold.reach();
        await hold.released;
      }
      return read;
    },
  };
});

const KEY = 'test-key-first-build';
const PREFIX = 'test-first-build';
const DOCUMENT = 'test-first-build.md';
const evidence = [{ document: DOCUMENT, quote: '首次构建时写入' }];

describe('a write during the first build of the index', () => {
  const db = connect();
  const cleanup = () => deleteFixtures(db, PREFIX, DOCUMENT);
  let live: LiveTopology | undefined;
  beforeAll(cleanup);
  afterAll(async () => {
    live?.close();
    await cleanup();
    await db.close();
  });

  it('is in the first snapshot, and in the first traversal after it', async () => {
    vi.resetModules();
    const { LiveTopology } = await import('../../src/traversal/live.js');
    const { Traversals } = await import('../../src/traversal/traversals.js');
    const { testServer } = await import('../helpers.js');
    hold.armed = true;
    // Polls on their own would bring the write in a moment later: not within this test.
    live = new LiveTopology(db, { pollMs: 600_000, checkMs: 600_000 }).start();
    const { query } = testServer(db, { apiKey: KEY, traversals: new Traversals(db, live) });
    await hold.reached;
    expect(live.ready).toBe(false);

    const entity = { id: `${PREFIX}-co`, kind: 'Company', name: '首次构建测试公司', evidence };
    const upsert = await query(
      'mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { __typename } }',
      { input: entity },
      { 'x-api-key': KEY },
    );
    expect(upsert.data?.upsertEntity.__typename).toBe('UpsertEntityPayload');
    const relate = await query(
      'mutation($input: RelateInput!) { relate(input: $input) { __typename } }',
      { input: { type: 'PARTNERS_WITH', from: entity.id, to: 'san-wu-wei', evidence } },
      { 'x-api-key': KEY },
    );
    expect(relate.data?.relate.__typename).toBe('RelatePayload');
    hold.release();

    const t = await live.current(30_000);
    expect(t.hasRelation(entity.id, typeCode('PARTNERS_WITH'), 'san-wu-wei')).toBe(true);
    const around = await query(`{ neighborhood(id: "${entity.id}", depth: 1) { ... on Graph { nodes { slug } } } }`);
    expect(around.data?.neighborhood.nodes.map((n: { slug: string }) => n.slug).sort()).toEqual(['san-wu-wei', entity.id].sort());
  });
});
