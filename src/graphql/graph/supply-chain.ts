import { z } from 'zod';
import { LIMITS } from '../../core/limits.js';
import type { ChainDirection, SegmentTier, SupplyTier } from '../../traversal/traversals.js';
import { builder } from '../builder.js';
import { ChainSegmentEnum } from '../enums.js';
import { NotFoundError } from '../errors.js';
import { primeEntityLoader } from '../loaders.js';
import { readsEntityProps, selectsAt } from '../lookahead.js';
import { EntityRef, RelationRef } from '../refs.js';
import { loadEntity } from '../relations/relation.js';
import { endId } from './ends.js';

interface SupplyChainView {
  rootId: string;
  direction: ChainDirection;
  tiers: SupplyTier[];
  segments: SegmentTier[];
}

const ChainDirectionEnum = builder.enumType('ChainDirection', {
  values: {
    UPSTREAM: { description: 'suppliers, producers, earlier segments' },
    DOWNSTREAM: { description: 'customers, products, later segments' },
  },
});

const SupplyTierRef = builder.objectRef<SupplyTier>('SupplyTier').implement({
  description: 'Entities `level` steps away along SUPPLIES and PRODUCES.',
  fields: (t) => ({
    level: t.exposeInt('level'),
    entities: t.field({ type: [EntityRef], resolve: (tier, _, ctx) => tier.entityIds.map((id) => loadEntity(ctx, id)) }),
    links: t.field({ type: [RelationRef], resolve: (tier) => tier.relations.map((record) => ({ record, self: null })) }),
  }),
});

const SegmentTierRef = builder.objectRef<SegmentTier>('SegmentTier').implement({
  description: 'Members of one of the root’s industries at another chain segment.',
  fields: (t) => ({
    industry: t.field({ type: EntityRef, resolve: (tier, _, ctx) => loadEntity(ctx, tier.industryId) }),
    segment: t.field({ type: ChainSegmentEnum, resolve: (tier) => tier.segment }),
    order: t.exposeInt('order', { description: '1 (材料) … 6 (应用)' }),
    members: t.field({ type: [EntityRef], resolve: (tier, _, ctx) => tier.memberIds.map((id) => loadEntity(ctx, id)) }),
  }),
});

const SupplyChainRef = builder.objectRef<SupplyChainView>('SupplyChain').implement({
  fields: (t) => ({
    root: t.field({ type: EntityRef, resolve: (s, _, ctx) => loadEntity(ctx, s.rootId) }),
    direction: t.field({ type: ChainDirectionEnum, resolve: (s) => s.direction }),
    tiers: t.field({ type: [SupplyTierRef], description: 'Along SUPPLIES and PRODUCES, nearest first.', resolve: (s) => s.tiers }),
    segments: t.field({
      type: [SegmentTierRef],
      description: 'Along the chain segments of the root’s industries, nearest first.',
      resolve: (s) => s.segments,
    }),
  }),
});

builder.queryField('supplyChain', (t) =>
  t.field({
    type: SupplyChainRef,
    description: 'Upstream or downstream tiers of a company or product.',
    errors: { types: [NotFoundError], directResult: true },
    args: {
      id: t.arg.string({ required: true, description: 'An id, global id, name or alias.' }),
      direction: t.arg({ type: ChainDirectionEnum, required: true }),
      depth: t.arg.int({
        defaultValue: 2,
        validate: z.number().int().min(1, 'depth must be at least 1').max(LIMITS.depth, `depth may be at most ${LIMITS.depth}`),
      }),
    },
    complexity: () => ({ field: 20 }),
    resolve: async (_root, args, ctx, info) => {
      const rootId = await endId(ctx, args.id);
      const { tiers, segments } = await ctx.traversals.supplyChain(rootId, args.direction, args.depth ?? 2, 200, {
        reads: { entityProps: readsEntityProps(info), relationProps: selectsAt(info, ['tiers'], 'SupplyChain', 'links') },
        ladder: selectsAt(info, [], 'SupplyChain', 'segments'),
        members: selectsAt(info, ['segments'], 'SupplyChain', 'members'),
      });
      primeEntityLoader(ctx.loaders, [...tiers.flatMap((tier) => tier.entities), ...segments.map((s) => s.industry)]);
      return { rootId, direction: args.direction, tiers, segments };
    },
  }),
);
