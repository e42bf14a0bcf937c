import { inject } from 'vitest';
import { Database } from '../src/db/database.js';
import { createServer, type YogaOptions } from '../src/http/yoga.js';
import { LiveTopology } from '../src/traversal/live.js';
import { Traversals } from '../src/traversal/traversals.js';

export const connect = () => Database.connect(inject('neo4j'));

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: string[] }[];
}

/** A yoga instance over the run's Neo4j, queried without a socket. */
/**
 * A server over `db`. Its topology index checks the graph's counts before every traversal
 * (`checkMs` 0), so fixtures written with plain Cypher are seen at once.
 */
export function testServer(db: Database, options: Partial<YogaOptions> = {}) {
  const traversals = options.traversals ?? testTraversals(db);
  const yoga = createServer({ db, ...options, traversals });
  const query = async <T = Record<string, any>>(
    source: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> => {
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: source, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };
  return { yoga, query, traversals };
}

/** Traversals over a topology index of `db` that checks the graph before every traversal. */
export const testTraversals = (db: Database) => new Traversals(db, new LiveTopology(db, { checkMs: 0 }).start());
