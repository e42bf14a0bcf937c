/**
 * Freshness of the topology index across instances: two API instances, each with its own index, on
 * one Neo4j. A write through one is in its own next traversal and in the other's within about a
 * second (the change log, polled every 250 ms); an import by another process while queries run loses
 * and invents nothing; a write from outside the project is seen at the next count check; a store
 * that starts over is rebuilt, not trusted.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PATH_KINDS, RELATION_TYPES } from '../../src/core/ontology.js';
import { Database } from '../../src/db/database.js';
import { createServer } from '../../src/http/yoga.js';
import { graphVersion } from '../../src/repositories/changes.js';
import { LiveTopology } from '../../src/traversal/live.js';
import { Traversals } from '../../src/traversal/traversals.js';
import { connect, testServer } from '../helpers.js';
import { deleteFixtures } from '../support/fixtures.js';
import { kg } from '../support/kg-cli.js';
import { hubGraph } from '../support/path-graph.js';
import { until } from '../support/wait.js';

const KEY = 'test-key-freshness';
const PREFIX = 'test-fresh';
const DOCUMENT = 'test-freshness.md';
/** "Within about a second": the poll interval (250 ms) plus a round trip, with room for a busy machine. */
const PROMPTLY = 1_500;

const UPSERT = `mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { __typename } }`;
const RELATE = `mutation($input: RelateInput!) { relate(input: $input) { __typename } }`;
const UNRELATE = `mutation($input: UnrelateInput!) { unrelate(input: $input) { __typename ... on UnrelatePayload { removed } } }`;
const PATHS = `query($from: String!, $to: String!, $maxHops: Int) {
  paths(from: $from, to: $to, k: 10, maxHops: $maxHops) {
    ... on PathsResult { truncated paths { nodes { slug } hops { type direction from { slug } to { slug } } } }
    ... on Error { message }
  }
}`;

type Path = { nodes: { slug: string }[]; hops: { type: string; direction: string; from: { slug: string }; to: { slug: string } }[] };

