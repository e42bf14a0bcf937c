/**
 * The list arguments' bounds, each at its value and one past it: `filter.ids` (100), an upsert's
 * `aliases` (30), a write's `evidence` (20). At the bound the request is answered; past it, it is
 * refused naming the argument and its bound, before any Cypher runs, and nothing is written.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { expectGraphUnchanged } from '../graph-digest.js';
import { connect, testServer } from '../helpers.js';

const KEY = 'test-key-bounds';
const PREFIX = 'test-bounds';
const DOCUMENT = 'test-bounds.md';

const UPSERT = `mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) {
  __typename ... on UpsertEntityPayload { entity { slug aliases evidence { quote } } } ... on ValidationError { issues { path message } }
} }`;
const RELATE = `mutation($input: RelateInput!) { relate(input: $input) {
  __typename ... on RelatePayload { relation { evidence { quote } } } ... on ValidationError { issues { path message } }
} }`;

const evidence = (n: number) => Array.from({ length: n }, (_, i) => ({ document: DOCUMENT, quote: `第${i + 1}条证据` }));

describe('argument bounds', () => {
  const db = connect();
  const { query } = testServer(db, { apiKey: KEY });
  const write = (source: string, variables: Record<string, unknown>) => query(source, variables, { 'x-api-key': KEY });
  const cleanup = () =>
    db.write(
      `MATCH (n:Entity) WHERE n.id STARTS WITH '${PREFIX}' DETACH DELETE n WITH count(*) AS _ MATCH (d:Document {file: '${DOCUMENT}'}) DELETE d`,
    );
  afterAll(async () => {
    await cleanup();
    await db.close();
  });

  /** Sends a request that must be refused, and checks that it ran no Cypher and left the graph as it was. */
  async function refusedUntouched<T>(send: () => Promise<T>): Promise<T> {
    const before = db.queryCount;
    const answer = await send();
    expect(db.queryCount, 'Cypher ran for a refused request').toBe(before);
    await expectGraphUnchanged(db, inject('seedGraph'), 'a refused write');
    return answer;
  }

  it('answers filter.ids of 100, and refuses 101 naming the argument and its bound', async () => {
    const LIST = 'query($ids: [String!]) { entities(first: 100, filter: { ids: $ids }) { totalCount edges { node { slug } } } }';
    const ids = ['san-wu-wei', 'fu-zhou-da-xue', ...Array.from({ length: 98 }, (_, i) => `${PREFIX}-none-${i}`)];
    const answered = await query(LIST, { ids });
    expect(answered.errors).toBeUndefined();
    expect(answered.data?.entities.totalCount).toBe(2);

    const refused = await refusedUntouched(() => query(LIST, { ids: [...ids, `${PREFIX}-one-more`] }));
    expect(refused.data?.entities ?? null).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringContaining('ids may list at most 100'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('takes 30 aliases in one upsert, and refuses 31 as a ValidationError on input.aliases, writing nothing', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `界限别名${i}`);
    const input = { id: `${PREFIX}-aliases`, kind: 'Company', name: '界限测试公司', evidence: evidence(1) };
    const refused = await refusedUntouched(() => write(UPSERT, { input: { ...input, aliases: aliases(31) } }));
    expect(refused.data?.upsertEntity).toEqual({
      __typename: 'ValidationError',
      issues: [{ path: 'input.aliases', message: 'at most 30 aliases' }],
    });
    try {
      const taken = await write(UPSERT, { input: { ...input, aliases: aliases(30) } });
      expect(taken.data?.upsertEntity.__typename, JSON.stringify(taken)).toBe('UpsertEntityPayload');
      expect(taken.data?.upsertEntity.entity.aliases).toEqual(aliases(30));
    } finally {
      await cleanup();
    }
  });

  it('takes 20 evidence records in an upsert and a relate, and refuses 21 as a ValidationError on input.evidence, writing nothing', async () => {
    const entity = { id: `${PREFIX}-evidence`, kind: 'Company', name: '证据界限公司' };
    const relation = { type: 'PARTNERS_WITH', from: `${PREFIX}-evidence`, to: 'fu-zhou-da-xue' };
    const tooMany = [{ path: 'input.evidence', message: 'at most 20 evidence records' }];
    const refusedUpsert = await refusedUntouched(() => write(UPSERT, { input: { ...entity, evidence: evidence(21) } }));
    expect(refusedUpsert.data?.upsertEntity).toEqual({ __typename: 'ValidationError', issues: tooMany });
    // Against an existing pair (the seed graph's), so that only the bound can refuse it.
    const refusedRelate = await refusedUntouched(() =>
      write(RELATE, { input: { type: 'PARTNERS_WITH', from: 'san-wu-wei', to: 'fu-zhou-da-xue', evidence: evidence(21) } }),
    );
    expect(refusedRelate.data?.relate).toEqual({ __typename: 'ValidationError', issues: tooMany });
    try {
      const upserted = await write(UPSERT, { input: { ...entity, evidence: evidence(20) } });
      expect(upserted.data?.upsertEntity.entity?.evidence, JSON.stringify(upserted)).toHaveLength(20);
      const related = await write(RELATE, { input: { ...relation, evidence: evidence(20) } });
      expect(related.data?.relate.relation?.evidence, JSON.stringify(related)).toHaveLength(20);
    } finally {
      await cleanup();
    }
  });
});
