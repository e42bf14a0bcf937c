import { afterAll, describe, expect, it } from 'vitest';
import { lookupKey } from '../../src/core/names.js';
import type { Database } from '../../src/db/database.js';
import { connect, testServer } from '../helpers.js';
import { deleteFixtures } from '../support/fixtures.js';

const SEARCH = `query($text: String!, $kinds: [EntityKind!], $first: Int, $after: String) {
  search(text: $text, kinds: $kinds, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { score node { slug kind name } }
  }
}`;

describe('search', () => {
  const db = connect();
  const { query } = testServer(db);
  afterAll(() => db.close());

  /** A server whose statements, and what Neo4j answered to them, are recorded in `sent`. */
  const watchedServer = () => {
    const sent: { cypher: string; rows: Record<string, unknown>[] }[] = [];
    const watched = connect();
    const read = watched.read.bind(watched);
    watched.read = (async (cypher: string, ...rest: unknown[]) => {
      const rows = await (read as (...args: unknown[]) => Promise<Record<string, unknown>[]>)(cypher, ...rest);
      sent.push({ cypher, rows });
      return rows;
    }) as Database['read'];
    return { ...testServer(watched), sent, close: () => watched.close() };
  };

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
    const server = watchedServer();
    const { sent } = server;
    /** The one statement a query sent: how many times it reads the full-text index, and the total Neo4j answered. */
    const observe = async (source: string, variables: Record<string, unknown>) => {
      sent.length = 0;
      const result = await server.query(source, variables);
      expect(result.errors).toBeUndefined();
      expect(sent).toHaveLength(1);
      const [{ cypher, rows }] = sent as [(typeof sent)[number]];
      return { result, searches: cypher.split("queryNodes('entity_search'").length - 1, total: rows[0]?.total };
    };
    try {
      const withTotal = await observe(SEARCH, { text: '科技', first: 3 });
      const without = await observe(SEARCH.replace('totalCount ', ''), { text: '科技', first: 3 });
      expect(withTotal.result.data?.search.totalCount).toBeGreaterThan(3);
      const { totalCount: _, ...page } = withTotal.result.data?.search ?? {};
      expect(without.result.data?.search).toEqual(page);
      expect(page.pageInfo.hasNextPage).toBe(true);
      // Counted, with a second pass over the index, only when totalCount is read.
      expect({ searches: withTotal.searches, total: withTotal.total }).toEqual({
        searches: 2,
        total: withTotal.result.data?.search.totalCount,
      });
      expect({ searches: without.searches, total: without.total }).toEqual({ searches: 1, total: -1 });

      // The same for the entities list.
      const LIST = '{ entities(kind: Company, first: 3) { totalCount edges { node { slug } } } }';
      const listed = await observe(LIST, {});
      const unlisted = await observe(LIST.replace('totalCount ', ''), {});
      expect(listed.total).toBe(listed.result.data?.entities.totalCount);
      expect(listed.total).toBeGreaterThan(3);
      expect(unlisted.total).toBe(-1);
      expect(unlisted.result.data?.entities.edges).toEqual(listed.result.data?.entities.edges);
    } finally {
      await server.close();
    }
  });

  it('filters by kind', async () => {
    const { data } = await query(SEARCH, { text: '基金', kinds: ['Fund'] });
    expect(data?.search.totalCount).toBeGreaterThan(1);
    expect(new Set(data?.search.edges.map((e: { node: { kind: string } }) => e.node.kind))).toEqual(new Set(['Fund']));
  });

  /** The text's words alone: Lucene's syntax characters as spaces, its operators as the lower-case words they also are. */
  const words = (text: string) => text.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, ' ').replace(/\b(AND|OR|NOT|TO)\b/g, (w) => w.toLowerCase());
  const ALL = `query($text: String!) { search(text: $text, first: 100) { totalCount edges { node { slug } } } }`;
  const hits = async (text: string) => {
    const result = await query(ALL, { text });
    expect(result.errors, text).toBeUndefined();
    const slugs: string[] = result.data?.search.edges.map((e: { node: { slug: string } }) => e.node.slug);
    expect(slugs.length, text).toBe(result.data?.search.totalCount);
    return slugs;
  };

  // Each with what Lucene would make of it: a parse error, every entity (`*:*`, `name:*`, a range), the
  // entities with both words (AND), without one (NOT, -), a phrase, a fuzzy term.
  it.each([
    ['毫束 AND (', ['hao-shu-ke-ji']],
    ['"三伍微', ['san-wu-wei']],
    ['name:*', []],
    ['*:*', []],
    ['福州大学~', ['fu-zhou-da-xue']],
    ['\\', []],
    ['[a TO z]', []],
    ['   ', []],
    ['毫束 AND 福州大学', ['hao-shu-ke-ji', 'fu-zhou-da-xue']],
    ['NOT 毫束', ['hao-shu-ke-ji']],
    ['-毫束 福州', ['hao-shu-ke-ji', 'fu-zhou-da-xue']],
    ['"三伍微 电子"', ['san-wu-wei']],
  ])('takes %j literally: the hits of its words alone', async (text, finds) => {
    const got = await hits(text);
    // No operator, wildcard, field, range, phrase or fuzziness: the same entities as the words alone.
    expect([...got].sort()).toEqual([...(await hits(words(text)))].sort());
    if (finds.length === 0) expect(got).toEqual([]);
    for (const slug of finds) expect(got, text).toContain(slug);
  });

  const slugsOf = (page: { data?: Record<string, any> }): string[] =>
    page.data?.search.edges.map((e: { node: { slug: string } }) => e.node.slug);

  /** Every page of a search, `size` at a time, until hasNextPage is false; each page checked to be non-empty and of the same total. */
  const pageThrough = async (text: string, size: number) => {
    const first = await query(SEARCH, { text, first: size });
    const total: number = first.data?.search.totalCount;
    const all: string[] = [];
    let page = first;
    for (let pages = 1; ; pages++) {
      expect(page.errors).toBeUndefined();
      expect(page.data?.search.totalCount).toBe(total);
      expect(slugsOf(page).length, `page ${pages}`).toBeGreaterThan(0);
      all.push(...slugsOf(page));
      if (!page.data?.search.pageInfo.hasNextPage) break;
      expect(pages).toBeLessThan(total);
      page = await query(SEARCH, { text, first: size, after: page.data?.search.pageInfo.endCursor });
    }
    return { total, all };
  };

  /** Paging through a search gives every hit once, in the order of one page holding them all. */
  const expectEveryHitOnce = async (text: string, size: number) => {
    const { total, all } = await pageThrough(text, size);
    expect(total).toBeGreaterThan(2 * size);
    expect({ size, pagedDistinct: new Set(all).size, paged: all.length }).toEqual({ size, pagedDistinct: total, paged: total });
    expect(all).toEqual(slugsOf(await query(SEARCH, { text, first: 100 })));
  };

  it('pages with cursors: a second page of new hits, and every hit once over all pages', async () => {
    const page1 = await query(SEARCH, { text: '晋江', first: 3 });
    const page2 = await query(SEARCH, { text: '晋江', first: 3, after: page1.data?.search.pageInfo.endCursor });
    const [slugs1, slugs2] = [slugsOf(page1), slugsOf(page2)];
    expect(slugs1).toHaveLength(3);
    expect(slugs2).toHaveLength(3);
    expect(slugs2.filter((s) => slugs1.includes(s))).toEqual([]);
    expect(page2.data?.search.totalCount).toBe(page1.data?.search.totalCount);
    for (const size of [3, 7]) await expectEveryHitOnce('晋江', size);
  });

  // A page reads Lucene's top hits; hits tied in score at that cut come in Lucene's order, not by id.
  // Four at a time, 晋江 has three hits tied at one score across a page boundary.
  it('pages with cursors: every hit once at a page size that cuts through tied scores', async () => {
    await expectEveryHitOnce('晋江', 4);
  });

  it('pages every hit once, in one order, for many terms and page sizes, reading each page itself', async () => {
    // Words of names (places, kinds of organisation, industries), a name with an exact match, and a kind filter.
    const terms = ['晋江', '科技', '基金', '大学', '集成电路', '有限公司', '泉州', '产业', '毫束科技', '福建'];
    let tiedAcrossPages = 0;
    for (const text of terms) {
      const whole = await query(SEARCH, { text, first: 100 });
      const edges: { score: number; node: { slug: string } }[] = whole.data?.search.edges;
      expect(edges.length, text).toBe(whole.data?.search.totalCount);
      for (const size of [1, 2, 3, 4, 5, 8]) {
        if (edges.length <= size) continue;
        const { total, all } = await pageThrough(text, size);
        expect(total, `${text} by ${size}`).toBe(edges.length);
        expect(all, `${text} by ${size}`).toEqual(edges.map((e) => e.node.slug));
        for (let i = size; i < edges.length; i += size) if (edges[i - 1]?.score === edges[i]?.score) tiedAcrossPages++;
      }
    }
    // The terms do cut through ties, so the test can tell a tie-broken order from a lucky one.
    expect(tiedAcrossPages).toBeGreaterThan(10);
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

  describe('sorted by each key, both ways', () => {
    type Row = { id: string; name: string; kind: string; foundedOn: string | null; degree: number };
    /** Strings by code point, as Neo4j orders them. */
    const byCodePoint = (a: string, b: string) => {
      const [x, y] = [Array.from(a), Array.from(b)];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
        if (d !== 0) return d;
      }
      return x.length - y.length;
    };
    const compareValues = (a: string | number | null, b: string | number | null) => {
      if (a === b) return 0;
      // Null sorts after every value (last ascending, first descending), as in Cypher.
      if (a === null) return 1;
      if (b === null) return -1;
      return typeof a === 'number' && typeof b === 'number' ? a - b : byCodePoint(String(a), String(b));
    };
    const KEYS = { NAME: 'name', ID: 'id', KIND: 'kind', FOUNDED_ON: 'foundedOn', DEGREE: 'degree' } as const;
    let rows: Row[];

    /** Every entity and its degree, read from Neo4j without the API: the values the order must follow. */
    const readRows = async () => {
      const entities = await db.read<Omit<Row, 'degree'>>(
        'MATCH (n:Entity) RETURN n.id AS id, n.name AS name, n.kind AS kind, n.foundedOn AS foundedOn',
      );
      // Every relationship counts once at each end, whatever it links to.
      const ends = await db.read<{ a: string; b: string }>(
        'MATCH (a)-[]->(b) RETURN coalesce(a.id, a.file) AS a, coalesce(b.id, b.file) AS b',
      );
      const degree = new Map<string, number>();
      for (const { a, b } of ends) for (const end of [a, b]) degree.set(end, (degree.get(end) ?? 0) + 1);
      return entities.map((e) => ({ ...e, degree: degree.get(e.id) ?? 0 }));
    };

    it.each(
      Object.keys(KEYS).flatMap((field) => [
        [field, 'ASC'],
        [field, 'DESC'],
      ]),
    )('%s %s: every entity, ordered by the value, ties by id', async (field, direction) => {
      rows ??= await readRows();
      const key = KEYS[field as keyof typeof KEYS];
      const sign = direction === 'DESC' ? -1 : 1;
      // The tie-break (listEntities): id ascending, whichever the direction.
      const expected = [...rows].sort((a, b) => sign * compareValues(a[key], b[key]) || byCodePoint(a.id, b.id)).map((r) => r.id);
      const got: string[] = [];
      let after: string | undefined;
      do {
        const page = await query(
          `query($field: EntitySortField!, $direction: SortDirection, $after: String) {
             entities(first: 100, after: $after, orderBy: { field: $field, direction: $direction }) {
               totalCount pageInfo { hasNextPage endCursor } edges { node { slug } }
             }
           }`,
          { field, direction, after },
        );
        expect(page.errors).toBeUndefined();
        const entities = page.data?.entities as {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: { node: { slug: string } }[];
        };
        expect(entities.totalCount).toBe(rows.length);
        got.push(...entities.edges.map((e) => e.node.slug));
        after = entities.pageInfo.hasNextPage ? entities.pageInfo.endCursor : undefined;
      } while (after);
      expect(got).toEqual(expected);
    });

    it('has ties and missing values to order in the seed graph, so the tie-break and nulls are tested', async () => {
      rows ??= await readRows();
      for (const key of ['kind', 'foundedOn', 'degree'] as const)
        expect(new Set(rows.map((r) => r[key])).size).toBeLessThan(rows.length / 2);
      expect(rows.filter((r) => r.foundedOn === null).length).toBeGreaterThan(1);
      expect(rows.filter((r) => r.foundedOn !== null).length).toBeGreaterThan(1);
    });
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

  // A page is read from Lucene's top hits only once it is settled: its ranks above the window's cut
  // and every exact match in the window. Otherwise the window grows, and only the window is read again.
  it('grows the window for an exact match Lucene ranks low, reading the total once', async () => {
    const PREFIX = 'test-tied-';
    const text = '龘靐齉爩';
    // The query's bigrams once each: twenty short names rank first, then 127 tied at one score. Three
    // are named otherwise and carry the text as an alias written with a space, beside a long one: exact
    // matches (keys drop spaces) that Lucene ranks below all the others, so below the first window.
    const rows = Array.from({ length: 150 }, (_, i) => {
      const tail = `${String.fromCharCode(0x5000 + i)}${i < 20 ? '' : String.fromCharCode(0x6000 + i)}`;
      const exact = i % 50 === 27;
      const name = exact ? `${tail}有限公司` : `${text}${tail}`;
      const long = Array.from({ length: 60 }, (_, k) => String.fromCharCode(0x7000 + 60 * i + k)).join('');
      const aliases = exact ? [`${text.slice(0, 2)} ${text.slice(2)}`, long] : [];
      return {
        id: `${PREFIX}${String(i).padStart(3, '0')}`,
        kind: 'Company',
        name,
        aliases,
        aliasText: aliases.join(' '),
        lookupKeys: [name, ...aliases].map(lookupKey),
      };
    });
    const server = watchedServer();
    const { sent } = server;
    await db.write('UNWIND $rows AS row CREATE (n:Entity:Company) SET n = row', { rows });
    try {
      const all: { slug: string; score: number }[] = [];
      const statements: string[][] = [];
      let after: string | undefined;
      do {
        sent.length = 0;
        const { data, errors } = await server.query(SEARCH, { text, first: 10, after });
        expect(errors).toBeUndefined();
        expect(data?.search.totalCount).toBe(rows.length);
        statements.push(sent.map((statement) => statement.cypher));
        all.push(
          ...(data?.search.edges ?? []).map((e: { score: number; node: { slug: string } }) => ({ slug: e.node.slug, score: e.score })),
        );
        after = data?.search.pageInfo.hasNextPage ? data.search.pageInfo.endCursor : undefined;
      } while (after);
      const exact = rows.filter((r) => r.aliases.length > 0).map((r) => r.id);
      expect(exact).toHaveLength(3);
      expect(all.slice(0, 3).map((h) => h.slug)).toEqual(exact);
      expect(all.slice(3).map((h) => h.slug)).toEqual(rows.map((r) => r.id).filter((id) => !exact.includes(id)));
      expect(new Set(all.slice(3).map((h) => h.score)).size).toBe(2);
      expect(all.slice(0, 3).every((h) => h.score - 1000 < (all[3]?.score ?? 0))).toBe(true);
      // The first window settled the page's ranks but held none of the exact matches, so it was read
      // again, larger, without the total or the exact matches' ids, which it had already.
      expect(statements[0]).toHaveLength(2);
      expect(statements[0]?.[1]).not.toMatch(/entity_keys|count\(/);
    } finally {
      await deleteFixtures(db, PREFIX, 'none');
      await server.close();
    }
  });
});
