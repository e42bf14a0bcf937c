import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type { Context } from './context.js';
import { ForbiddenError } from './errors.js';

export const LIMITS = {
  pageSize: 100,
  maxHops: 6,
  depth: 3,
  k: 10,
  complexity: 5_000,
  queryDepth: 12,
} as const;

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { writer: boolean };
  Scalars: {
    ID: { Input: string; Output: string | number };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  /** Every connection resolver returns its total, for `totalCount`. */
  Connection: { totalCount: number };
}>({
  defaultFieldNullability: false,
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, ValidationPlugin, ComplexityPlugin],
  scopeAuth: {
    authScopes: (context) => ({ writer: context.isWriter }),
    unauthorizedError: (_parent, context) =>
      new ForbiddenError(
        context.writesEnabled
          ? 'writes need the API key: send it as the x-api-key header (or Authorization: Bearer <key>)'
          : 'writes are disabled: the server has no KG_API_KEY configured',
      ),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  errors: {
    defaultTypes: [],
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 5,
    limit: { complexity: LIMITS.complexity, depth: LIMITS.queryDepth },
  },
});
