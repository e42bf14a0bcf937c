/**
 * What a traversal reads back from Neo4j: only id, kind, name and aliases of its entities when the
 * whole operation reads nothing more of any entity (the full property map costs Neo4j and the driver
 * more than the look-up itself), and everything as soon as any field anywhere in the operation does,
 * so that the entities it hands to the request's loader answer every reader.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { HydrationReads } from '../../src/repositories/hydrate.js';
import { LiveTopology } from '../../src/traversal/live.js';
import { Traversals } from '../../src/traversal/traversals.js';
import { connect, testServer } from '../helpers.js';

/** Traversals that remember what each hydration was asked to read. */
class Recording extends Traversals {
  entityProps: boolean[] = [];
  override neighborhood(...args: Parameters<Traversals['neighborhood']>) {
    this.entityProps.push((args[4] as HydrationReads).entityProps);
    return super.neighborhood(...args);
  }
  override paths(...args: Parameters<Traversals['paths']>) {
    this.entityProps.push(args[2].reads?.entityProps ?? true);
    return super.paths(...args);
  }
  override supplyChain(...args: Parameters<Traversals['supplyChain']>) {
    this.entityProps.push(args[4]?.reads?.entityProps ?? true);
    return super.supplyChain(...args);
  }
}

describe('traversal hydration', () => {
  const db = connect();
  const live = new LiveTopology(db, { checkMs: 0 }).start();
  const traversals = new Recording(db, live);
  const { query } = testServer(db, { traversals });
  afterAll(async () => {
    live.close();
    await db.close();
  });

  const ask = async (source: string) => {
    traversals.entityProps.length = 0;
    const { data, errors } = await query(source);
    expect(errors).toBeUndefined();
    return { data: data as Record<string, any>, full: traversals.entityProps };
  };

  it('reads only names when no field of the operation reads more of an entity', async () => {
    const lean = [
      `{ neighborhood(id: "san-wu-wei", depth: 2) { ... on Graph {
         root { slug } nodes { id slug kind name aliases __typename } edges { type source { slug name } target { slug } evidence { quote } } } } }`,
      `{ neighborhood(id: "san-wu-wei") { ... on Graph { nodes { slug relations(first: 2) { edges { node { type target { slug name } } } } } } } }`,
      `{ neighborhood(id: "san-wu-wei") { ... on Graph { nodes { ... on Company { name investors { investor { slug } amountCny } } } } } }`,
      '{ paths(from: "晋江安芯基金", to: "福州大学", k: 3) { ... on PathsResult { paths { nodes { slug name } hops { type } } } } }',
      '{ supplyChain(id: "hao-shu-ke-ji", direction: DOWNSTREAM) { ... on SupplyChain { tiers { entities { name } } } } }',
    ];
    for (const source of lean) expect((await ask(source)).full, source).toEqual([false]);
    const { data } = await ask(lean[0]!);
    const node = data.neighborhood.nodes.find((n: { slug: string }) => n.slug === 'san-wu-wei');
    expect(node).toMatchObject({ kind: 'Company', name: '晋江三伍微电子有限公司', aliases: ['三伍微', '三伍微电子'] });
  });

  it('reads everything when any field reads more, wherever it sits, and answers it as the entity holds it', async () => {
    const stored = await ask(
      `{ entity(id: "san-wu-wei") { description evidence { quote } facts { key value stated } ... on Company { foundedOn } } }`,
    );
    const expected = stored.data.entity;
    expect(expected.description).toContain('Wi-Fi 7 FEM');
    const shapes: [string, (data: Record<string, any>) => unknown][] = [
      [
        '{ neighborhood(id: "san-wu-wei") { ... on Graph { nodes { slug description } } } }',
        (d) => d.neighborhood.nodes.find((n: { slug: string }) => n.slug === 'san-wu-wei').description,
      ],
      [
        '{ neighborhood(id: "san-wu-wei") { ... on Graph { nodes { slug ... on Company { foundedOn } } } } }',
        (d) => d.neighborhood.nodes.find((n: { slug: string }) => n.slug === 'san-wu-wei').foundedOn,
      ],
      [
        `{ neighborhood(id: "jin-jiang-an-xin-ji-jin", depth: 1) { ... on Graph { edges { target { slug ...Told } } } } }
         fragment Told on Entity { evidence { quote } }`,
        (d) => d.neighborhood.edges.find((e: { target: { slug: string } }) => e.target.slug === 'san-wu-wei').target.evidence,
      ],
      [
        '{ paths(from: "晋江安芯基金", to: "福州大学") { ... on PathsResult { paths { nodes { slug facts { key value stated } } } } } }',
        (d) => d.paths.paths[0].nodes[1].facts,
      ],
      [
        `{ supplyChain(id: "hao-shu-ke-ji", direction: DOWNSTREAM) { ... on SupplyChain { tiers { entities { name } } } }
           neighborhood(id: "san-wu-wei") { ... on Graph { root { description } } } }`,
        (d) => d.neighborhood.root.description,
      ],
    ];
    const wanted = [expected.description, expected.foundedOn, expected.evidence, expected.facts, expected.description];
    for (const [i, [source, pick]] of shapes.entries()) {
      const { data, full } = await ask(source);
      expect(pick(data), source).toEqual(wanted[i]);
      expect(full.every(Boolean), source).toBe(true);
    }
  });
});
