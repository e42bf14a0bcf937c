import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PATH_KINDS, type Kind, RELATION_TYPES, type RelationType } from '../../src/core/ontology.js';
import { connect, testServer } from '../helpers.js';
import { pathGraphs } from '../support/path-graph.js';

const PREFIX = 'test-paths';
const { Graph, hubGraph } = pathGraphs(PREFIX);
type Graph = InstanceType<typeof Graph>;

describe('k shortest paths', () => {
  const db = connect();
  const { query, traversals } = testServer(db);
  const graphs: Graph[] = [];
  const store = async (g: Graph) => {
    graphs.push(g);
    await db.write(
      `UNWIND $nodes AS node
       MERGE (n:Entity {id: node.id}) SET n:$(node.kind), n.kind = node.kind, n.name = node.id
       WITH count(*) AS _
       UNWIND $edges AS edge
       MATCH (a:Entity {id: edge.from}), (b:Entity {id: edge.to})
       MERGE (a)-[:$(edge.type)]->(b)`,
      { nodes: [...g.kinds].map(([id, kind]) => ({ id, kind })), edges: g.edges },
    );
  };
  const cleanup = () => db.write(`MATCH (n:Entity) WHERE n.id STARTS WITH '${PREFIX}' DETACH DELETE n`);
  beforeAll(cleanup);
  afterAll(async () => {
    await cleanup();
    await db.close();
  });

  /** Checks each path against the graph, and their lengths against the oracle's. */
  const agree = async (
    g: Graph,
    from: string,
    to: string,
    options: { maxHops: number; k: number; types: readonly RelationType[]; via: readonly Kind[] },
  ) => {
    const result = await traversals.paths(from, to, options);
    expect(result.truncated).toBe(false);
    expect(result.exhaustiveHops).toBe(options.maxHops);
    expect(
      result.paths.map((p) => p.relations.length),
      `${from} → ${to} ${JSON.stringify(options)}`,
    ).toEqual(g.shortest(from, to, options));
    for (const path of result.paths) {
      expect(path.nodeIds[0]).toBe(from);
      expect(path.nodeIds.at(-1)).toBe(to);
      expect(new Set(path.nodeIds).size).toBe(path.nodeIds.length);
      for (const id of path.nodeIds.slice(1, -1)) expect(options.via).toContain(g.kinds.get(id));
      path.relations.forEach((rel, i) => {
        expect(options.types).toContain(rel.type);
        expect([rel.from, rel.to].sort()).toEqual([path.nodeIds[i], path.nodeIds[i + 1]].sort());
        expect(g.edges).toContainEqual({ type: rel.type, from: rel.from, to: rel.to });
      });
    }
    // Relationship paths are distinct (parallel relationships make distinct paths).
    const keys = result.paths.map((p) => p.relations.map((rel) => `${rel.from}|${rel.type}|${rel.to}`).join(' '));
    expect(new Set(keys).size).toBe(keys.length);
    return result;
  };

  it.each([1, 2, 3])('finds the k shortest simple paths of a graph with hubs, as enumerating them all does (seed %i)', async (seed) => {
    const { g, companies, parks, funds, r } = hubGraph(seed);
    await store(g);
    const ends = [...companies, ...parks, ...funds];
    const settings = [
      { maxHops: 6, k: 5, types: RELATION_TYPES, via: DEFAULT_PATH_KINDS },
      { maxHops: 4, k: 10, types: RELATION_TYPES, via: DEFAULT_PATH_KINDS },
      { maxHops: 6, k: 3, types: RELATION_TYPES, via: [...DEFAULT_PATH_KINDS, 'Region', 'Industry'] as Kind[] },
      { maxHops: 5, k: 4, types: ['SUPPLIES', 'INVESTS_IN', 'PARTNERS_WITH'] as RelationType[], via: ['Company', 'Fund'] as Kind[] },
    ];
    for (let i = 0; i < 16; i++) {
      const [from, to] = [ends[Math.floor(r() * ends.length)] as string, ends[Math.floor(r() * ends.length)] as string];
      await agree(g, from, to, settings[i % settings.length] as (typeof settings)[number]);
    }
  });

  it('answers searches arriving together as exactly as one at a time', async () => {
    const { g, companies, parks, funds, r } = hubGraph(4);
    await store(g);
    const ends = [...companies, ...parks, ...funds];
    const options = { maxHops: 6, k: 5, types: RELATION_TYPES, via: DEFAULT_PATH_KINDS };
    const pairs = Array.from({ length: 8 }, () => [
      ends[Math.floor(r() * ends.length)] as string,
      ends[Math.floor(r() * ends.length)] as string,
    ]);
    await Promise.all(pairs.map(([from, to]) => agree(g, from as string, to as string, options)));
  });

  it('meets at a hub, answers an empty list when no path is short enough, and returns fewer than k when there are fewer', async () => {
    const g = new Graph();
    const park = g.node('park', 'Park');
    const [a, b] = [g.node('a', 'Company'), g.node('b', 'Company')];
    g.edge('LOCATED_IN', a, park);
    g.edge('LOCATED_IN', b, park);
    // The park's other tenants, each with a customer of its own: many ways out of the hub, none to b.
    for (let i = 0; i < 40; i++) {
      const tenant = g.node(`tenant${i}`, 'Company');
      g.edge('LOCATED_IN', tenant, park);
      g.edge('SUPPLIES', tenant, g.node(`customer${i}`, 'Company'));
    }
    // c is reached only through a Region: no path by default.
    const [region, c] = [g.node('region', 'Region'), g.node('c', 'Company')];
    g.edge('LOCATED_IN', park, region);
    g.edge('LOCATED_IN', c, region);
    await store(g);

    const PATHS = `query($from: String!, $to: String!, $k: Int, $maxHops: Int, $via: [EntityKind!]) {
      paths(from: $from, to: $to, k: $k, maxHops: $maxHops, via: $via) {
        ... on PathsResult { truncated exhaustiveHops paths { length nodes { slug } } }
      }
    }`;
    const hub = await query(PATHS, { from: a, to: b, k: 10, maxHops: 6 });
    expect(hub.errors).toBeUndefined();
    expect(hub.data?.paths).toEqual({
      truncated: false,
      exhaustiveHops: 6,
      paths: [{ length: 2, nodes: [{ slug: a }, { slug: park }, { slug: b }] }],
    });

    const none = await query(PATHS, { from: a, to: c, k: 5, maxHops: 6 });
    expect(none.data?.paths).toEqual({ truncated: false, exhaustiveHops: 6, paths: [] });
    const viaRegion = await query(PATHS, { from: a, to: c, k: 5, maxHops: 6, via: [...DEFAULT_PATH_KINDS, 'Region'] });
    expect(viaRegion.data?.paths.paths).toEqual([{ length: 3, nodes: [{ slug: a }, { slug: park }, { slug: region }, { slug: c }] }]);
    const tooShort = await query(PATHS, { from: a, to: c, k: 5, maxHops: 2, via: [...DEFAULT_PATH_KINDS, 'Region'] });
    expect(tooShort.data?.paths).toEqual({ truncated: false, exhaustiveHops: 2, paths: [] });
  });

  it('counts parallel relationships as distinct paths, and says when its budget cut a search short', async () => {
    const g = new Graph();
    const [a, b, c, d] = ['pa', 'pb', 'pc', 'pd'].map((name) => g.node(name, 'Company')) as [string, string, string, string];
    g.edge('SUPPLIES', a, b);
    g.edge('PARTNERS_WITH', a, b);
    g.edge('SUPPLIES', b, c);
    g.edge('SUPPLIES', a, d);
    g.edge('SUPPLIES', d, c);
    g.edge('COMPETES_WITH', a, c);
    await store(g);
    const options = { maxHops: 4, k: 10, types: RELATION_TYPES, via: DEFAULT_PATH_KINDS };
    const all = await agree(g, a, c, options);
    expect(all.paths.map((p) => p.relations.map((rel) => rel.type).join(',')).sort()).toEqual([
      'COMPETES_WITH',
      'PARTNERS_WITH,SUPPLIES',
      'SUPPLIES,SUPPLIES',
      'SUPPLIES,SUPPLIES',
    ]);
    expect(all.entities.map((e) => e.id).sort()).toEqual([a, b, c, d].sort());

    // A chain of five hops, with a detour of six: more than the first round trip reads.
    const chain = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'q1', 'q2', 'q3', 'q4'].map((name) => g.node(name, 'Company'));
    for (const [x, y] of [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [1, 6],
      [6, 7],
      [7, 8],
      [8, 9],
      [9, 5],
    ] as const) {
      g.edge('SUPPLIES', chain[x] as string, chain[y] as string);
    }
    await store(g);
    const [first, last] = [chain[0] as string, chain[5] as string];
    await agree(g, first, last, { ...options, maxHops: 6 });
    const cut = await traversals.paths(first, last, { ...options, maxHops: 6, budget: 0 });
    expect(cut.truncated).toBe(true);
    expect(cut.exhaustiveHops).toBeLessThan(6);
    // What it returns is still right: every path of up to exhaustiveHops hops.
    expect(cut.paths.map((p) => p.relations.length)).toEqual(g.shortest(first, last, { ...options, maxHops: cut.exhaustiveHops }));
  });
});
