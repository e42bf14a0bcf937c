import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { InputValidationError } from '@pothos/plugin-validation';
import { GraphQLError } from 'graphql';
import { createYoga, maskError as defaultMaskError, useReadinessCheck } from 'graphql-yoga';
import { Neo4jError } from 'neo4j-driver';
import { LIMITS } from './graphql/builder.js';
import { createContext, type ServerOptions } from './graphql/context.js';
import { EXAMPLE_OPERATIONS } from './graphql/examples.js';
import { useExplorer } from './http/explorer.js';
import { schema } from './graphql/schema.js';
import { logger } from './logger.js';

export interface YogaOptions extends ServerOptions {
  /** Development shows error details and field suggestions; elsewhere errors are masked with a code and logged. */
  development?: boolean;
}

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired', 'Neo.TransientError.General.DatabaseUnavailable']);

/** Neo4j unreachable (or the pool exhausted while it is): the one failure a client should retry. */
export function isServiceUnavailable(error: unknown): boolean {
  if (!(error instanceof Neo4jError)) return false;
  return UNAVAILABLE.has(error.code) || /connection|acquisition/i.test(error.message);
}

/** Limits on the document itself, checked before execution: see README "Security and limits". */
export const DOCUMENT_LIMITS = { depth: LIMITS.queryDepth, aliases: 30, tokens: 2_000, directives: 20 } as const;

export function createServer(options: YogaOptions) {
  const development = options.development ?? false;
  return createYoga({
    schema,
    context: (initial) => createContext(options, initial),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    logging: logger,
    graphiql: { title: '产业链知识图谱 · GraphiQL', defaultQuery: EXAMPLE_OPERATIONS },
    plugins: [
      useReadinessCheck({ endpoint: '/readyz', check: () => options.db.ping() }),
      useExplorer(),
      EnvelopArmorPlugin({
        maxDepth: { n: DOCUMENT_LIMITS.depth, ignoreIntrospection: true },
        maxAliases: { n: DOCUMENT_LIMITS.aliases },
        maxTokens: { n: DOCUMENT_LIMITS.tokens },
        maxDirectives: { n: DOCUMENT_LIMITS.directives },
        // Cost is the Pothos complexity plugin's job: it knows each field's page size.
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: !development },
      }),
    ],
    maskedErrors: {
      isDev: development,
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (isServiceUnavailable(original)) {
          logger.warn({ err: original }, 'neo4j unavailable');
          return new GraphQLError('The graph database is unavailable; try again shortly.', {
            extensions: { code: 'SERVICE_UNAVAILABLE' },
          });
        }
        if (original instanceof InputValidationError) {
          return new GraphQLError(original.message, {
            path: error instanceof GraphQLError ? error.path : undefined,
            extensions: {
              code: 'BAD_USER_INPUT',
              issues: original.issues.map((i) => ({
                path: i.path?.map((p) => String(typeof p === 'object' ? p.key : p)).join('.'),
                message: i.message,
              })),
            },
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
