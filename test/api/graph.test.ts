import { afterAll, describe, expect, it } from 'vitest';
import { LiveTopology } from '../../src/traversal/live.js';
import { Traversals } from '../../src/traversal/traversals.js';
import { connect, testServer } from '../helpers.js';

const PATHS = `query($from: String!, $to: String!, $maxHops: Int, $k: Int, $via: [EntityKind!], $types: [RelationType!]) {
  paths(from: $from, to: $to, maxHops: $maxHops, k: $k, via: $via, types: $types) {
    __typename
    ... on NotFoundError { message }
    ... on PathsResult {
      via
      paths { length nodes { slug kind } hops {
        from { slug } to { slug } type direction relation { round kind source { slug } target { slug } evidence { document quote } }
      } }
    }
  }
}`;

interface Hop {
  from: { slug: string };
  to: { slug: string };
  type: string;
  direction: string;
  relation: { source: { slug: string }; target: { slug: string }; evidence: { quote: string }[] };
}

interface Path {
  length: number;
  nodes: { slug: string; kind: string }[];
  hops: Hop[];
}

describe('graph queries', () => {
  const db = connect();
  const { query } = testServer(db);
  afterAll(() => db.close());

  it('explains how 晋江安芯基金 reaches 福州大学: through 三伍微, each hop with its evidence', async () => {
    const { data } = await query(PATHS, { from: '晋江安芯基金', to: '福州大学' });
    const paths = data?.paths.paths as Path[];
    expect(paths[0]?.nodes.map((n) => n.slug)).toEqual(['jin-jiang-an-xin-ji-jin', 'san-wu-wei', 'fu-zhou-da-xue']);
    expect(paths[0]?.hops.map((h) => [h.type, h.direction])).toEqual([
      ['INVESTS_IN', 'FORWARD'],
      ['PARTNERS_WITH', 'FORWARD'],
    ]);
    expect(paths[0]?.hops[0]?.relation.evidence[0]?.quote).toContain('晋江安芯基金投资了我们的天使轮');
    expect(paths[0]?.hops[1]?.relation.evidence[0]?.quote).toContain('福州大学微电子学院签订校企产学研合作协议');
    // Shortest first, no node twice, and never through a Region or Industry by default.
    expect(paths.map((p) => p.length)).toEqual([...paths.map((p) => p.length)].sort((a, b) => a - b));
    for (const path of paths) {
      expect(new Set(path.nodes.map((n) => n.slug)).size).toBe(path.nodes.length);
      expect(path.nodes.slice(1, -1).filter((n) => n.kind === 'Region' || n.kind === 'Industry')).toEqual([]);
    }
  });

  /**
   * Each hop's direction against the relationship in Neo4j: FORWARD when it points from the hop's
   * `from` to its `to`, BACKWARD when it points back; its source and target are those ends.
   */
  const expectDirectionsAsStored = async (paths: Path[]) => {
    for (const hop of paths.flatMap((p) => p.hops)) {
      const context = `${hop.from.slug} ${hop.type} ${hop.direction} ${hop.to.slug}`;
      const [row] = await db.read<{ forward: number; backward: number }>(
        `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
         RETURN COUNT { (a)-[r]->(b) WHERE type(r) = $type } AS forward, COUNT { (b)-[r]->(a) WHERE type(r) = $type } AS backward`,
        { from: hop.from.slug, to: hop.to.slug, type: hop.type },
      );
      expect(row?.[hop.direction === 'FORWARD' ? 'forward' : 'backward'], context).toBe(1);
      const [source, target] = hop.direction === 'FORWARD' ? [hop.from, hop.to] : [hop.to, hop.from];
      expect({ source: hop.relation.source, target: hop.relation.target }, context).toEqual({ source, target });
    }
  };

  it('walks a relationship against its direction as a BACKWARD hop: 福州大学 back to 晋江安芯基金', async () => {
    const { data } = await query(PATHS, { from: '福州大学', to: '晋江安芯基金', k: 10 });
    const paths = data?.paths.paths as Path[];
    expect(paths[0]?.nodes.map((n) => n.slug)).toEqual(['fu-zhou-da-xue', 'san-wu-wei', 'jin-jiang-an-xin-ji-jin']);
    // 三伍微 partners with 福州大学, and the fund invests in 三伍微: both hops go against the arrows.
    expect(paths[0]?.hops.map((h) => [h.from.slug, h.type, h.direction, h.to.slug])).toEqual([
      ['fu-zhou-da-xue', 'PARTNERS_WITH', 'BACKWARD', 'san-wu-wei'],
      ['san-wu-wei', 'INVESTS_IN', 'BACKWARD', 'jin-jiang-an-xin-ji-jin'],
    ]);
    expect(paths[0]?.hops.map((h) => [h.relation.source.slug, h.relation.target.slug])).toEqual([
      ['san-wu-wei', 'fu-zhou-da-xue'],
      ['jin-jiang-an-xin-ji-jin', 'san-wu-wei'],
    ]);
    await expectDirectionsAsStored(paths);
  });

  it('gives every hop the direction its relationship has in Neo4j, whichever way the path walks it', async () => {
    const hops: string[] = [];
    for (const [from, to] of [
      ['晋江安芯基金', '福州大学'],
      ['福州大学', '晋江安芯基金'],
      ['san-wu-wei', 'hao-shu-ke-ji'],
      ['hao-shu-ke-ji', 'fu-zhou-da-xue'],
      ['zhong-lin', 'jin-jiang-an-xin-ji-jin'],
    ]) {
      const { data, errors } = await query(PATHS, {
        from,
        to,
        k: 10,
        maxHops: 5,
        via: ['Company', 'Fund', 'University', 'Person', 'Park'],
      });
      expect(errors).toBeUndefined();
      const paths = data?.paths.paths as Path[];
      await expectDirectionsAsStored(paths);
      hops.push(...paths.flatMap((p) => p.hops.map((h) => h.direction)));
    }
    // Both directions were seen, so both were checked.
    expect(new Set(hops)).toEqual(new Set(['FORWARD', 'BACKWARD']));
  });

  it('accepts ids and lets the caller choose the kinds a path may pass through', async () => {
    const { data } = await query(PATHS, {
      from: 'jin-jiang-an-xin-ji-jin',
      to: 'fu-zhou-da-xue',
      via: ['Company', 'University', 'Region'],
      k: 10,
      maxHops: 4,
    });
    expect(data?.paths.via).toEqual(['Company', 'University', 'Region']);
    const paths = data?.paths.paths as Path[];
    expect(paths.length).toBeGreaterThan(1);
    expect(paths.flatMap((p) => p.nodes.slice(1, -1)).every((n) => ['Company', 'University', 'Region'].includes(n.kind))).toBe(true);
    const investOnly = await query(PATHS, { from: 'jin-jiang-an-xin-ji-jin', to: 'fu-zhou-da-xue', types: ['INVESTS_IN'] });
    expect(investOnly.data?.paths.paths).toEqual([]);
  });

  it('answers NotFoundError for an unknown end of every traversal, naming the argument and what was asked for', async () => {
    const from = await query(PATHS, { from: '不存在', to: '福州大学' });
    expect(from.data?.paths).toEqual({ __typename: 'NotFoundError', message: 'from: no entity with id or name "不存在"' });
    const to = await query(PATHS, { from: '晋江安芯基金', to: 'bu-cun-zai' });
    expect(to.data?.paths).toEqual({ __typename: 'NotFoundError', message: 'to: no entity with id or name "bu-cun-zai"' });
    const around = await query(
      '{ neighborhood(id: "不存在的园区") { __typename ... on NotFoundError { message } ... on Graph { nodes { slug } } } }',
    );
    expect(around.data?.neighborhood).toEqual({ __typename: 'NotFoundError', message: 'no entity with id or name "不存在的园区"' });
    for (const direction of ['UPSTREAM', 'DOWNSTREAM']) {
      const chain = await query(
        `{ supplyChain(id: "bu-cun-zai-de-chan-pin", direction: ${direction}) { __typename ... on NotFoundError { message } } }`,
      );
      expect(chain.data?.supplyChain, direction).toEqual({
        __typename: 'NotFoundError',
        message: 'no entity with id or name "bu-cun-zai-de-chan-pin"',
      });
    }
  });

  it.each([
    [{ maxHops: 7 }, 'maxHops may be at most 6'],
    [{ k: 11 }, 'k may be at most 10'],
    [{ maxHops: 0 }, 'maxHops must be at least 1'],
  ])('refuses %j before any Cypher runs', async (args, message) => {
    const before = db.queryCount;
    const result = await query(PATHS, { from: 'san-wu-wei', to: 'fu-zhou-da-xue', ...args });
    expect(result.errors?.[0]).toMatchObject({ message: expect.stringContaining(message), extensions: { code: 'BAD_USER_INPUT' } });
    expect(db.queryCount).toBe(before);
  });

  it('draws the neighbourhood of 三伍微 as nodes and edges', async () => {
    const { data } = await query(`{ neighborhood(id: "三伍微", depth: 1) { ... on Graph {
      root { slug } truncated nodes { slug } edges { type source { slug } target { slug } evidence { quote } } } } }`);
    const graph = data?.neighborhood;
    const slugs = graph.nodes.map((n: { slug: string }) => n.slug);
    expect(graph.root.slug).toBe('san-wu-wei');
    expect(slugs).toEqual(expect.arrayContaining(['san-wu-wei', 'jin-jiang-an-xin-ji-jin', 'fu-zhou-da-xue', 'zhong-lin']));
    for (const edge of graph.edges) {
      expect(slugs).toContain(edge.source.slug);
      expect(slugs).toContain(edge.target.slug);
      expect(edge.evidence.length).toBeGreaterThan(0);
    }
    const deeper = await query('{ neighborhood(id: "san-wu-wei", depth: 2, limit: 500) { ... on Graph { nodes { slug } } } }');
    expect(deeper.data?.neighborhood.nodes.length).toBeGreaterThan(slugs.length);
    const capped = await query('{ neighborhood(id: "san-wu-wei", depth: 3, limit: 5) { ... on Graph { truncated nodes { slug } } } }');
    expect(capped.data?.neighborhood).toMatchObject({ truncated: true });
    expect(capped.data?.neighborhood.nodes).toHaveLength(5);
    const typed = await query('{ neighborhood(id: "san-wu-wei", types: [INVESTS_IN]) { ... on Graph { nodes { slug } } } }');
    expect(typed.data?.neighborhood.nodes.map((n: { slug: string }) => n.slug).sort()).toEqual(['jin-jiang-an-xin-ji-jin', 'san-wu-wei']);
    expect((await query('{ neighborhood(id: "san-wu-wei", depth: 4) { __typename } }')).errors?.[0]?.message).toContain(
      'depth may be at most 3',
    );
  });

  it('reads a neighbourhood in one round trip whatever its depth, with relationship properties only when they are asked for', async () => {
    const shape = `{ neighborhood(id: "san-wu-wei", depth: 2) { ... on Graph {
      nodes { slug name kind } edges { type source { slug name } target { slug } } } } }`;
    // An index that polls rarely, built before counting: only the request's own reads are counted.
    const live = new LiveTopology(db, { pollMs: 600_000, checkMs: 600_000 }).start();
    await live.current(60_000);
    const { query } = testServer(db, { traversals: new Traversals(db, live) });
    const before = db.queryCount;
    const plain = await query(shape);
    // An id the index holds needs no look-up: one hydration of what the traversal over the index reached.
    expect(db.queryCount - before).toBe(1);
    live.close();
    const full = await query(shape.replace('target { slug }', 'target { slug } note evidence { quote }'));
    expect(full.data?.neighborhood.nodes).toEqual(plain.data?.neighborhood.nodes);
    type Edge = { type: string; source: unknown; target: unknown; evidence: unknown[] };
    const edges: Edge[] = full.data?.neighborhood.edges;
    expect(edges.map(({ type, source, target }) => ({ type, source, target }))).toEqual(plain.data?.neighborhood.edges);
    expect(edges.every((edge) => edge.evidence.length > 0)).toBe(true);
  });

  it('walks the supply chain: producers upstream of a product, products and later segments downstream', async () => {
    const up = await query(`{ supplyChain(id: "热场电子源", direction: UPSTREAM) { ... on SupplyChain {
      tiers { level entities { slug } links { type } } segments { industry { name } segment order members { slug } } } } }`);
    expect(up.data?.supplyChain.tiers[0].entities.map((e: { slug: string }) => e.slug).sort()).toEqual([
      'hao-shu-ke-ji',
      'hao-shu-ke-ji-bei-jing',
    ]);
    expect(up.data?.supplyChain.tiers[0].links[0].type).toBe('PRODUCES');
    const segments = up.data?.supplyChain.segments as { segment: string; order: number; members: { slug: string }[] }[];
    expect(segments.every((s) => s.order < 2)).toBe(true);
    expect(segments.map((s) => s.segment)).toContain('MATERIALS');

    const down = await query(
      '{ supplyChain(id: "hao-shu-ke-ji", direction: DOWNSTREAM) { ... on SupplyChain { tiers { level entities { name } } } } }',
    );
    expect(down.data?.supplyChain.tiers[0]).toEqual({ level: 1, entities: [{ name: '热场电子源' }] });
  });
});
