import { afterAll, describe, expect, it } from 'vitest';
import { RELATION_TYPES } from '../../src/core/ontology.js';
import { SEEDS_DIR } from '../../src/core/paths.js';
import { compileSeedPaths } from '../../src/knowledge/seed-paths.js';
import { connect, testServer } from '../helpers.js';

describe('lookups', () => {
  const db = connect();
  const { query } = testServer(db);
  afterAll(() => db.close());

  it('finds an entity by slug, by canonical name and by any alias, brackets of either width alike', async () => {
    for (const name of ['毫束科技(晋江)有限公司', '毫束科技（晋江）有限公司', '毫束科技']) {
      const { data } = await query('query($name: String) { entity(name: $name) { slug kind name } }', { name });
      expect(data?.entity, name).toEqual({ slug: 'hao-shu-ke-ji', kind: 'Company', name: '毫束科技(晋江)有限公司' });
    }
    const { data } = await query('{ entity(id: "san-wu-wei") { name aliases } }');
    expect(data?.entity.name).toBe('晋江三伍微电子有限公司');
    expect(data?.entity.aliases).toEqual(expect.arrayContaining(['三伍微', '三伍微电子']));
  });

  it('keeps the Beijing parent and the Jinjiang subsidiary apart, and linked', async () => {
    const { data } = await query('{ entity(id: "hao-shu-ke-ji") { ... on Company { parent { slug name } } } }');
    expect(data?.entity.parent).toEqual({ slug: 'hao-shu-ke-ji-bei-jing', name: '毫束科技(北京)有限公司' });
    const { data: parent } = await query('{ entity(id: "hao-shu-ke-ji-bei-jing") { ... on Company { subsidiaries { slug } } } }');
    expect(parent?.entity.subsidiaries).toEqual([{ slug: 'hao-shu-ke-ji' }]);
  });

  it('answers node(id) with the global id of an entity, and null for a global id of the wrong kind', async () => {
    const { data } = await query('{ entity(id: "fu-zhou-da-xue") { id } }');
    const id = data?.entity.id as string;
    expect(Buffer.from(id, 'base64').toString()).toBe('University:fu-zhou-da-xue');
    const { data: node } = await query(
      'query($id: ID!) { node(id: $id) { __typename ... on Entity { name evidence { document quote title } } } }',
      { id },
    );
    expect(node?.node).toMatchObject({ __typename: 'University', name: '福州大学' });
    expect(node?.node.evidence.length).toBeGreaterThan(0);
    const wrong = Buffer.from('Company:fu-zhou-da-xue').toString('base64');
    expect((await query('query($id: ID!) { node(id: $id) { id } }', { id: wrong })).data?.node).toBeNull();
  });

  it('returns null for an unknown entity and refuses ambiguous arguments', async () => {
    expect((await query('{ entity(name: "不存在的公司") { slug } }')).data?.entity).toBeNull();
    const both = await query('{ entity(id: "san-wu-wei", name: "三伍微") { slug } }');
    expect(both.errors?.[0]?.message).toMatch(/exactly one of id or name/);
  });

  it('lists the investors of 新生纪元 with amount and evidence, its co-founders as inferred investors', async () => {
    const { data } = await query(`{ entity(name: "新生纪元") { ... on Company {
      investors { investor { name kind } amountCny stated evidence { document quote title } } } } }`);
    const investors = data?.entity.investors as { investor: { name: string }; stated: boolean }[];
    expect(investors).toContainEqual(
      expect.objectContaining({ investor: { name: '新希望大健康产业基金', kind: 'Fund' }, amountCny: 18_000_000, stated: true }),
    );
    expect(investors.filter((i) => !i.stated).map((i) => i.investor.name)).toEqual(
      expect.arrayContaining(['晋园发展集团', '晋江国有资本', '厚新创投基金']),
    );
    const fund = investors.find((i) => i.investor.name === '新希望大健康产业基金') as unknown as { evidence: unknown[] };
    expect(fund.evidence[0]).toMatchObject({
      document: '003_d46c78b871ad5d09.txt',
      quote: expect.stringContaining('出资1800万元'),
    });
  });

  it('lists the tenants of 南翼晋江国际芯创港 with dates', async () => {
    const { data } = await query('{ entity(name: "南翼晋江国际芯创港") { ... on Park { tenants { entity { slug } since } } } }');
    const tenants = data?.entity.tenants as { entity: { slug: string }; since: string | null }[];
    expect(tenants.map((t) => t.entity.slug)).toEqual(expect.arrayContaining(['xin-sheng-ji-yuan', 'rui-si-ke']));
    expect(tenants.find((t) => t.entity.slug === 'xin-sheng-ji-yuan')?.since).toBe('2026-06-24');
  });

  it('pages through relations with a cursor and a total', async () => {
    const first = await query(
      '{ entity(id: "san-wu-wei") { relations(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { type direction other { slug } } } } } }',
    );
    const relations = first.data?.entity.relations;
    expect(relations.edges).toHaveLength(2);
    expect(relations.totalCount).toBeGreaterThan(2);
    expect(relations.pageInfo.hasNextPage).toBe(true);
    const next = await query(
      'query($after: String) { entity(id: "san-wu-wei") { relations(first: 100, after: $after) { edges { node { type } } } } }',
      {
        after: relations.pageInfo.endCursor,
      },
    );
    expect(next.data?.entity.relations.edges).toHaveLength(relations.totalCount - 2);
    const investments = await query(
      '{ entity(id: "san-wu-wei") { relations(types: [INVESTS_IN], direction: IN) { edges { node { type direction other { slug } round } } } } }',
    );
    expect(investments.data?.entity.relations.edges).toEqual([
      { node: { type: 'INVESTS_IN', direction: 'IN', other: { slug: 'jin-jiang-an-xin-ji-jin' }, round: '天使轮' } },
    ]);
  });

  it('counts entities by label and relationships by type as the seeds hold them', async () => {
    const graph = await compileSeedPaths([SEEDS_DIR]);
    const { data } = await query('{ stats { entities relations byLabel { key count } byRelationType { key count } } }');
    expect(data?.stats.entities).toBe(graph.entities.length);
    expect(data?.stats.relations).toBe(graph.relations.length);
    const companies = graph.entities.filter((e) => e.kind === 'Company').length;
    expect(data?.stats.byLabel).toContainEqual({ key: 'Company', count: companies });
    // Every relationship in Neo4j counted under its own type, each type of the ontology listed once, in its order.
    const stored = await db.read<{ type: string; n: number }>('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n');
    const byType = new Map(stored.map((r) => [r.type, r.n]));
    expect([...byType.keys()].filter((type) => !(RELATION_TYPES as readonly string[]).includes(type))).toEqual([]);
    expect(data?.stats.byRelationType).toEqual(RELATION_TYPES.map((key) => ({ key, count: byType.get(key) ?? 0 })));
    expect([...byType.values()].filter((n) => n > 0).length).toBeGreaterThan(5);
    // And the seeds' own relations, type by type.
    for (const { key, count } of data?.stats.byRelationType ?? [])
      expect(count, key).toBe(graph.relations.filter((r) => r.type === key).length);
  });
});
