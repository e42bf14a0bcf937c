import { afterAll, describe, expect, it, vi } from 'vitest';
import { connect, testServer } from '../helpers.js';

const COMPANY_FIELDS = `fragment CompanyLinks on Company {
  parks { place { name } since }
  investors { investor { name } amountCny }
  partners { partner { name } kind }
}`;

const COMPANIES = `query($first: Int, $types: [RelationType!]) { entities(kind: Company, first: $first, orderBy: { field: DEGREE, direction: DESC }) {
  totalCount
  edges { node { slug name ...CompanyLinks
    relations(types: $types, direction: OUT, first: 10) { edges { node { type other { name } } } }
  } }
} }
${COMPANY_FIELDS}`;

const ONE = `query($id: String!, $types: [RelationType!]) { entity(id: $id) { slug name ...CompanyLinks
  relations(types: $types, direction: OUT, first: 10) { edges { node { type other { name } } } }
} }
${COMPANY_FIELDS}`;

describe('batching', () => {
  const db = connect();
  const { query } = testServer(db);
  afterAll(() => db.close());
  const types = ['LOCATED_IN', 'FOUNDED_BY'];

  const page = async (first: number) => {
    const before = db.queryCount;
    const result = await query(COMPANIES, { first, types });
    expect(result.errors).toBeUndefined();
    expect(result.data?.entities.edges).toHaveLength(first);
    return { roundTrips: db.queryCount - before, data: result.data };
  };

  it('answers a page of companies, its total, and their parks, investors and partners in one round trip, their relations pages in one more', async () => {
    expect((await page(5)).roundTrips).toBe(2);
    expect((await page(20)).roundTrips).toBe(2);
  });

  it('reads ahead exactly what the resolvers read on demand', async () => {
    const { data } = await page(20);
    const nodes = data?.entities.edges.map((e: { node: { slug: string } }) => e.node);
    expect(nodes.some((n: { investors: unknown[] }) => n.investors.length > 0)).toBe(true);
    expect(nodes.some((n: { relations: { edges: unknown[] } }) => n.relations.edges.length > 0)).toBe(true);
    for (const node of nodes) {
      const one = await query(ONE, { id: node.slug, types });
      expect(one.errors).toBeUndefined();
      expect(one.data?.entity).toEqual(node);
    }
  });

  it('reads the relationships of one entity, with the entities at their other ends, without a round trip per field', async () => {
    const before = db.queryCount;
    const one = await query(ONE, { id: 'san-wu-wei', types });
    expect(one.errors).toBeUndefined();
    expect(one.data?.entity.parks.length).toBeGreaterThan(0);
    // The entity, then at once: one batch for the typed fields' relationships, one for the relations page
    // (each bringing the entities at the other ends).
    expect(db.queryCount - before).toBe(3);
  });
});

