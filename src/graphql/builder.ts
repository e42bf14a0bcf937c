import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { LIMITS } from '../core/limits.js';
import { KINDS } from '../core/schema.js';
import type { Context } from './context.js';
import { ForbiddenError } from './errors.js';

/** The node types: one per entity kind (src/graphql/entities/node.ts). */
const isNodeType = (typename: string) => (KINDS as readonly string[]).includes(typename);
interface Types {
  Context: Context;
  AuthScopes: { writer: boolean };
  Scalars: {
    ID: { Input: string; Output: string | number };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  /** Every connection resolver returns its total, for `totalCount`. */
  Connection: { totalCount: number };
}

/** Typed explicitly, so that the `nodes` resolver in its own options may name it. */
export const builder: PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<Types>> = new SchemaBuilder<Types>({
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
    // A connection's cost is already its page size times its children (pagination.ts): its
    // `edges` list must not multiply a second time.
    edgesFieldOptions: { complexity: { field: 0, multiplier: 1 } },
    // A global ID naming a type that is not a node type (the Entity interface, an enum, an unknown
    // name) reads as absent, like an id of the wrong kind, instead of raising Pothos's schema error,
    // which had no code, named internals and nulled the whole response.
    nodeQueryOptions: { resolve: (_root, { id }, _ctx, _info, resolveNode) => (isNodeType(id.typename) ? resolveNode(id) : null) },
    // (The `resolveNodes` callback handed to this resolver ignores the ids it is given, hence the import.)
    nodesQueryOptions: {
      resolve: (_root, { ids }, ctx, info) =>
        resolveNodes(
          builder,
          ctx,
          info,
          ids.map((id) => (isNodeType(id.typename) ? id : null)),
        ),
    },
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

/** The root types; each type file adds its own queries and mutations to them. */
builder.queryType({});
builder.mutationType({});
