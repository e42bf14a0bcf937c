/**
 * Promise 4: every mutation needs the key. Without one, with a wrong one, or when the server's key is
 * empty, each is refused with ForbiddenError and nothing is written; reads stay public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { expectGraphUnchanged, type GraphDigest, graphDigest } from '../graph-digest.js';
import { connect } from '../helpers.js';
import { type Running, startHttp } from './harness.js';

const KEY = 'hardening-auth-key-0123456789';
/** This file's own entities (A and B exist during the tests, related by PARTNERS_WITH; NEW never should). */
const [A, B, NEW] = ['hz-auth-a', 'hz-auth-b', 'hz-auth-new'];
const EVIDENCE = '[{document: "000_06180eb26bb0e0f8.txt", quote: "晋江三创园"}]';
const upsert = (id: string, name: string) =>
  `mutation { upsertEntity(input: {id: "${id}", kind: Company, name: "${name}", evidence: ${EVIDENCE}}) {
     __typename ... on Error { message code } } }`;
const relate = (from: string, to: string, kind: string) =>
  `mutation { relate(input: {type: PARTNERS_WITH, from: "${from}", to: "${to}", props: {kind: "${kind}"}, evidence: ${EVIDENCE}}) {
     __typename ... on Error { message code } } }`;
const unrelate = (from: string, to: string) =>
  `mutation { unrelate(input: {type: PARTNERS_WITH, from: "${from}", to: "${to}"}) { __typename ... on Error { message code } } }`;

/** Each would write if it were let through: a new entity, a changed relationship, a deleted one. */
const MUTATIONS = {
  upsertEntity: upsert(NEW, '鉴权测试新公司'),
  relate: relate(A, B, '未授权'),
  unrelate: unrelate(A, B),
} as const;

/** What a caller may present: nothing, a wrong key either way, an empty one, the key's prefix, the key with a space. */
const WRONG_CREDENTIALS: Record<string, Record<string, string>> = {
  'no key': {},
  'a wrong x-api-key': { 'x-api-key': 'not-the-key' },
  'a wrong bearer token': { authorization: 'Bearer not-the-key' },
  'an empty x-api-key': { 'x-api-key': '' },
  'an empty bearer token': { authorization: 'Bearer ' },
  "the key's prefix": { 'x-api-key': KEY.slice(0, -1) },
  'the key and more': { 'x-api-key': `${KEY}x` },
  'the key in the wrong case': { 'x-api-key': KEY.toUpperCase() },
  'the key as Basic credentials': { authorization: `Basic ${Buffer.from(`neo4j:${KEY}`).toString('base64')}` },
};

const db = connect();
const servers: Record<string, Running> = {};
let initial: GraphDigest;

beforeAll(async () => {
  initial = await graphDigest(db);
  servers.keyed = await startHttp({ db, apiKey: KEY });
  // KG_API_KEY='' reaches the server as no key (src/config.ts); `apiKey: ''` given directly must mean the same.
  servers.empty = await startHttp({ db, apiKey: '' });
  servers.unset = await startHttp({ db, apiKey: loadConfig({ KG_API_KEY: '' }).KG_API_KEY });
  const key = { 'x-api-key': KEY };
  for (const source of [upsert(A, '鉴权测试甲'), upsert(B, '鉴权测试乙'), relate(A, B, '测试')]) {
    const [payload] = Object.values((await servers.keyed.query(source, {}, key)).body.data ?? {});
    expect(payload).toMatchObject({ __typename: expect.stringMatching(/Payload$/) });
  }
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  await db.write('MATCH (n:Entity) WHERE n.id IN $ids DETACH DELETE n', { ids: [A, B, NEW] });
  // The shared graph is left exactly as found.
  await expectGraphUnchanged(db, initial);
  await db.close();
});

describe('writes need a key', () => {
  for (const [mutation, source] of Object.entries(MUTATIONS)) {
    it(`${mutation}: refused with ForbiddenError without the right key, and nothing is written`, async () => {
      const before = await graphDigest(db);
      for (const [server, credentials] of [
        ...Object.entries(WRONG_CREDENTIALS).map(([name, headers]) => [`keyed server, ${name}`, headers, servers.keyed] as const),
        ...Object.entries({ ...WRONG_CREDENTIALS, 'an empty key': { 'x-api-key': '' } }).flatMap(([name, headers]) => [
          [`apiKey: '', ${name}`, headers, servers.empty] as const,
          [`KG_API_KEY='', ${name}`, headers, servers.unset] as const,
        ]),
      ].map(([label, headers, running]) => [label, { headers, running }] as const)) {
        const queries = db.queryCount;
        const result = await credentials.running!.query(source, {}, credentials.headers);
        expect(result.status, server).toBe(200);
        expect(result.body.errors, server).toBeUndefined();
        expect(result.body.data?.[mutation], server).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
        // Refused by the auth scope before the resolver: not even a read ran.
        expect(db.queryCount - queries, server).toBe(0);
      }
      await expectGraphUnchanged(db, before, mutation);
    });
  }

  it('says why: a missing key, or writes disabled on a server without one', async () => {
    const keyed = await servers.keyed!.query(MUTATIONS.unrelate);
    expect(keyed.body.data?.unrelate.message).toMatch(/need the API key/);
    const empty = await servers.empty!.query(MUTATIONS.unrelate, {}, { 'x-api-key': '' });
    expect(empty.body.data?.unrelate.message).toMatch(/writes are disabled/);
  });

  it('left the relationship the refused mutations aimed at as it was', async () => {
    const rows = await db.read<{ kind: string }>('MATCH (:Entity {id: $a})-[r:PARTNERS_WITH]->(:Entity {id: $b}) RETURN r.kind AS kind', {
      a: A,
      b: B,
    });
    expect(rows).toEqual([{ kind: '测试' }]);
    expect(await db.read('MATCH (n:Entity {id: $id}) RETURN n', { id: NEW })).toEqual([]);
  });

  it('accepts the right key, as x-api-key or as a bearer token (the control)', async () => {
    const keyed = servers.keyed!;
    const created = await keyed.query(MUTATIONS.upsertEntity, {}, { 'x-api-key': KEY });
    expect(created.body.data?.upsertEntity.__typename).toBe('UpsertEntityPayload');
    const related = await keyed.query(MUTATIONS.relate, {}, { authorization: `Bearer ${KEY}` });
    expect(related.body.data?.relate.__typename).toBe('RelatePayload');
    const removed = await keyed.query(MUTATIONS.unrelate, {}, { authorization: `bearer ${KEY}` });
    expect(removed.body.data?.unrelate.__typename).toBe('UnrelatePayload');
    expect(await db.read('MATCH (:Entity {id: $a})-[r:PARTNERS_WITH]->(:Entity {id: $b}) RETURN r', { a: A, b: B })).toEqual([]);
  });

  it('keeps reads public on every server', async () => {
    for (const running of Object.values(servers)) {
      const result = await running.query('{ entity(id: "san-wu-wei") { name } search(text: "三伍微", first: 1) { totalCount } }');
      expect(result.body.data?.entity.name).toBe('晋江三伍微电子有限公司');
      expect(result.body.data?.search.totalCount).toBeGreaterThan(0);
    }
  });
});
