/**
 * `search` paged by a real Relay client (relay-runtime, the runtime react-relay runs on): its
 * connection handler merges each page into the store, as `usePaginationFragment`'s loadNext does.
 */
import {
  type ConcreteRequest,
  ConnectionHandler,
  commitLocalUpdate,
  Environment,
  fetchQuery,
  Network,
  RecordSource,
  Store,
} from 'relay-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, testServer } from '../helpers.js';

const TEXT = `query SearchPageQuery($text: String!, $first: Int, $after: String) {
  search(text: $text, first: $first, after: $after) {
    totalCount
    edges { cursor node { __typename id slug } }
    pageInfo { endCursor hasNextPage hasPreviousPage startCursor }
  }
}`;

// The artifact relay-compiler makes of TEXT with `@connection(key: "SearchPage_search", filters: ["text"])`
// on `search`, written out here because the compiler is a build step of an app, not of this API.
const scalar = (name: string) => ({ alias: null, args: null, kind: 'ScalarField', name, storageKey: null });
const linked = (name: string, concreteType: string | null, selections: unknown[], plural = false) => ({
  alias: null,
  args: null,
  concreteType,
  kind: 'LinkedField',
  name,
  plural,
  selections,
  storageKey: null,
});
const variables = ['text', 'first', 'after'].map((name) => ({ kind: 'Variable', name, variableName: name }));
const SEARCH = {
  ...linked('search', 'SearchConnection', [
    scalar('totalCount'),
    linked('edges', 'SearchEdge', [scalar('cursor'), linked('node', null, [scalar('__typename'), scalar('id'), scalar('slug')])], true),
    linked('pageInfo', 'PageInfo', ['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor'].map(scalar)),
  ]),
  args: variables,
};
const argumentDefinitions = ['text', 'first', 'after'].map((name) => ({ defaultValue: null, kind: 'LocalArgument', name }));
const KEY = 'SearchPage_search';
const request = {
  kind: 'Request',
  fragment: {
    argumentDefinitions,
    kind: 'Fragment',
    metadata: null,
    name: 'SearchPageQuery',
    selections: [SEARCH],
    type: 'Query',
    abstractKey: null,
  },
  operation: {
    argumentDefinitions,
    kind: 'Operation',
    name: 'SearchPageQuery',
    selections: [
      SEARCH,
      { alias: null, args: variables, filters: ['text'], handle: 'connection', key: KEY, kind: 'LinkedHandle', name: 'search' },
    ],
  },
  params: { cacheID: 'search-page', id: null, metadata: {}, name: 'SearchPageQuery', operationKind: 'query', text: TEXT },
} as unknown as ConcreteRequest;

describe('search through a Relay client', () => {
  const db = connect();
  const { yoga } = testServer(db);
  afterAll(() => db.close());

  const environment = () =>
    new Environment({
      network: Network.create(async (params, vars) => {
        const response = await yoga.fetch('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: params.text, variables: vars }),
        });
        return response.json();
      }),
      store: new Store(new RecordSource()),
    });

  /** The connection as the client holds it after its pages were merged: slugs, and its page info. */
  const read = (env: Environment, text: string) => {
    let out = { slugs: [] as string[], endCursor: null as string | null, hasNextPage: false, totalCount: -1 };
    commitLocalUpdate(env, (store) => {
      const connection = ConnectionHandler.getConnection(store.getRoot(), KEY, { text });
      const pageInfo = connection?.getLinkedRecord('pageInfo');
      out = {
        slugs: (connection?.getLinkedRecords('edges') ?? []).map((edge) => edge?.getLinkedRecord('node')?.getValue('slug') as string),
        endCursor: (pageInfo?.getValue('endCursor') as string | null) ?? null,
        hasNextPage: Boolean(pageInfo?.getValue('hasNextPage')),
        totalCount: connection?.getValue('totalCount') as number,
      };
    });
    return out;
  };

  /** First page, then loadNext until the client says there is no next page. */
  const pageAll = async (text: string, first: number) => {
    const env = environment();
    await fetchQuery(env, request, { text, first, after: null }).toPromise();
    for (let pages = 1; read(env, text).hasNextPage; pages++) {
      expect(pages).toBeLessThan(200);
      await fetchQuery(env, request, { text, first, after: read(env, text).endCursor }).toPromise();
    }
    return read(env, text);
  };

  it.each([
    ['晋江', 4],
    ['晋江', 3],
    ['科技', 2],
    ['基金', 5],
    ['大学', 1],
  ])('pages %s %i at a time: every hit, once, in the order of one page holding them all', async (text, first) => {
    const whole = await pageAll(text, 100);
    expect(whole.slugs.length).toBe(whole.totalCount);
    expect(whole.totalCount).toBeGreaterThan(2 * first);
    const paged = await pageAll(text, first);
    expect(paged.totalCount).toBe(whole.totalCount);
    expect(paged.slugs).toEqual(whole.slugs);
  });
});
