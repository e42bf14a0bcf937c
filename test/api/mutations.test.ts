import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, testServer } from '../helpers.js';

const KEY = 'test-key-mutations';
const PREFIX = 'test-mut';
const evidence = [{ document: 'test-mutations.md', quote: '测试用的证据' }];

const UPSERT = `mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) {
  __typename
  ... on UpsertEntityPayload { entity { slug kind name aliases evidence { document quote } ... on Company { foundedOn registeredCapitalCny } } }
  ... on Error { message code }
  ... on ValidationError { issues { path message } }
} }`;
const RELATE = `mutation($input: RelateInput!) { relate(input: $input) {
  __typename
  ... on RelatePayload { relation { type source { slug } target { slug } amountCny round evidence { document quote } } }
  ... on Error { message code }
  ... on ValidationError { issues { path message } }
} }`;
const UNRELATE = `mutation($input: UnrelateInput!) { unrelate(input: $input) {
  __typename ... on UnrelatePayload { removed } ... on Error { message code }
} }`;

describe('mutations', () => {
  const db = connect();
  const { query } = testServer(db, { apiKey: KEY });
  const write = (source: string, variables: Record<string, unknown>) => query(source, variables, { 'x-api-key': KEY });
  const cleanup = () =>
    db.write(
      `MATCH (n:Entity) WHERE n.id STARTS WITH '${PREFIX}' DETACH DELETE n WITH count(*) AS _ MATCH (d:Document {file: 'test-mutations.md'}) DELETE d`,
    );
  beforeAll(cleanup);
  afterAll(async () => {
    await cleanup();
    await db.close();
  });

  it('upserts an entity, merging aliases and evidence on a second call', async () => {
    const input = {
      id: `${PREFIX}-a`,
      kind: 'Company',
      name: '测试公司甲',
      aliases: ['测试甲'],
      props: { foundedOn: '2020-01', registeredCapitalCny: 5e6 },
      evidence,
    };
    const first = await write(UPSERT, { input });
    expect(first.data?.upsertEntity).toMatchObject({
      __typename: 'UpsertEntityPayload',
      entity: {
        slug: `${PREFIX}-a`,
        kind: 'Company',
        name: '测试公司甲',
        aliases: ['测试甲'],
        foundedOn: '2020-01',
        registeredCapitalCny: 5e6,
        evidence,
      },
    });
    const second = await write(UPSERT, {
      input: { ...input, aliases: ['甲公司'], evidence: [{ document: 'test-mutations.md', quote: '第二条证据' }] },
    });
    expect(second.data?.upsertEntity.entity.aliases).toEqual(['测试甲', '甲公司']);
    expect(second.data?.upsertEntity.entity.evidence).toHaveLength(2);
    const found = await query('{ entity(name: "甲公司") { slug } }');
    expect(found.data?.entity.slug).toBe(`${PREFIX}-a`);
  });

  it('finds a new entity at once by a name or alias holding Lucene syntax, and only by the whole of it', async () => {
    const name = '测试"引号\\反斜杠（公司） AND *?';
    const alias = 'title:测试~2';
    const created = await write(UPSERT, { input: { id: `${PREFIX}-lucene`, kind: 'Company', name, aliases: [alias], evidence } });
    expect(created.data?.upsertEntity.__typename).toBe('UpsertEntityPayload');
    const lookup = async (ref: string) =>
      (await query('query($name: String) { entity(name: $name) { slug } }', { name: ref })).data?.entity?.slug ?? null;
    for (const ref of [name, name.replace('（', '(').replace('）', ')'), alias]) expect(await lookup(ref), ref).toBe(`${PREFIX}-lucene`);
    // Lucene syntax is text: a part of the name is not it (测试 may be 测试公司, its name without the legal suffix).
    for (const ref of ['测试"引号', '测试', '*', '']) expect(await lookup(ref), ref).not.toBe(`${PREFIX}-lucene`);
    for (const ref of ['*', '']) expect(await lookup(ref), ref).toBeNull();
  });

  it('relates and unrelates two entities, with evidence', async () => {
    await write(UPSERT, { input: { id: `${PREFIX}-fund`, kind: 'Fund', name: '测试基金', evidence } });
    const related = await write(RELATE, {
      input: { type: 'INVESTS_IN', from: `${PREFIX}-fund`, to: `${PREFIX}-a`, props: { amountCny: 1e7, round: 'A轮' }, evidence },
    });
    expect(related.data?.relate).toEqual({
      __typename: 'RelatePayload',
      relation: {
        type: 'INVESTS_IN',
        source: { slug: `${PREFIX}-fund` },
        target: { slug: `${PREFIX}-a` },
        amountCny: 1e7,
        round: 'A轮',
        evidence,
      },
    });
    const investors = await query(`{ entity(id: "${PREFIX}-a") { ... on Company { investors { investor { slug } amountCny } } } }`);
    expect(investors.data?.entity.investors).toEqual([{ investor: { slug: `${PREFIX}-fund` }, amountCny: 1e7 }]);
    const removed = await write(UNRELATE, { input: { type: 'INVESTS_IN', from: `${PREFIX}-fund`, to: `${PREFIX}-a` } });
    expect(removed.data?.unrelate).toEqual({ __typename: 'UnrelatePayload', removed: true });
    const again = await write(UNRELATE, { input: { type: 'INVESTS_IN', from: `${PREFIX}-fund`, to: `${PREFIX}-a` } });
    expect(again.data?.unrelate.removed).toBe(false);
  });

  it('reads an entity as the last write in the same operation left it', async () => {
    const fund = { id: `${PREFIX}-serial`, kind: 'Fund', name: '测试串行基金', evidence };
    await write(UPSERT, { input: { id: `${PREFIX}-b`, kind: 'Company', name: '测试公司乙', evidence } });
    // Mutations run one after another: the third reads the fund after the second has changed it.
    const result = await write(
      `mutation($first: UpsertEntityInput!, $second: UpsertEntityInput!, $relate: RelateInput!) {
        first: upsertEntity(input: $first) { __typename }
        second: upsertEntity(input: $second) { __typename }
        relate(input: $relate) { ... on RelatePayload { relation { source { aliases } } } }
      }`,
      {
        first: fund,
        second: { ...fund, aliases: ['串行基金'] },
        relate: { type: 'INVESTS_IN', from: fund.id, to: `${PREFIX}-b`, evidence },
      },
    );
    expect(result.data?.relate.relation.source.aliases).toEqual(['串行基金']);
  });

  it('answers ValidationError naming each bad field, and writes nothing', async () => {
    const result = await write(UPSERT, {
      input: {
        id: 'Not A Slug',
        kind: 'Company',
        name: ' ',
        props: { foundedOn: 'last year' },
        evidence: [{ document: 'x', quote: '长'.repeat(81) }],
      },
    });
    expect(result.data?.upsertEntity.__typename).toBe('ValidationError');
    const paths = result.data?.upsertEntity.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['input.id', 'input.name', 'input.props.foundedOn', 'input.evidence.0.quote']));
    expect((await query('{ entity(id: "Not A Slug") { slug } }')).data?.entity).toBeNull();
    const noEvidence = await write(UPSERT, { input: { id: `${PREFIX}-b`, kind: 'Company', name: '乙', evidence: [] } });
    expect(noEvidence.data?.upsertEntity.issues).toEqual([{ path: 'input.evidence', message: 'at least one evidence record is needed' }]);
    const kindChange = await write(UPSERT, { input: { id: 'san-wu-wei', kind: 'Fund', name: '晋江三伍微电子有限公司', evidence } });
    expect(kindChange.data?.upsertEntity.issues).toEqual([{ path: 'input.kind', message: 'san-wu-wei is a Company, not a Fund' }]);
  });

  it('answers NotFoundError for a relation to an unknown entity', async () => {
    const result = await write(RELATE, { input: { type: 'PARTNERS_WITH', from: `${PREFIX}-a`, to: `${PREFIX}-missing`, evidence } });
    expect(result.data?.relate).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      message: `input.to: no entity with id "${PREFIX}-missing"`,
    });
  });

  it('refuses writes without the key, with a wrong key, and when no key is configured', async () => {
    const input = { id: `${PREFIX}-c`, kind: 'Company', name: '丙', evidence };
    const none = await query(UPSERT, { input });
    expect(none.data?.upsertEntity).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const wrong = await query(UPSERT, { input }, { 'x-api-key': `${KEY}x` });
    expect(wrong.data?.upsertEntity.__typename).toBe('ForbiddenError');
    const disabled = testServer(db, {});
    const off = await disabled.query(UPSERT, { input }, { 'x-api-key': KEY });
    expect(off.data?.upsertEntity).toMatchObject({ __typename: 'ForbiddenError', message: expect.stringContaining('writes are disabled') });
    const bearer = await query(UPSERT, { input }, { authorization: `Bearer ${KEY}` });
    expect(bearer.data?.upsertEntity.__typename).toBe('UpsertEntityPayload');
  });
});
