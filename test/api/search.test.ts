import { afterAll, describe, expect, it } from 'vitest';
import { connect, testServer } from '../helpers.js';

const SEARCH = `query($text: String!, $kinds: [EntityKind!], $first: Int, $after: String) {
  search(text: $text, kinds: $kinds, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { score node { slug kind name } }
  }
}`;

describe('search', () => {
  const db = connect();
  const { query } = testServer(db);
  afterAll(() => db.close());

  it('ranks 毫束科技 first for its name', async () => {
    const { data } = await query(SEARCH, { text: '毫束科技' });
    expect(data?.search.edges[0].node.slug).toMatch(/^hao-shu-ke-ji/);
    const scores = data?.search.edges.map((e: { score: number }) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('puts an exact alias match first', async () => {
    const { data } = await query(SEARCH, { text: '三伍微' });
    expect(data?.search.edges[0].node.slug).toBe('san-wu-wei');
  });

  it('pages the same without totalCount, which alone makes it count every hit', async () => {
    const withTotal = await query(SEARCH, { text: '科技', first: 3 });
    const without = await query(SEARCH.replace('totalCount ', ''), { text: '科技', first: 3 });
    expect(without.errors).toBeUndefined();
    expect(withTotal.data?.search.totalCount).toBeGreaterThan(3);
    const { totalCount: _, ...page } = withTotal.data?.search ?? {};
    expect(without.data?.search).toEqual(page);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('filters by kind', async () => {
    const { data } = await query(SEARCH, { text: '基金', kinds: ['Fund'] });
    expect(data?.search.totalCount).toBeGreaterThan(1);
    expect(new Set(data?.search.edges.map((e: { node: { kind: string } }) => e.node.kind))).toEqual(new Set(['Fund']));
  });

  it.each([
    '毫束 AND (',
    '"三伍微',
    'name:*',
    '福州大学~',
    '\\',
    '[a TO z]',
    '   ',
  ])('takes %j literally: results, never an error', async (text) => {
    const result = await query(SEARCH, { text });
    expect(result.errors).toBeUndefined();
    expect(result.data?.search.totalCount).toBeGreaterThanOrEqual(0);
  });

  it('still finds 毫束 inside a query with Lucene syntax', async () => {
    const { data } = await query(SEARCH, { text: '毫束 AND (' });
    expect(data?.search.edges[0].node.slug).toMatch(/^hao-shu-ke-ji/);
  });

  it('pages with cursors', async () => {
    const page1 = await query(SEARCH, { text: '晋江', first: 3 });
    const page2 = await query(SEARCH, { text: '晋江', first: 3, after: page1.data?.search.pageInfo.endCursor });
    const slugs1 = page1.data?.search.edges.map((e: { node: { slug: string } }) => e.node.slug);
    const slugs2 = page2.data?.search.edges.map((e: { node: { slug: string } }) => e.node.slug);
    expect(slugs1).toHaveLength(3);
    expect(slugs2.filter((s: string) => slugs1.includes(s))).toEqual([]);
    expect(page2.data?.search.totalCount).toBe(page1.data?.search.totalCount);
  });

  it('lists entities by kind with a total, sorted by a whitelisted key', async () => {
    const { data } = await query(
      '{ entities(kind: University, orderBy: { field: NAME }, first: 100) { totalCount edges { node { name } } } }',
    );
    const names = data?.entities.edges.map((e: { node: { name: string } }) => e.node.name);
    expect(names).toContain('福州大学');
    expect(data?.entities.totalCount).toBe(names.length);
    const byDegree = await query('{ entities(orderBy: { field: DEGREE, direction: DESC }, first: 1) { edges { node { slug } } } }');
    expect(byDegree.data?.entities.edges).toHaveLength(1);
    const filtered = await query('{ entities(filter: { nameContains: "毫束科技（" }) { totalCount } }');
    expect(filtered.data?.entities.totalCount).toBe(2);
  });

  it('refuses a page past 100 with an error naming the argument', async () => {
    const result = await query('{ entities(first: 101) { totalCount } }');
    expect(result.errors?.[0]).toMatchObject({
      message: expect.stringContaining('first may be at most 100'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const sort = await query('{ entities(orderBy: { field: password }) { totalCount } }');
    expect(sort.errors?.[0]?.message).toMatch(/EntitySortField/);
  });
});
