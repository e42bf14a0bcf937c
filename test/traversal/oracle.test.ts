/**
 * Traversals over the topology index against brute force, on random graphs with hubs that change
 * while they are queried: relationships added and removed through the API, batches written by the
 * importer (`kg import`'s `importGraph`, another writer than this instance). After every write the
 * paths, neighbourhoods and tiers must be the oracle's for the graph as it now is, and the
 * chain-segment ladder the Cypher one (segments set on relationships and on entities, then changed),
 * so an index that missed or misapplied a change fails.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PATH_KINDS, KINDS, type Kind, RELATION_TYPES, type RelationType, SEGMENTS } from '../../src/core/ontology.js';
import { graphVersion } from '../../src/repositories/changes.js';
import { importGraph } from '../../src/repositories/graph-write.js';
import { typeCode } from '../../src/topology/snapshot.js';
import { LiveTopology } from '../../src/traversal/live.js';
import { Traversals } from '../../src/traversal/traversals.js';
import { connect, testServer } from '../helpers.js';
import { deleteFixtures } from '../support/fixtures.js';
import { type Graph, hubGraph } from '../support/path-graph.js';
import { segmentTiers } from '../support/segment-ladder.js';

const KEY = 'test-key-oracle';
const PREFIX = 'test-oracle';
const DOCUMENT = 'test-oracle.md';
const evidence = [{ document: DOCUMENT, quote: '测试' }];

const RELATE = `mutation($input: RelateInput!) { relate(input: $input) { __typename ... on Error { message } } }`;
const UPSERT = `mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { __typename } }`;
const UNRELATE = `mutation($input: UnrelateInput!) { unrelate(input: $input) { __typename } }`;

type Op =
  | { op: 'relate'; type: RelationType; a: number; b: number }
  | { op: 'unrelate'; edge: number }
  | { op: 'segment'; a: number; segment: number; onRelation: boolean }
  | { op: 'import'; edges: { type: RelationType; a: number; b: number }[] };
type Query =
  | { q: 'paths'; a: number; b: number; k: number; maxHops: number; types: RelationType[]; via: readonly Kind[] }
  | { q: 'neighborhood'; a: number; depth: number; types: RelationType[] }
  | { q: 'tiers'; a: number; direction: 'UPSTREAM' | 'DOWNSTREAM'; depth: number };

const node = fc.nat(200);
const types = fc.subarray([...RELATION_TYPES], { minLength: 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('relate' as const), type: fc.constantFrom(...RELATION_TYPES), a: node, b: node }),
  fc.record({ op: fc.constant('unrelate' as const), edge: fc.nat(1_000) }),
  fc.record({ op: fc.constant('segment' as const), a: node, segment: fc.nat(SEGMENTS.length - 1), onRelation: fc.boolean() }),
  fc.record({
    op: fc.constant('import' as const),
    edges: fc.array(fc.record({ type: fc.constantFrom(...RELATION_TYPES), a: node, b: node }), { minLength: 1, maxLength: 8 }),
  }),
);
const query: fc.Arbitrary<Query> = fc.oneof(
  fc.record({
    q: fc.constant('paths' as const),
    a: node,
    b: node,
    k: fc.integer({ min: 1, max: 10 }),
    maxHops: fc.integer({ min: 1, max: 6 }),
    types,
    via: fc.oneof(fc.constant([...DEFAULT_PATH_KINDS]), fc.subarray([...KINDS], { minLength: 1 })),
  }),
  fc.record({ q: fc.constant('neighborhood' as const), a: node, depth: fc.integer({ min: 1, max: 3 }), types }),
  fc.record({
    q: fc.constantFrom('tiers' as const),
    a: node,
    direction: fc.constantFrom('UPSTREAM' as const, 'DOWNSTREAM' as const),
    depth: fc.integer({ min: 1, max: 3 }),
  }),
);

describe('traversals over a changing graph agree with brute force', () => {
  const db = connect();
  const cleanup = () => deleteFixtures(db, PREFIX, DOCUMENT);
  // Follows the change log only: no count checks, so nothing but the change log keeps it fresh.
  const live = new LiveTopology(db, { pollMs: 250, checkMs: 600_000 }).start();
  const traversals = new Traversals(db, live);
  const { query: ask } = testServer(db, { apiKey: KEY, traversals });
  /** The payload's type name: a relationship the ontology does not allow between the two kinds is refused. */
  const write = async (source: string, input: Record<string, unknown>): Promise<string> => {
    const answer = await ask(source, { input }, { 'x-api-key': KEY });
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data ?? {})[0]?.__typename;
  };
  beforeAll(cleanup);
  afterAll(async () => {
    live.close();
    await cleanup();
    await db.close();
  });

  const check = async (g: Graph, ids: string[], q: Query) => {
    const id = (i: number) => ids[i % ids.length] as string;
    const context = JSON.stringify(q);
    if (q.q === 'paths') {
      const [from, to] = [id(q.a), id(q.b)];
      const result = await traversals.paths(from, to, { ...q, reads: { entityProps: true, relationProps: false } });
      expect(result.truncated, context).toBe(false);
      expect(
        result.paths.map((p) => p.relations.length),
        context,
      ).toEqual(g.shortest(from, to, q));
      for (const path of result.paths)
        for (const r of path.relations) expect(g.edges, context).toContainEqual({ type: r.type, from: r.from, to: r.to });
    } else if (q.q === 'neighborhood') {
      const root = id(q.a);
      const result = await traversals.neighborhood(root, q.depth, q.types, 500, { entityProps: true, relationProps: false });
      expect(result.truncated, context).toBe(false);
      expect([...result.nodeIds].sort(), context).toEqual([...g.within(root, q.depth, q.types).keys()].sort());
      for (const r of result.relations) expect(g.edges, context).toContainEqual({ type: r.type, from: r.from, to: r.to });
    } else {
      const root = id(q.a);
      const { tiers, segments } = await traversals.supplyChain(root, q.direction, q.depth, 500, {
        reads: { entityProps: true, relationProps: false },
      });
      expect(
        tiers.filter((t) => t.entityIds.length > 0).map((t) => [...t.entityIds].sort()),
        context,
      ).toEqual(g.tiers(root, q.direction, q.depth));
      const rung = ({ industryId, segment, memberIds }: { industryId: string; segment: string; memberIds: string[] }) => ({
        industryId,
        segment,
        memberIds: [...memberIds].sort(),
      });
      expect(segments.map(rung), `${context}: ladder`).toEqual((await segmentTiers(db, root, q.direction)).map(rung));
    }
  };

  it('after every write through the API or the importer', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(op, fc.array(query, { minLength: 1, maxLength: 3 })), { minLength: 4, maxLength: 10 }),
        async (steps) => {
          const { g } = hubGraph(`${PREFIX}-r${run++}`, run);
          const ids = [...g.kinds.keys()];
          // Every third entity and every other IN_INDUSTRY relationship start with a segment.
          const segmentOf = (n: number) => SEGMENTS[n % SEGMENTS.length]!;
          const entity = (id: string, i: number) => ({
            id,
            kind: g.kinds.get(id) as Kind,
            name: id,
            aliases: [],
            props: i % 3 === 0 ? { segment: segmentOf(i) } : {},
            evidence,
          });
          const relation = (type: RelationType, from: string, to: string) => ({
            type,
            from,
            to,
            props: type === 'IN_INDUSTRY' && (from.length + to.length) % 2 === 0 ? { segment: segmentOf(from.length * 7 + to.length) } : {},
            evidence,
          });
          await importGraph(db, {
            documents: [{ file: DOCUMENT }],
            entities: ids.map(entity),
            relations: g.edges.map((e) => relation(e.type, e.from, e.to)),
          });
          await live.refresh();
          const index = new Map(ids.map((id, i) => [id, i]));
          /**
           * The index holds the relationship exactly when the graph does. (Answers alone would hide a
           * missed deletion: hydration drops what no longer exists.)
           */
          const holds = async (type: RelationType, from: string, to: string) => {
            const t = await live.current(10_000);
            const { seq, entities } = await graphVersion(db);
            const index = { seq: live.status().seq, entities: t.nodeCount, builds: live.status().builds };
            const where = `${from} -${type}-> ${to} in the index ${JSON.stringify(index)}, the graph at ${JSON.stringify({ seq, entities })}`;
            expect(t.hasRelation(from, typeCode(type), to), where).toBe(
              g.edges.some((e) => e.type === type && e.from === from && e.to === to),
            );
          };
          /** Queries about the ends of a changed relationship: where a missed change shows. */
          const around = (from: string, to: string): Query[] => {
            const [a, b] = [index.get(from) as number, index.get(to) as number];
            return [
              { q: 'paths', a, b, k: 10, maxHops: 3, types: [...RELATION_TYPES], via: [...KINDS] },
              { q: 'neighborhood', a, depth: 1, types: [...RELATION_TYPES] },
              { q: 'tiers', a, direction: 'DOWNSTREAM', depth: 1 },
              { q: 'tiers', a: b, direction: 'UPSTREAM', depth: 1 },
            ];
          };
          /** The ladder's anchors: the member, and the members of its industries, both ways. */
          const ladders = (member: string): Query[] => {
            const peers = g.edges.filter(
              (e) => e.type === 'IN_INDUSTRY' && g.edges.some((f) => f.type === 'IN_INDUSTRY' && f.from === member && f.to === e.to),
            );
            return [member, ...peers.slice(0, 3).map((e) => e.from)].flatMap((id) =>
              (['UPSTREAM', 'DOWNSTREAM'] as const).map(
                (direction): Query => ({ q: 'tiers', a: index.get(id) as number, direction, depth: 1 }),
              ),
            );
          };
          for (const [step, queries] of steps) {
            if (step.op === 'relate') {
              const [from, to] = [ids[step.a % ids.length] as string, ids[step.b % ids.length] as string];
              if (from === to) continue;
              const written = await write(RELATE, { type: step.type, from, to, evidence });
              if (written === 'ValidationError') continue;
              expect(written).toBe('RelatePayload');
              g.edge(step.type, from, to);
              await holds(step.type, from, to);
              queries.push(...around(from, to));
            } else if (step.op === 'segment') {
              const member = ids[step.a % ids.length] as string;
              // The API takes the ChainSegment enum's names, in SEGMENTS' order.
              const segment = ['MATERIALS', 'EQUIPMENT_AND_PARTS', 'DESIGN', 'MANUFACTURING', 'PACKAGING_AND_TESTING', 'APPLICATION'][
                step.segment
              ];
              const own = g.edges.find((e) => e.type === 'IN_INDUSTRY' && e.from === member);
              if (step.onRelation && own) {
                expect(await write(RELATE, { type: 'IN_INDUSTRY', from: member, to: own.to, props: { segment }, evidence })).toBe(
                  'RelatePayload',
                );
              } else {
                const kind = g.kinds.get(member) as Kind;
                expect(await write(UPSERT, { id: member, kind, name: member, props: { segment }, evidence })).toBe('UpsertEntityPayload');
              }
              queries.push(...ladders(member));
            } else if (step.op === 'unrelate') {
              const edge = g.edges[step.edge % Math.max(1, g.edges.length)];
              if (!edge) continue;
              expect(await write(UNRELATE, { ...edge })).toBe('UnrelatePayload');
              g.unedge(edge.type, edge.from, edge.to);
              await holds(edge.type, edge.from, edge.to);
              queries.push(...around(edge.from, edge.to));
            } else {
              const rows = step.edges
                .map((e) => relation(e.type, ids[e.a % ids.length] as string, ids[e.b % ids.length] as string))
                .filter((r) => r.from !== r.to && !g.edges.some((e) => e.type === r.type && e.from === r.from && e.to === r.to))
                .filter((r, i, all) => all.findIndex((x) => x.type === r.type && x.from === r.from && x.to === r.to) === i);
              await importGraph(
                db,
                { documents: [{ file: DOCUMENT }], entities: [], relations: rows },
                { transaction: 'batched', batchSize: 3 },
              );
              // Another writer's change reaches the index at its next poll: this is that poll.
              await live.refresh();
              for (const r of rows) {
                g.edge(r.type, r.from, r.to);
                await holds(r.type, r.from, r.to);
                queries.push(...around(r.from, r.to));
              }
            }
            for (const q of queries) await check(g, ids, q);
          }
        },
      ),
      { numRuns: 6, seed: 20261205, endOnFailure: true },
    );
  });
});