describe('the topology index follows writes made anywhere', () => {
  const db = connect();
  const lives: LiveTopology[] = [];
  /** An API instance with an index of its own that follows the change log only (no count checks, unless asked). */
  const instance = (checkMs = 600_000) => {
    const live = new LiveTopology(db, { pollMs: 250, checkMs }).start();
    lives.push(live);
    const server = testServer(db, { apiKey: KEY, traversals: new Traversals(db, live) });
    const write = async (source: string, input: Record<string, unknown>) => {
      const answer = await server.query(source, { input }, { 'x-api-key': KEY });
      expect(answer.errors).toBeUndefined();
      return answer.data as Record<string, { __typename: string; removed?: boolean }>;
    };
    /** The paths, or null when an end is not in the graph (yet). */
    const found = async (from: string, to: string, maxHops = 6): Promise<Path[] | null> => {
      const answer = await server.query(PATHS, { from, to, maxHops });
      expect(answer.errors).toBeUndefined();
      if (answer.data?.paths.message) return null;
      expect(answer.data?.paths.truncated).toBe(false);
      return answer.data?.paths.paths;
    };
    const paths = async (from: string, to: string, maxHops = 6): Promise<Path[]> => {
      const answer = await found(from, to, maxHops);
      expect(answer, `paths from ${from} to ${to}`).not.toBeNull();
      return answer ?? [];
    };
    return { live, write, paths, found };
  };
  const a = instance();
  const b = instance();
  const cleanup = () => deleteFixtures(db, PREFIX, DOCUMENT);
  beforeAll(async () => {
    await cleanup();
    await Promise.all([a.live.current(60_000), b.live.current(60_000)]);
  });
  afterAll(async () => {
    for (const live of lives) live.close();
    await cleanup();
    await db.close();
  });

  const evidence = [{ document: DOCUMENT, quote: '测试新鲜度' }];
  const company = (name: string) => ({ id: `${PREFIX}-${name}`, kind: 'Company', name: `${PREFIX}-${name}`, evidence });
  const slugs = (paths: Path[]) => paths.map((p) => p.nodes.map((n) => n.slug).join(' > '));

  it('a write through one instance is in its own next traversal, and in the other’s within about a second', async () => {
    const [x, y, z] = ['x', 'y', 'z'].map(company) as [ReturnType<typeof company>, ReturnType<typeof company>, ReturnType<typeof company>];
    for (const entity of [x, y, z]) await a.write(UPSERT, entity);
    await a.write(RELATE, { type: 'SUPPLIES', from: x.id, to: y.id, evidence });
    await a.write(RELATE, { type: 'SUPPLIES', from: y.id, to: z.id, evidence });
    // No waiting on the writer's side.
    expect(slugs(await a.paths(x.id, z.id))).toEqual([`${x.id} > ${y.id} > ${z.id}`]);
    const started = Date.now();
    await until(async () => (await b.paths(x.id, z.id)).length === 1, PROMPTLY, 'the other instance to see the new path', 20);
    const seenAfter = Date.now() - started;
    expect(seenAfter).toBeLessThan(PROMPTLY);

    expect((await a.write(UNRELATE, { type: 'SUPPLIES', from: y.id, to: z.id })).unrelate?.removed).toBe(true);
    expect(await a.paths(x.id, z.id)).toEqual([]);
    await until(async () => (await b.paths(x.id, z.id)).length === 0, PROMPTLY, 'the other instance to lose the removed path', 20);
  });

  it('an import by another process while queries run loses nothing and invents nothing', async () => {
    const { g, companies, parks, funds, r } = hubGraph(`${PREFIX}-imp`, 11);
    const dir = await mkdtemp(join(tmpdir(), 'kg-freshness-'));
    try {
      const file = join(dir, 'graph.json');
      const seed = {
        document: { file: DOCUMENT, unverified: true },
        entities: [...g.kinds].map(([id, kind]) => ({ id, kind, name: id, evidence: [{ quote: '测试新鲜度' }] })),
        relations: g.edges.map((e) => ({ ...e, evidence: [{ quote: '测试新鲜度' }] })),
      };
      await writeFile(file, JSON.stringify([seed]));
      const ends = [...companies, ...parks, ...funds];
      const pairs = Array.from(
        { length: 6 },
        () => [ends[Math.floor(r() * ends.length)], ends[Math.floor(r() * ends.length)]] as [string, string],
      );
      const real = new Set(g.edges.map((e) => `${e.from}|${e.type}|${e.to}`));
      const options = { maxHops: 6, k: 10, types: RELATION_TYPES, via: DEFAULT_PATH_KINDS };

      // Small batches: many transactions, each a change the other instance applies as it comes.
      const importing = kg(['import', file, '--batched', '--batch-size', '10']);
      let done = false;
      void importing.then(() => {
        done = true;
      });
      let answers = 0;
      while (!done) {
        // An answer with no path needs no Neo4j round trip at all: yield, or the import's exit
        // (a macrotask) would wait behind this loop's microtasks for ever.
        await new Promise((resolve) => setImmediate(resolve));
        for (const [from, to] of pairs) {
          // Nothing invented: every hop of every answer is a relationship of the graph being imported.
          // An end not imported yet is not found.
          for (const path of (await b.found(from, to)) ?? [])
            for (const hop of path.hops) {
              const [start, end] = hop.direction === 'FORWARD' ? [hop.from, hop.to] : [hop.to, hop.from];
              expect(real).toContain(`${start.slug}|${hop.type}|${end.slug}`);
            }
          answers++;
        }
      }
      const exit = await importing;
      expect(exit.stderr).toBe('');
      expect(exit.code).toBe(0);
      expect(answers).toBeGreaterThan(0);
      // Within about a second of the import's end the other instance has applied every change it
      // recorded, and nothing is lost: its answers are the oracle's.
      const { seq } = await graphVersion(db);
      await until(() => b.live.status().seq >= seq, PROMPTLY, 'the other instance to apply the import', 20);
      for (const [from, to] of pairs)
        expect(
          (await b.paths(from, to)).map((p) => p.hops.length),
          `${from} → ${to}`,
        ).toEqual(g.shortest(from, to, options));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a write from outside the project is seen at the next count check', async () => {
    const checking = instance(500);
    await checking.live.current(60_000);
    const [p, q] = [`${PREFIX}-out-p`, `${PREFIX}-out-q`];
    await db.write(
      `CREATE (:Entity:Company {id: $p, kind: 'Company', name: $p})-[:PARTNERS_WITH]->(:Entity:Company {id: $q, kind: 'Company', name: $q})`,
      { p, q },
    );
    await until(async () => (await checking.paths(p, q)).length === 1, 3_000, 'the count check to find the outside write', 50);
  });

  it('a store that starts over (another token) is rebuilt from the graph, not followed', async () => {
    const [x, y] = [`${PREFIX}-x`, `${PREFIX}-y`];
    expect(await b.paths(x, y, 1)).toHaveLength(1);
    // As after a store is replaced: its relationships differ, its change log starts from nothing.
    await db.write(`MATCH (:Entity {id: $x})-[r]-(:Entity {id: $y}) DELETE r`, { x, y });
    await db.write(`MATCH (c:GraphChange) DELETE c WITH count(*) AS _ MATCH (m:GraphMeta) SET m.token = randomUUID(), m.seq = 0`);
    await until(async () => (await b.paths(x, y, 1)).length === 0, PROMPTLY * 2, 'a rebuild after the token changed', 50);
  });

  it('is not ready until its index is built', async () => {
    const live = new LiveTopology(db, { pollMs: 250, checkMs: 600_000 });
    lives.push(live);
    const yoga = createServer({ db, traversals: new Traversals(db, live) });
    expect((await yoga.fetch('http://test/readyz')).status).toBe(503);
    live.start();
    await until(async () => (await yoga.fetch('http://test/readyz')).status === 200, 30_000, '/readyz 200');
  });

  it('tells a traversal that cannot wait any longer for the first build to retry (not masked)', async () => {
    // An index whose build cannot reach its database stays unbuilt; the traversal waits its read timeout.
    const unreachable = neo4j.driver('bolt://127.0.0.1:9', neo4j.auth.basic('neo4j', 'unused'));
    const live = new LiveTopology(new Database(unreachable, db.database), { pollMs: 250, checkMs: 600_000 });
    lives.push(live);
    const impatient = new Database(db.driver, db.database, { readMs: 1_000 });
    const early = createServer({ db: impatient, traversals: new Traversals(impatient, live) });
    const answer = await early.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ neighborhood(id: "晋江市") { __typename } }' }),
    });
    const body = (await answer.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe('SERVICE_UNAVAILABLE');
    await unreachable.close();
  });
});
