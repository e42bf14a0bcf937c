import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { DOCUMENT_LIMITS, type DocumentLimit, MAX_BODY_BYTES } from '../core/limits.js';
import { createContext, type ServerOptions } from '../graphql/context.js';
import { EXAMPLE_OPERATIONS } from '../graphql/examples.js';
import { schema } from '../graphql/schema.js';
import { type Logger, silentLogger } from '../logger.js';
import { LiveTopology } from '../traversal/live.js';
import { Traversals } from '../traversal/traversals.js';
import { useBodyLimit } from './body-limit.js';
import { useCSRFPrevention } from './csrf.js';
import { armorRejection, createMaskError, usePublicErrors } from './errors.js';
import { useExplorer } from './explorer.js';
import { createGraphiQLRenderer, useGraphiQLAssets } from './graphiql.js';

export interface YogaOptions extends ServerOptions {
  /** Development shows error details and field suggestions; elsewhere errors are masked with a code and logged. */
  development?: boolean;
  /** Overrides of DOCUMENT_LIMITS and MAX_BODY_BYTES (KG_MAX_* in src/config.ts); the depth limit is LIMITS.queryDepth. */
  limits?: Partial<Record<Exclude<DocumentLimit, 'depth'>, number>> & { bodyBytes?: number };
  /** The process's logger (src/logger.ts); silent when none is given. */
  logger?: Logger;
}

export function createServer(options: YogaOptions) {
  const development = options.development ?? false;
  const logger = options.logger ?? silentLogger;
  const traversals = options.traversals ?? new Traversals(options.db, new LiveTopology(options.db, {}, logger).start());
  const server = { ...options, traversals };
  const limits = {
    depth: DOCUMENT_LIMITS.depth,
    aliases: options.limits?.aliases ?? DOCUMENT_LIMITS.aliases,
    tokens: options.limits?.tokens ?? DOCUMENT_LIMITS.tokens,
    directives: options.limits?.directives ?? DOCUMENT_LIMITS.directives,
  };
  return createYoga({
    schema,
    context: (initial) => createContext(server, initial),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    logging: logger,
    // useBodyLimit below: checked against Content-Length before the body is read, or while it streams in (chunked).
    maxRequestBodySize: false,
    graphiql: { title: '产业链知识图谱 · GraphiQL', defaultQuery: EXAMPLE_OPERATIONS },
    // Yoga's own page loads GraphiQL from a CDN: ours loads it from this server, for intranets without internet.
    renderGraphiQL: createGraphiQLRenderer(),
    plugins: [
      // Ready once Neo4j answers and the topology index is built (traversals wait for it until then).
      useReadinessCheck({ endpoint: '/readyz', check: async () => traversals.live.ready && (await options.db.ping()) }),
      useExplorer(),
      useGraphiQLAssets(),
      useCSRFPrevention(),
      useBodyLimit(options.limits?.bodyBytes ?? MAX_BODY_BYTES),
      EnvelopArmorPlugin({
        maxDepth: { n: limits.depth, ignoreIntrospection: true, ...armorRejection('depth', limits.depth) },
        maxAliases: { n: limits.aliases, ...armorRejection('aliases', limits.aliases) },
        maxTokens: { n: limits.tokens, ...armorRejection('tokens', limits.tokens) },
        maxDirectives: { n: limits.directives, ...armorRejection('directives', limits.directives) },
        // Cost is the Pothos complexity plugin's job: it knows each field's page size.
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: !development },
      }),
      usePublicErrors(development),
    ],
    maskedErrors: { isDev: development, maskError: createMaskError(logger) },
  });
}

export type Server = ReturnType<typeof createServer>;
