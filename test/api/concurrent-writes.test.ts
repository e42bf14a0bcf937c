import type { ManagedTransaction } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { connect, testServer } from '../helpers.js';

const KEY = 'test-key-concurrent';
const PREFIX = 'test-concurrent';
const WRITES = 32;
const ROUNDS = 5;

const UPSERT = `mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) {
  __typename
  ... on UpsertEntityPayload { entity { slug kind } }
  ... on ValidationError { issues { path message } }
} }`;
const RELATE = `mutation($input: RelateInput!) { relate(input: $input) {
  __typename
  ... on RelatePayload { relation { type source { slug } target { slug } } }
  ... on Error { message code }
} }`;
const UNRELATE = `mutation($input: UnrelateInput!) { unrelate(input: $input) {
  __typename ... on UnrelatePayload { removed } ... on Error { message code }
} }`;

type Kind = 'Company' | 'Fund';
type Write =
  | { op: 'upsert'; id: string; kind: Kind; alias: string; quote: string }
  | { op: 'relate'; type: string; from: string; to: string; quote: string }
  | { op: 'unrelate'; type: string; from: string; to: string };
type Outcome = { write: Write; typename: string; result: Record<string, any> };

/** Records when each write transaction ran and what it was given, to show that the writes of a round overlapped. */
class SpyDatabase extends Database {
  spans: { params: string; start: number; end: number }[] = [];
  override async writeTransaction<R>(work: (tx: ManagedTransaction) => Promise<R>, timeoutMs?: number): Promise<R> {
    const span = { params: '', start: performance.now(), end: Number.POSITIVE_INFINITY };
    this.spans.push(span);
    try {
      const run = (tx: ManagedTransaction) => (cypher: string, params?: Record<string, unknown>) => {
        span.params += JSON.stringify(params ?? {});
        return tx.run(cypher, params);
      };
      return await super.writeTransaction((tx) => work({ run: run(tx) } as ManagedTransaction), timeoutMs);
    } finally {
      span.end = performance.now();
    }
  }
}

