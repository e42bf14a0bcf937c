import { z } from 'zod';
import { RELATION_TYPES, relationInputSchema, slugSchema } from '../../core/schema.js';
import { deleteRelation, upsertRelation } from '../../repositories/writes.js';
import { builder } from '../builder.js';
import { compact, EvidenceInput, mutationEvidence } from '../entities/upsert.js';
import { ChainSegmentEnum, RelationTypeEnum } from '../enums.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { RelationRef, type RelationView } from '../refs.js';
import { issuesOf } from '../validation.js';

const relationMutationSchema = relationInputSchema.omit({ evidence: true }).extend({ evidence: mutationEvidence });
const endsSchema = z.strictObject({ type: z.enum(RELATION_TYPES), from: slugSchema, to: slugSchema });

export const RelationPropsInput = builder.inputType('RelationPropsInput', {
  fields: (t) => ({
    amountCny: t.float(),
    round: t.string(),
    date: t.string({ description: 'ISO date' }),
    since: t.string({ description: 'ISO date' }),
    kind: t.string(),
    role: t.string(),
    product: t.string(),
    segment: t.field({ type: ChainSegmentEnum }),
    note: t.string(),
  }),
});

const RelateInput = builder.inputType('RelateInput', {
  fields: (t) => ({
    type: t.field({ type: RelationTypeEnum, required: true }),
    from: t.string({ required: true, description: 'id of the source entity' }),
    to: t.string({ required: true, description: 'id of the target entity' }),
    props: t.field({ type: RelationPropsInput }),
    evidence: t.field({ type: [EvidenceInput], required: true }),
  }),
});

const UnrelateInput = builder.inputType('UnrelateInput', {
  fields: (t) => ({
    type: t.field({ type: RelationTypeEnum, required: true }),
    from: t.string({ required: true }),
    to: t.string({ required: true }),
  }),
});

const RelatePayload = builder.objectRef<{ relation: RelationView }>('RelatePayload').implement({
  fields: (t) => ({ relation: t.field({ type: RelationRef, resolve: (p) => p.relation }) }),
});

const UnrelatePayload = builder.objectRef<{ removed: boolean }>('UnrelatePayload').implement({
  fields: (t) => ({ removed: t.boolean({ description: 'false when there was no such relationship', resolve: (p) => p.removed }) }),
});

/** The same answer for either mutation when an end is not in the graph. */
const missingEnd = (which: 'from' | 'to', ends: { from: string; to: string }) =>
  new NotFoundError(`input.${which}: no entity with id "${ends[which]}"`);

builder.mutationFields((t) => ({
  relate: t.field({
    type: RelatePayload,
    description: 'Creates or updates a relationship (merged on from, type, to; evidence is added). Needs the API key.',
    authScopes: { writer: true },
    errors: { types: [ValidationError, NotFoundError, ForbiddenError], directResult: true },
    args: { input: t.arg({ type: RelateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = relationMutationSchema.safeParse({ ...compact(input), props: compact(input.props) });
      if (!parsed.success) throw new ValidationError('invalid relation', issuesOf(parsed.error, 'input'));
      const relation = parsed.data;
      if (relation.from === relation.to)
        throw new ValidationError('invalid relation', [{ path: 'input.to', message: 'a relation cannot link an entity to itself' }]);
      // The ends are looked up in the transaction that writes the relationship.
      const written = await upsertRelation(ctx.db, relation);
      // This instance's next traversal sees the write.
      await ctx.traversals.live.refresh();
      if ('missing' in written) throw missingEnd(written.missing, relation);
      ctx.loaders.relations.clear({ id: relation.from, types: [relation.type], direction: 'OUT' });
      return { relation: { record: written.relation, self: null } };
    },
  }),

  unrelate: t.field({
    type: UnrelatePayload,
    description: 'Deletes a relationship. Needs the API key.',
    authScopes: { writer: true },
    errors: { types: [ValidationError, NotFoundError, ForbiddenError], directResult: true },
    args: { input: t.arg({ type: UnrelateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = endsSchema.safeParse(input);
      if (!parsed.success) throw new ValidationError('invalid relation', issuesOf(parsed.error, 'input'));
      const deleted = await deleteRelation(ctx.db, parsed.data.type, parsed.data.from, parsed.data.to);
      // This instance's next traversal sees the write.
      await ctx.traversals.live.refresh();
      if ('missing' in deleted) throw missingEnd(deleted.missing, parsed.data);
      return { removed: deleted.removed > 0 };
    },
  }),
}));
