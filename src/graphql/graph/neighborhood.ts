import { z } from 'zod';
import { LIMITS } from '../../core/limits.js';
import { RELATION_TYPES } from '../../core/schema.js';
import { builder } from '../builder.js';

import { RelationTypeEnum } from '../enums.js';
import { NotFoundError } from '../errors.js';
import { primeEntityLoader } from '../loaders.js';
import { readsEntityProps, readsRelationProps } from '../lookahead.js';
import { EntityRef, RelationRef, type RelationView } from '../refs.js';
import { loadEntity } from '../relations/relation.js';
import { endId } from './ends.js';

interface GraphView {
  rootId: string;
  nodeIds: string[];
  edges: RelationView[];
  truncated: boolean;
}

const GraphRef = builder.objectRef<GraphView>('Graph').implement({
  description: 'Nodes and edges ready for a graph view.',
  fields: (t) => ({
    root: t.field({ type: EntityRef, resolve: (g, _, ctx) => loadEntity(ctx, g.rootId) }),
    nodes: t.field({ type: [EntityRef], resolve: (g, _, ctx) => g.nodeIds.map((id) => loadEntity(ctx, id)) }),
    edges: t.field({ type: [RelationRef], resolve: (g) => g.edges }),
    truncated: t.boolean({ description: 'The node limit stopped the expansion early.', resolve: (g) => g.truncated }),
  }),
});

export const MAX_NODES = 500;

builder.queryField('neighborhood', (t) =>
  t.field({
    type: GraphRef,
    description: 'The entities within `depth` hops of one entity, and the relationships between them.',
    errors: { types: [NotFoundError], directResult: true },
    args: {
      id: t.arg.string({ required: true, description: 'An id, global id, name or alias.' }),
      depth: t.arg.int({
        defaultValue: 1,
        validate: z.number().int().min(1, 'depth must be at least 1').max(LIMITS.depth, `depth may be at most ${LIMITS.depth}`),
      }),
      types: t.arg({ type: [RelationTypeEnum], required: false, description: 'Only these relationship types (default: all).' }),
      limit: t.arg.int({
        defaultValue: 100,
        validate: z.number().int().min(1, 'limit must be at least 1').max(MAX_NODES, `limit may be at most ${MAX_NODES}`),
      }),
    },
    complexity: (args) => ({ field: Math.ceil((args.limit ?? 100) / 10) }),
    resolve: async (_root, args, ctx, info) => {
      const rootId = await endId(ctx, args.id);
      const graph = await ctx.traversals.neighborhood(rootId, args.depth ?? 1, args.types ?? RELATION_TYPES, args.limit ?? 100, {
        entityProps: readsEntityProps(info),
        relationProps: readsRelationProps(info, ['edges'], 'Graph'),
      });
      primeEntityLoader(ctx.loaders, graph.entities);
      return {
        rootId,
        nodeIds: graph.nodeIds,
        edges: graph.relations.map((record) => ({ record, self: null })),
        truncated: graph.truncated,
      };
    },
  }),
);