describe('concurrent writes', () => {
  const base = connect();
  const db = new SpyDatabase(base.driver, base.database);
  const { query } = testServer(db, { apiKey: KEY });
  const cleanup = () =>
    db.write(
      `MATCH (n:Entity) WHERE n.id STARTS WITH $prefix DETACH DELETE n
       WITH count(*) AS _ MATCH (d:Document) WHERE d.file STARTS WITH $prefix DELETE d`,
      { prefix: PREFIX },
    );
  beforeAll(cleanup);
  afterAll(async () => {
    await cleanup();
    await db.close();
  });

  // A document of its own for every write: writes citing one document wait for each other on it.
  const documentOf = (quote: string) => `${PREFIX}-${quote}.md`;
  const evidenceOf = (quote: string) => [{ document: documentOf(quote), quote }];
  const send = async (write: Write): Promise<Outcome> => {
    const [source, field, input] =
      write.op === 'upsert'
        ? [
            UPSERT,
            'upsertEntity',
            { id: write.id, kind: write.kind, name: `并发${write.id}`, aliases: [write.alias], evidence: evidenceOf(write.quote) },
          ]
        : write.op === 'relate'
          ? [RELATE, 'relate', { type: write.type, from: write.from, to: write.to, evidence: evidenceOf(write.quote) }]
          : [UNRELATE, 'unrelate', { type: write.type, from: write.from, to: write.to }];
    const response = await query(source, { input }, { 'x-api-key': KEY });
    // An internal error (or a write the API lost track of) is never an acceptable answer to a conflict.
    expect(response.errors, `${JSON.stringify(write)}: ${JSON.stringify(response.errors)}`).toBeUndefined();
    return { write, typename: response.data?.[field].__typename, result: response.data?.[field] };
  };
  /** All at once, as 32 clients would; the spans show the transactions on `id` really overlapped. */
  const race = async (writes: Write[], id: string) => {
    db.spans = [];
    const outcomes = await Promise.all(writes.map(send));
    const spans = db.spans.filter((s) => s.params.includes(`"${id}"`));
    const firstEnd = Math.min(...spans.map((s) => s.end));
    expect(spans.filter((s) => s.start < firstEnd).length, `write transactions on ${id} open at once`).toBeGreaterThan(1);
    return outcomes;
  };

  const entityNow = async (id: string) => {
    const rows = await db.read<{ labels: string[]; kind: string; aliases: string[]; evidence: string[] }>(
      'MATCH (n:Entity {id: $id}) RETURN labels(n) AS labels, n.kind AS kind, n.aliases AS aliases, n.evidence AS evidence',
      { id },
    );
    expect(rows, `one node ${id}`).toHaveLength(1);
    return rows[0]!;
  };
  const sorted = (list: Iterable<string>) => [...list].sort();
  const encoded = (quote: string) => `${documentOf(quote)}\t${quote}`;

  /** The entity is what the acknowledged upserts, applied one after another, make of it; the others were refused as one after another would be. */
  const expectEntityAgreesWith = async (id: string, outcomes: Outcome[]) => {
    const node = await entityNow(id);
    const upserts = outcomes.filter(
      (o): o is Outcome & { write: Extract<Write, { op: 'upsert' }> } => o.write.op === 'upsert' && o.write.id === id,
    );
    const acknowledged = upserts.filter((o) => o.typename === 'UpsertEntityPayload');
    expect(sorted(node.labels)).toEqual(sorted(['Entity', node.kind]));
    for (const o of upserts) {
      if (o.write.kind === node.kind)
        expect(o.result, 'a write of the kind the entity has').toEqual({
          __typename: 'UpsertEntityPayload',
          entity: { slug: id, kind: node.kind },
        });
      else
        expect(o.result, 'a write of another kind').toEqual({
          __typename: 'ValidationError',
          issues: [{ path: 'input.kind', message: `${id} is a ${node.kind}, not a ${o.write.kind}` }],
        });
    }
    expect(sorted(node.aliases)).toEqual(sorted(acknowledged.map((o) => o.write.alias)));
    expect(sorted(node.evidence)).toEqual(sorted(acknowledged.map((o) => encoded(o.write.quote))));
    return { kind: node.kind, acknowledged: acknowledged.length, refused: upserts.length - acknowledged.length };
  };

  it(`keeps an entity's kind: of ${WRITES} simultaneous upserts of a new id, alternately Company and Fund, those of the first kind written succeed and the others are refused`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = `${PREFIX}-kind-${round}`;
      const writes = Array.from(
        { length: WRITES },
        (_, i): Write => ({
          op: 'upsert',
          id,
          kind: i % 2 ? 'Fund' : 'Company',
          alias: `别名${i}`,
          quote: `q${round}-${i}`,
        }),
      );
      const outcomes = await race(writes, id);
      const { acknowledged, refused } = await expectEntityAgreesWith(id, outcomes);
      expect({ acknowledged, refused }).toEqual({ acknowledged: WRITES / 2, refused: WRITES / 2 });
    }
  });

  it('relates entities that are being created: a relationship exists only where a relate was acknowledged, with their evidence only', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = `${PREFIX}-rel-${round}-a`;
      const b = `${PREFIX}-rel-${round}-b`;
      const writes = Array.from({ length: WRITES }, (_, i): Write => {
        const quote = `q${round}-${i}`;
        switch (i % 4) {
          case 0:
            return { op: 'upsert', id: a, kind: i % 8 ? 'Fund' : 'Company', alias: `别名${i}`, quote };
          case 1:
            return i % 8 === 1
              ? { op: 'upsert', id: b, kind: 'Company', alias: `别名${i}`, quote }
              : { op: 'relate', type: 'INVESTS_IN', from: a, to: b, quote };
          case 2:
            return { op: 'relate', type: 'INVESTS_IN', from: a, to: b, quote };
          default:
            return { op: 'relate', type: 'SUPPLIES', from: b, to: a, quote };
        }
      });
      const outcomes = await race(writes, a);
      await expectEntityAgreesWith(a, outcomes);
      await expectEntityAgreesWith(b, outcomes);
      for (const [type, from, to] of [
        ['INVESTS_IN', a, b],
        ['SUPPLIES', b, a],
      ] as const) {
        const relates = outcomes.filter((o) => o.write.op === 'relate' && o.write.type === type);
        const acknowledged = relates.filter((o) => o.typename === 'RelatePayload');
        for (const o of relates) {
          if (o.typename === 'RelatePayload') expect(o.result.relation).toEqual({ type, source: { slug: from }, target: { slug: to } });
          else
            expect(o.result).toMatchObject({
              __typename: 'NotFoundError',
              code: 'NOT_FOUND',
              message: expect.stringMatching(/^input\.(from|to): no entity with id "/),
            });
        }
        const rows = await db.read<{ evidence: string[] }>(
          `MATCH (:Entity {id: $from})-[r:${type}]->(:Entity {id: $to}) RETURN r.evidence AS evidence`,
          { from, to },
        );
        expect(rows.length, `${from} -${type}-> ${to}`).toBe(acknowledged.length > 0 ? 1 : 0);
        if (rows[0])
          expect(sorted(rows[0].evidence)).toEqual(sorted(acknowledged.map((o) => encoded((o.write as { quote: string }).quote))));
      }
    }
  });

  it('answers every relate and unrelate of one pair racing each other with a payload, and keeps only acknowledged evidence', async () => {
    const [a, b] = [`${PREFIX}-pair-a`, `${PREFIX}-pair-b`];
    for (const id of [a, b]) await send({ op: 'upsert', id, kind: 'Company', alias: id, quote: id });
    for (let round = 0; round < ROUNDS; round++) {
      const writes = Array.from(
        { length: WRITES },
        (_, i): Write =>
          i % 2
            ? { op: 'unrelate', type: 'PARTNERS_WITH', from: a, to: b }
            : { op: 'relate', type: 'PARTNERS_WITH', from: a, to: b, quote: `q${round}-${i}` },
      );
      const outcomes = await race(writes, a);
      expect(new Set(outcomes.map((o) => o.typename))).toEqual(new Set(['RelatePayload', 'UnrelatePayload']));
      const acknowledged = new Set(outcomes.flatMap((o) => (o.write.op === 'relate' ? [encoded(o.write.quote)] : [])));
      const rows = await db.read<{ evidence: string[] }>(
        'MATCH (:Entity {id: $a})-[r:PARTNERS_WITH]->(:Entity {id: $b}) RETURN r.evidence AS evidence',
        { a, b },
      );
      expect(rows.length).toBeLessThanOrEqual(1);
      for (const quote of rows[0]?.evidence ?? []) expect(acknowledged).toContain(quote);
    }
  });
});
