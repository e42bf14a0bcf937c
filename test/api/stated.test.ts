/**
 * Stated or inferred through the API: relations (typed edges, the relations connection, a path's
 * hops) carry `stated` and `inference`, and an entity's `facts` say which of its facts rest on a reading.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connect, testServer } from '../helpers.js';

describe('stated and inferred', () => {
  const db = connect();
  const { query } = testServer(db);
  afterAll(() => db.close());

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
});
