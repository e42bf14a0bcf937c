/**
 * The query mix: each shape as our API asks it, as @neo4j/graphql asks it (where it can), and as the
 * raw Cypher handler serves it, with parameters drawn deterministically from the generator's samples.
 * The three ask for the same data: same entities, same fields (ids, names, the relationship
 * properties shown), so the bytes on the wire are comparable.
 */
import type { Samples } from './generate.js';

/** `ours`: the API as `npm start` runs it (the build in dist/, with its node flags). */
export type ServerName = 'ours' | 'neo4j-graphql' | 'raw';
export const SERVERS: ServerName[] = ['ours', 'neo4j-graphql', 'raw'];

export interface Shape {
  name: string;
  title: string;
  /** Parameters of the i-th request. */
  params: (samples: Samples, i: number) => Record<string, unknown>;
  /** GraphQL document for our API. */
  ours: string;
  /** GraphQL document for @neo4j/graphql, or why it cannot express the shape. */
  neo4jGraphql: string | { unsupported: string };
  /** Variables for @neo4j/graphql when they differ from `params`. */
  neo4jGraphqlVariables?: (params: Record<string, unknown>) => Record<string, unknown>;
}

const at = <T>(list: T[], i: number) => list[i % list.length] as T;
/** The i-th window of `size` items, so consecutive requests ask for different companies. */
const window = <T>(list: T[], i: number, size: number) => Array.from({ length: size }, (_, k) => at(list, i * size + k));

export const SHAPES: Shape[] = [
  {
    name: 'lookup',
    title: 'lookup by id',
    params: (s, i) => ({ id: at(s.lookup, i) }),
    ours: `query Lookup($id: String!) {
      entity(id: $id) { slug kind name aliases description evidence { document quote } }
    }`,
    neo4jGraphql: `query Lookup($id: ID!) {
      entities(where: { id: { eq: $id } }) { id kind name aliases description evidence }
    }`,
  },
  {
    name: 'search',
    title: 'full-text search, top 10 + total',
    params: (s, i) => ({ text: at(s.searchTexts, i), first: 10 }),
    ours: `query Search($text: String!, $first: Int!) {
      search(text: $text, first: $first) { totalCount edges { score node { slug kind name } } }
    }`,
    neo4jGraphql: `query Search($text: String!, $first: Int!) {
      entitySearch(phrase: $text, first: $first) { totalCount edges { score node { id kind name } } }
    }`,
  },
  {
    name: 'nested',
    title: '10 companies → parks, investors',
    params: (s, i) => ({ ids: window(s.companies, i, 10) }),
    ours: `query Nested($ids: [String!]!) {
      entities(kind: Company, filter: { ids: $ids }, first: 10) {
        edges { node { slug name ... on Company {
          parks { place { slug name } since }
          investors { investor { slug name } amountCny round }
        } } }
      }
    }`,
    neo4jGraphql: `query Nested($ids: [ID!]!) {
      companies(where: { id: { in: $ids } }, sort: [{ name: ASC }]) {
        id name
        parksConnection { edges { properties { since } node { id name } } }
        investorsConnection { edges { properties { amountCny round } node { id name } } }
      }
    }`,
  },
  {
    name: 'neighborhood',
    title: 'neighbourhood, depth 2, ≤ 100 nodes',
    params: (s, i) => ({ id: at(s.neighborhood, i), depth: 2, limit: 100 }),
    ours: `query Neighborhood($id: String!, $depth: Int!, $limit: Int!) {
      neighborhood(id: $id, depth: $depth, limit: $limit) {
        ... on Graph { truncated nodes { slug kind name } edges { type source { slug } target { slug } } }
        ... on NotFoundError { message }
      }
    }`,
    neo4jGraphql: {
      unsupported: 'no traversal over any relationship type to a variable depth with a node limit',
    },
  },
  {
    name: 'paths',
    title: 'k = 5 shortest paths, ≤ 6 hops',
    params: (s, i) => {
      const [from, to] = at(s.pairs, i);
      return { from, to, maxHops: 6, k: 5 };
    },
    ours: `query Paths($from: String!, $to: String!, $maxHops: Int!, $k: Int!) {
      paths(from: $from, to: $to, maxHops: $maxHops, k: $k) {
        ... on PathsResult { truncated paths { length nodes { slug name } hops { type from { slug } to { slug } } } }
        ... on NotFoundError { message }
      }
    }`,
    neo4jGraphql: { unsupported: 'no path queries' },
  },
  {
    name: 'supplyChain',
    title: 'supply-chain tiers, depth 2',
    params: (s, i) => ({ id: at(s.supplyRoots, i), depth: 2 }),
    ours: `query SupplyChain($id: String!, $depth: Int!) {
      supplyChain(id: $id, direction: DOWNSTREAM, depth: $depth) {
        ... on SupplyChain {
          tiers { level entities { slug name } }
          segments { industry { slug name } segment order }
        }
        ... on NotFoundError { message }
      }
    }`,
    neo4jGraphql: {
      unsupported: 'no variable-depth tiers de-duplicated across levels, no chain-segment ladder',
    },
  },
];

export interface RequestSpec {
  path: string;
  body: string;
}

/** The HTTP request for the i-th call of `shape` on `server`; undefined where the server cannot express it. */
export function requestFor(server: ServerName, shape: Shape, samples: Samples, i: number): RequestSpec | undefined {
  const params = shape.params(samples, i);
  switch (server) {
    case 'ours':
      return { path: '/graphql', body: JSON.stringify({ query: shape.ours, variables: params }) };
    case 'neo4j-graphql':
      if (typeof shape.neo4jGraphql !== 'string') return undefined;
      return {
        path: '/graphql',
        body: JSON.stringify({ query: shape.neo4jGraphql, variables: shape.neo4jGraphqlVariables?.(params) ?? params }),
      };
    case 'raw':
      return { path: `/query/${shape.name}`, body: JSON.stringify(params) };
  }
}
