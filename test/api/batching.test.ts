import { afterAll, describe, expect, it } from 'vitest';
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
