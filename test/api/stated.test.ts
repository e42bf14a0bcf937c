/**
 * Stated or inferred through the API: relations (typed edges, the relations connection, a path's
 * hops) carry `stated` and `inference`, and an entity's `facts` say which of its facts rest on a reading.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { importGraph } from '../../src/repositories/graph-write.js';
import { connect, testServer } from '../helpers.js';

const KEY = 'test-key-stated';
const PREFIX = 'test-stated';

describe('stated and inferred', () => {
  const db = connect();
  const { query } = testServer(db, { apiKey: KEY });
  const cleanup = () =>
    db.write(
      `MATCH (n:Entity) WHERE n.id STARTS WITH $prefix DETACH DELETE n WITH count(*) AS _ MATCH (d:Document {file: 'test-stated.md'}) DELETE d`,
      { prefix: PREFIX },
    );
  afterAll(async () => {
    await cleanup();
    await db.close();
  });

  it('marks an inferred relationship with its reason on a typed edge and in the relations connection', async () => {
    const { data, errors } = await query(`{ entity(id: "hao-shu-ke-ji") {
      ... on Company { parks { place { slug } stated inference } }
      relations(types: [SUBSIDIARY_OF], direction: OUT) { edges { node { target { slug } stated inference note } } } } }`);
    expect(errors).toBeUndefined();
    const [subsidiary] = data?.entity.relations.edges ?? [];
    expect(subsidiary.node).toMatchObject({ target: { slug: 'hao-shu-ke-ji-bei-jing' }, stated: false });
    expect(subsidiary.node.inference).toContain('解读');
    // `note` keeps its meaning: a description in the document's words, not the reason.
    expect(subsidiary.node.note).not.toBe(subsidiary.node.inference);
    const park = data?.entity.parks.find((p: { place: { slug: string } }) => p.place.slug === 'jin-jiang-xin-zhi-zao-chan-ye-yuan');
    expect(park).toEqual({ place: { slug: 'jin-jiang-xin-zhi-zao-chan-ye-yuan' }, stated: true, inference: null });
  });

  it('says which facts of an entity are inferred: 三伍微 founded 2018-12 from 2018年年底', async () => {
    const { data } = await query('{ entity(id: "san-wu-wei") { ... on Company { foundedOn } facts { key value stated inference } } }');
    expect(data?.entity.foundedOn).toBe('2018-12');
    expect(data?.entity.facts).toEqual([
      { key: 'foundedOn', value: '2018-12', stated: false, inference: expect.stringContaining('2018年年底') },
    ]);
    const stated = await query('{ entity(id: "hao-shu-ke-ji") { facts { key value stated inference } } }');
    expect(stated.data?.entity.facts).toEqual([{ key: 'foundedOn', value: '2024-10', stated: true, inference: null }]);
    const zone = await query(
      '{ entity(id: "nan-yi-jin-jiang-qu-yu") { ... on Park { projectCount projectInvestmentCny projectsSince } } }',
    );
    expect(zone.data?.entity).toEqual({ projectCount: 39, projectInvestmentCny: 18_528_000_000, projectsSince: '2026' });
  });

  it('carries the mark on a path hop', async () => {
    const { data, errors } = await query(`{ paths(from: "毫束科技(晋江)有限公司", to: "毫束科技(北京)有限公司", maxHops: 1) {
      ... on PathsResult { paths { hops { type relation { stated inference } } } } } }`);
    expect(errors).toBeUndefined();
    const hops = data?.paths.paths.flatMap((p: { hops: unknown[] }) => p.hops) as { type: string; relation: { stated: boolean } }[];
    expect(hops.find((h) => h.type === 'SUBSIDIARY_OF')?.relation.stated).toBe(false);
  });

  it('takes a fact or relationship written through the API as stated: it carries its own evidence', async () => {
    const evidence = [{ document: 'test-stated.md', quote: '测试' }];
    await importGraph(db, {
      documents: [{ file: 'test-stated.md' }],
      entities: [
        {
          id: `${PREFIX}-a`,
          kind: 'Company',
          name: '推断甲',
          aliases: [],
          props: { foundedOn: '2020-01' },
          inferred: { foundedOn: '读' },
          evidence,
        },
        { id: `${PREFIX}-b`, kind: 'Company', name: '推断乙', aliases: [], props: {}, evidence },
      ],
      relations: [{ type: 'PARTNERS_WITH', from: `${PREFIX}-a`, to: `${PREFIX}-b`, props: {}, inferred: '读', evidence }],
    });
    const read = async () =>
      (await query(`{ entity(id: "${PREFIX}-a") { facts { key stated } relations { edges { node { stated inference } } } } }`)).data
        ?.entity;
    expect(await read()).toEqual({
      facts: [{ key: 'foundedOn', stated: false }],
      relations: { edges: [{ node: { stated: false, inference: '读' } }] },
    });
    const write = (source: string, input: Record<string, unknown>) => query(source, { input }, { 'x-api-key': KEY });
    const upsert = await write('mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { __typename } }', {
      id: `${PREFIX}-a`,
      kind: 'Company',
      name: '推断甲',
      props: { foundedOn: '2020-01' },
      evidence: [{ document: 'test-stated.md', quote: '2020年1月成立' }],
    });
    expect(upsert.data?.upsertEntity.__typename).toBe('UpsertEntityPayload');
    const relate = await write('mutation($input: RelateInput!) { relate(input: $input) { __typename } }', {
      type: 'PARTNERS_WITH',
      from: `${PREFIX}-a`,
      to: `${PREFIX}-b`,
      evidence: [{ document: 'test-stated.md', quote: '合作' }],
    });
    expect(relate.data?.relate.__typename).toBe('RelatePayload');
    expect(await read()).toEqual({
      facts: [{ key: 'foundedOn', stated: true }],
      relations: { edges: [{ node: { stated: true, inference: null } }] },
    });
  });
});
