import { GraphQLError } from 'graphql';
import { createYoga, maskError as defaultMaskError, useReadinessCheck } from 'graphql-yoga';
import { Neo4jError } from 'neo4j-driver';
import { logger } from './logger.js';
import { type ServerOptions, createContext } from './graphql/context.js';
import { schema } from './graphql/schema.js';

export interface YogaOptions extends ServerOptions {
  /** Development shows error details; elsewhere they are masked with a code and logged. */
  development?: boolean;
}

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired', 'Neo.TransientError.General.DatabaseUnavailable']);

/** Neo4j unreachable (or the pool exhausted while it is): the one failure a client should retry. */
export function isServiceUnavailable(error: unknown): boolean {
  if (!(error instanceof Neo4jError)) return false;
  return UNAVAILABLE.has(error.code) || error.retriable === true || /connection|acquisition/i.test(error.message);
}

export function createServer(options: YogaOptions) {
  return createYoga({
    schema,
    context: (initial) => createContext(options, initial),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    logging: logger,
    plugins: [useReadinessCheck({ endpoint: '/readyz', check: () => options.db.ping() })],
    maskedErrors: {
      isDev: options.development ?? false,
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (isServiceUnavailable(original)) {
          logger.warn({ err: original }, 'neo4j unavailable');
          return new GraphQLError('The graph database is unavailable; try again shortly.', {
            extensions: { code: 'SERVICE_UNAVAILABLE' },
          });
        }
        const masked = defaultMaskError(error, message, isDev);
        if (masked !== error && !isDev) logger.error({ err: original }, 'unexpected error');
        return masked;
      },
    },
  });
}

export type Server = ReturnType<typeof createServer>;
