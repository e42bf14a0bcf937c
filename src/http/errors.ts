import { PothosValidationError } from '@pothos/core';
import { InputValidationError } from '@pothos/plugin-validation';
import { GraphQLError, type ValidationContext } from 'graphql';
import { maskError as defaultMaskError, type Plugin } from 'graphql-yoga';
import { Neo4jError } from 'neo4j-driver';
import type { DocumentLimit } from '../core/limits.js';
import type { Logger } from '../logger.js';
import { IndexNotReadyError } from '../traversal/live.js';

/** The code of every refusal for size or shape: the error's `limit`, `max` and (where known) `found` say which and by how much. */
export const LIMIT_CODE = 'QUERY_LIMIT_EXCEEDED';

const limitError = (limit: string, max: number, message: string, found?: number, path?: readonly (string | number)[]) =>
  new GraphQLError(message, { path, extensions: { code: LIMIT_CODE, limit, max, ...(found === undefined ? {} : { found }) } });

/**
 * graphql-armor's refusal, reshaped: its message (which already names the limit and the value found)
 * without the misleading "Syntax Error: " prefix, and a code. Depth, aliases and directives are
 * reported as validation errors (400, all of them at once); the token limit aborts the parser.
 */
export function armorRejection(limit: DocumentLimit, max: number) {
  return {
    propagateOnRejection: limit === 'tokens',
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const message = error.message.replace(/^Syntax Error: /, '');
        const found = Number(/found (\d+)/.exec(message)?.[1] ?? Number.NaN);
        const refusal = limitError(limit, max, message, Number.isNaN(found) ? undefined : found);
        if (!context) throw refusal;
        context.reportError(refusal);
      },
    ],
  };
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;
const VARIABLE_ERROR = /^Variable "\$\w+" /;

type ResultError = { message: string; extensions?: Record<string, unknown> };

/**
 * The last touch on every error of every response:
 * - outside development, graphql-js's "Did you mean …?" hints are hidden. armor's blockFieldSuggestion
 *   only rewrites validation errors and only the `Did you mean "x"?` form: the enum-value and
 *   inline-fragment forms, and hints in variable coercion errors (raised at execution), got through;
 * - a variable of the wrong type or shape gets the code BAD_USER_INPUT (graphql-js gives it none).
 */
export function usePublicErrors(development: boolean, mask = ' [Suggestion hidden]'): Plugin {
  const touch = (result: { errors?: readonly ResultError[] }) => {
    for (const error of result.errors ?? []) {
      if (!development) error.message = error.message.replace(SUGGESTION, mask);
      if (VARIABLE_ERROR.test(error.message) && !error.extensions?.code) {
        Object.assign(error, { extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
      }
    }
  };
  return {
    onResultProcess({ result }) {
      if (Array.isArray(result)) result.forEach(touch);
      else if (!(Symbol.asyncIterator in result)) touch(result);
    },
  };
}

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired', 'Neo.TransientError.General.DatabaseUnavailable']);

/** Neo4j unreachable (or the pool exhausted while it is): the one failure a client should retry. */
export function isServiceUnavailable(error: unknown): boolean {
  if (!(error instanceof Neo4jError)) return false;
  return UNAVAILABLE.has(error.code) || /connection|acquisition/i.test(error.message);
}

const TIMED_OUT = /^Neo\.ClientError\.Transaction\.TransactionTimedOut/;

const COMPLEXITY = /^Query exceeds maximum (\w+) \(\w+: (\d+), max: (\d+)\)$/;

/**
 * Every error a client sees that is not a typed error of the schema: Neo4j unreachable or too slow,
 * a refusal for size or shape, an invalid argument, each with its code; anything else masked and logged.
 */
export const createMaskError =
  (logger: Logger) =>
  (error: unknown, message: string, isDev?: boolean): Error => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (isServiceUnavailable(original)) {
      logger.warn({ err: original }, 'neo4j unavailable');
      return new GraphQLError('The graph database is unavailable; try again shortly.', {
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    }
    if (original instanceof IndexNotReadyError) {
      // Only right after start-up, while the first build of a large graph runs: retrying is the answer.
      return new GraphQLError('The graph index is still being built; try again shortly.', {
        path: error instanceof GraphQLError ? error.path : undefined,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    }
    if (original instanceof PothosValidationError) {
      // The complexity plugin's refusal (complexity, depth or breadth), checked before any resolver runs.
      const [, limit, found, max] = COMPLEXITY.exec(original.message) ?? [];
      const path = error instanceof GraphQLError ? error.path : undefined;
      if (limit) return limitError(limit, Number(max), original.message, Number(found), path);
      // Pothos's other refusals of an argument (an invalid global ID or cursor): the client's input, not our fault.
      if (!(original instanceof InputValidationError)) {
        return new GraphQLError(original.message, { path, extensions: { code: 'BAD_USER_INPUT' } });
      }
    }
    if (original instanceof Neo4jError && TIMED_OUT.test(original.code)) {
      logger.warn({ err: original }, 'transaction timed out');
      return new GraphQLError('The query took too long and was stopped; narrow it down (fewer hops, a smaller page).', {
        path: error instanceof GraphQLError ? error.path : undefined,
        extensions: { code: 'QUERY_TIMEOUT' },
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
  };