describe('the relations connection', () => {
  const db = connect();
  const { query } = testServer(db);
  afterAll(() => db.close());

  it('pages a hub in Neo4j: every relationship once, in a stable order, with the total', async () => {
    const PAGE = `query($after: String) { entity(id: "jin-jiang-shi") { relations(first: 7, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { type source { slug } target { slug } } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let i = 0; i < 100; i++) {
      const result: Awaited<ReturnType<typeof query>> = await query(PAGE, { after });
      expect(result.errors).toBeUndefined();
      const relations: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { type: string; source: { slug: string }; target: { slug: string } } }[];
      } = (result.data as { entity: { relations: never } }).entity.relations;
      total = relations.totalCount;
      for (const { node } of relations.edges) seen.push(`${node.source.slug}|${node.type}|${node.target.slug}`);
      if (!relations.pageInfo.hasNextPage) break;
      after = relations.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(14);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });
});

describe('typed relationship lists', () => {
  const db = connect();
  const { query } = testServer(db);
  afterAll(() => db.close());
  const PARK = 'nan-yi-jin-jiang-guo-ji-xin-chuang-gang';
  type Tenants = { entity: { slug: string } }[];

  it('lists the first `first` items, in the same order as the whole list, read ahead under a page as on demand', async () => {
    const one = await query(
      `{ entity(id: "${PARK}") { ... on Park { two: tenants(first: 2) { entity { slug } } all: tenants { entity { slug } } } } }`,
    );
    expect(one.errors).toBeUndefined();
    const { two, all } = one.data?.entity as { two: Tenants; all: Tenants };
    expect(all.length).toBeGreaterThan(2);
    expect(two).toEqual(all.slice(0, 2));

    const before = db.queryCount;
    const page = await query(
      `{ entities(kind: Park, filter: { ids: ["${PARK}"] }) { edges { node { ... on Park { two: tenants(first: 2) { entity { slug } } all: tenants { entity { slug } } } } } } }`,
    );
    expect(page.errors).toBeUndefined();
    expect(db.queryCount - before).toBe(1);
    expect(page.data?.entities.edges[0].node).toEqual({ two, all });
  });

  it('reads only names for a page when nothing in the operation reads more of an entity, and everything when anything does', async () => {
    const read = vi.spyOn(db, 'read');
    /** What the page's statement was asked to read of its entities. */
    const entityProps = async (source: string) => {
      read.mockClear();
      const result = await query(source);
      expect(result.errors, source).toBeUndefined();
      const asked = read.mock.calls.map((call) => (call[1] as { entityProps?: boolean } | undefined)?.entityProps);
      return { data: result.data as Record<string, any>, asked: asked.filter((a) => a !== undefined) };
    };
    try {
      const LIST = `entities(filter: { ids: ["san-wu-wei", "${PARK}"] }) { edges { node { slug name kind aliases ...CompanyLinks } } }`;
      const lean = await entityProps(`{ ${LIST} } ${COMPANY_FIELDS}`);
      expect(lean.asked).toEqual([false]);
      const san = lean.data.entities.edges.find((e: { node: { slug: string } }) => e.node.slug === 'san-wu-wei').node;
      expect(san).toMatchObject({ name: '晋江三伍微电子有限公司', kind: 'Company', aliases: ['三伍微', '三伍微电子'] });
      expect(san.parks.length).toBeGreaterThan(0);
      // An empty page, lean, is empty (not one entity of nulls).
      const none = await entityProps('{ entities(filter: { ids: ["no-such-entity"] }) { totalCount edges { node { slug } } } }');
      expect(none.asked).toEqual([false]);
      expect(none.data.entities).toEqual({ totalCount: 0, edges: [] });

      // A heavy field elsewhere in the operation: the page reads everything, so the entity loader it
      // fills answers that field as the entity holds it.
      const { description } = (await query('{ entity(id: "san-wu-wei") { description } }')).data?.entity as { description: string };
      expect(description).toContain('Wi-Fi 7 FEM');
      const both = await entityProps(`{ ${LIST} entity(id: "san-wu-wei") { description } } ${COMPANY_FIELDS}`);
      expect(both.asked).toEqual([true]);
      expect(both.data.entity.description).toBe(description);
      expect(both.data.entities).toEqual(lean.data.entities);
      const own = await entityProps('{ entities(filter: { ids: ["san-wu-wei"] }) { edges { node { slug description } } } }');
      expect(own.asked).toEqual([true]);
      expect(own.data.entities.edges[0].node.description).toBe(description);
      // At a relationship's other end: the park's description as the park itself answers it.
      const ends = await entityProps(
        '{ entities(filter: { ids: ["san-wu-wei"] }) { edges { node { ... on Company { parks { place { slug description } } } } } } }',
      );
      expect(ends.asked).toEqual([true]);
      const place = ends.data.entities.edges[0].node.parks[0].place as { slug: string; description: string | null };
      const itself = await query(`{ entity(id: "${place.slug}") { description } }`);
      expect(place.description).toBe(itself.data?.entity.description);
    } finally {
      read.mockRestore();
    }
  });

  it('refuses a `first` below 1 or above 1000, naming the argument', async () => {
    for (const [first, message] of [
      [0, 'first must be at least 1'],
      [1001, 'first may be at most 1000'],
    ] as const) {
      const result = await query(`{ entity(id: "${PARK}") { ... on Park { tenants(first: ${first}) { since } } } }`);
      expect(result.errors?.[0]?.message).toContain(message);
    }
  });
});
