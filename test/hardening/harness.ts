/**
 * Shared by the hardening tests: the real server over real HTTP and a GraphQL client. (The graph's
 * content, for "nothing was written", is test/graph-digest.ts.)
 */
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../src/http/server.js';
import { createServer, type YogaOptions } from '../../src/http/yoga.js';

export interface GraphQLResult<T = any> {
  status: number;
  body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
  ms: number;
}

export interface Running {
  url: string;
  /** The GraphQL endpoint. */
  endpoint: string;
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

/** `createServer` behind the project's own node:http server, on a free loopback port. */
export async function startHttp(options: YogaOptions): Promise<Running> {
  const yoga = createServer(options);
  const http = createHttpServer(yoga);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const endpoint = `${url}/graphql`;
  return {
    url,
    endpoint,
    query: (query, variables = {}, headers = {}) => postGraphQL(endpoint, { query, variables }, headers),
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

export async function postGraphQL(endpoint: string, payload: unknown, headers: Record<string, string> = {}): Promise<GraphQLResult> {
  const started = performance.now();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const text = await response.text();
  let body: GraphQLResult['body'];
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, body, ms: performance.now() - started };
}

/** The first error's code, or the typename of a typed error result. */
export const codeOf = (result: GraphQLResult) => result.body.errors?.[0]?.extensions?.code as string | undefined;

/** Nothing that looks like a stack trace or an internal error leaks into a response. */
export const LEAK = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|INTERNAL_SERVER_ERROR|Unexpected error/;
