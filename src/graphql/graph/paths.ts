import { z } from 'zod';
import { LIMITS } from '../../core/limits.js';
import { DEFAULT_PATH_KINDS, type Kind, RELATION_TYPES } from '../../core/ontology.js';
import { builder } from '../builder.js';
import { EntityKindEnum, RelationTypeEnum } from '../enums.js';
import { NotFoundError } from '../errors.js';
import { primeEntityLoader } from '../loaders.js';
import { readsEntityProps, selectsAt } from '../lookahead.js';
import { EntityRef, RelationRef, type RelationView } from '../refs.js';
import { loadEntity } from '../relations/relation.js';
import { endId } from './ends.js';

interface HopView {
  fromId: string;
  toId: string;
  relation: RelationView;
}

interface PathView {
  nodeIds: string[];
  hops: HopView[];
}

interface PathsView {
  fromId: string;
  toId: string;
  paths: PathView[];
  via: Kind[];
  exhaustiveHops: number;
  truncated: boolean;
}

const HopDirectionEnum = builder.enumType('HopDirection', {
  values: {
    FORWARD: { description: 'the relationship points from `from` to `to`' },
    BACKWARD: { description: 'it points from `to` back to `from`' },
  },
});

const HopRef = builder.objectRef<HopView>('Hop').implement({
  description: 'One step of a path: from a node, along a relationship, to the next node.',
  fields: (t) => ({
    from: t.field({ type: EntityRef, resolve: (h, _, ctx) => loadEntity(ctx, h.fromId) }),
    to: t.field({ type: EntityRef, resolve: (h, _, ctx) => loadEntity(ctx, h.toId) }),
    type: t.field({ type: RelationTypeEnum, resolve: (h) => h.relation.record.type }),
    direction: t.field({ type: HopDirectionEnum, resolve: (h) => (h.relation.record.from === h.fromId ? 'FORWARD' : 'BACKWARD') }),
    relation: t.field({ type: RelationRef, description: 'Its properties and evidence.', resolve: (h) => h.relation }),
  }),
});

const PathRef = builder.objectRef<PathView>('Path').implement({
  fields: (t) => ({
    length: t.int({ resolve: (p) => p.hops.length }),
    nodes: t.field({ type: [EntityRef], resolve: (p, _, ctx) => p.nodeIds.map((id) => loadEntity(ctx, id)) }),
    hops: t.field({ type: [HopRef], resolve: (p) => p.hops }),
  }),
});

const PathsRef = builder.objectRef<PathsView>('PathsResult').implement({
  description: 'The k shortest paths between two entities, shortest first; empty when none is within maxHops.',
  fields: (t) => ({
    from: t.field({ type: EntityRef, resolve: (r, _, ctx) => loadEntity(ctx, r.fromId) }),
    to: t.field({ type: EntityRef, resolve: (r, _, ctx) => loadEntity(ctx, r.toId) }),
    via: t.field({ type: [EntityKindEnum], description: 'The kinds the paths were allowed to pass through.', resolve: (r) => r.via }),
    paths: t.field({ type: [PathRef], resolve: (r) => r.paths }),
    truncated: t.boolean({
      description:
        'The search reached its budget (relationships read) before it could prove these are the k shortest: paths of up to `exhaustiveHops` hops are all accounted for, longer ones may be missing. False for an exact answer, including an empty one.',
      resolve: (r) => r.truncated,
    }),
    exhaustiveHops: t.int({
      description: 'Every path of at most this many hops was considered: maxHops, unless `truncated`.',
      resolve: (r) => r.exhaustiveHops,
    }),
  }),
});

builder.queryField('paths', (t) =>
  t.field({
    type: PathsRef,
    description:
      'How two players are connected: the k shortest paths, each hop with its relationship and evidence. Paths do not pass through Region or Industry nodes unless `via` allows it.',
    errors: { types: [NotFoundError], directResult: true },
    args: {
      from: t.arg.string({ required: true, description: 'An id, global id, name or alias.' }),
      to: t.arg.string({ required: true, description: 'An id, global id, name or alias.' }),
      maxHops: t.arg.int({
        defaultValue: 4,
        validate: z.number().int().min(1, 'maxHops must be at least 1').max(LIMITS.maxHops, `maxHops may be at most ${LIMITS.maxHops}`),
      }),
      k: t.arg.int({
        defaultValue: 3,
        validate: z.number().int().min(1, 'k must be at least 1').max(LIMITS.k, `k may be at most ${LIMITS.k}`),
      }),
      types: t.arg({ type: [RelationTypeEnum], required: false, description: 'Only these relationship types (default: all).' }),
      via: t.arg({
        type: [EntityKindEnum],
        required: false,
        description: 'Kinds a path may pass through (default: all but Region and Industry).',
      }),
    },
    complexity: (args) => ({ field: 5 * (args.k ?? 3) }),
    resolve: async (_root, args, ctx, info) => {
      const [from, to] = await Promise.all([endId(ctx, args.from, 'from'), endId(ctx, args.to, 'to')]);
      const via = args.via ?? DEFAULT_PATH_KINDS;
      const result = await ctx.traversals.paths(from, to, {
        maxHops: args.maxHops ?? 4,
        k: args.k ?? 3,
        types: args.types ?? RELATION_TYPES,
        via,
        reads: { entityProps: readsEntityProps(info), relationProps: selectsAt(info, ['paths', 'hops'], 'PathsResult', 'relation') },
      });
      primeEntityLoader(ctx.loaders, result.entities);
      return {
        fromId: from,
        toId: to,
        via,
        exhaustiveHops: result.exhaustiveHops,
        truncated: result.truncated,
        paths: result.paths.map((p) => ({
          nodeIds: p.nodeIds,
          hops: p.relations.map((record, i) => ({
            fromId: p.nodeIds[i] as string,
            toId: p.nodeIds[i + 1] as string,
            relation: { record, self: null },
          })),
        })),
      };
    },
  }),
);
