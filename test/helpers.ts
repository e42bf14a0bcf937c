import { inject } from 'vitest';
import { Database } from '../src/db/database.js';
import { createServer, type YogaOptions } from '../src/http/yoga.js';

export const connect = () => Database.connect(inject('neo4j'));

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: string[] }[];
}

/** A yoga instance over the run's Neo4j, queried without a socket. */
export function testServer(db: Database, options: Partial<YogaOptions> = {}) {
  const yoga = createServer({ db, ...options });
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
  return { yoga, query };
}
