import { z } from 'zod';
import { ENTITY_TEXT_LIMITS, entityInputSchema, MAX_QUOTE_LENGTH } from '../../core/schema.js';
import type { EntityRecord } from '../../repositories/records.js';
import { upsertEntity } from '../../repositories/writes.js';
import { builder } from '../builder.js';
import { ChainSegmentEnum, EntityKindEnum, RegionLevelEnum } from '../enums.js';
import { ForbiddenError, ValidationError } from '../errors.js';
import { forgetEntities, primeEntityLoader } from '../loaders.js';
import { EntityRef } from '../refs.js';
import { issuesOf } from '../validation.js';

export const EvidenceInput = builder.inputType('EvidenceInput', {
  description: 'Where the fact is stated: a document (file name or title) and a quote of at most 80 characters.',
  fields: (t) => ({
    document: t.string({ required: true }),
    quote: t.string({ required: true }),
  }),
});

/** A quote needs a document: the API's evidence names it, where a seed file's is implied by the file. */
export const mutationEvidence = z
  .array(
    z.strictObject({
      // Evidence is stored as `document<TAB>quote`: a tab (or any control character) in a document
      // would read back as another document and quote.
      document: z
        .string()
        .trim()
        .min(1, 'document must not be empty')
        .max(200)
        .regex(/^\P{Cc}*$/u, 'document must not contain tabs, line breaks or other control characters'),
      quote: z.string().trim().min(1, 'quote must not be empty').max(MAX_QUOTE_LENGTH, `a quote is at most ${MAX_QUOTE_LENGTH} characters`),
    }),
  )
  .min(1, 'at least one evidence record is needed')
  .max(20, 'at most 20 evidence records');

const entityMutationSchema = entityInputSchema.omit({ evidence: true }).extend({ evidence: mutationEvidence });

const EntityPropsInput = builder.inputType('EntityPropsInput', {
  fields: (t) => ({
    foundedOn: t.string({ description: 'ISO date: YYYY, YYYY-MM or YYYY-MM-DD' }),
    registeredCapitalCny: t.float(),
    fundSizeCny: t.float(),
    investmentTotalCny: t.float(),
    outputValueCny: t.float(),
    outputValueYear: t.int(),
    projectCount: t.int(),
    projectInvestmentCny: t.float(),
    projectsSince: t.string({ description: 'ISO date: YYYY, YYYY-MM or YYYY-MM-DD' }),
    areaSqm: t.float(),
    employees: t.int(),
    regionLevel: t.field({ type: RegionLevelEnum }),
    country: t.string(),
    segment: t.field({ type: ChainSegmentEnum }),
    website: t.string(),
  }),
});

const UpsertEntityInput = builder.inputType('UpsertEntityInput', {
  fields: (t) => ({
    id: t.string({ required: true, description: 'A slug: lowercase letters, digits and single hyphens.' }),
    kind: t.field({ type: EntityKindEnum, required: true }),
    name: t.string({ required: true }),
    aliases: t.stringList(),
    description: t.string(),
    props: t.field({ type: EntityPropsInput }),
    evidence: t.field({ type: [EvidenceInput], required: true }),
  }),
});

const UpsertEntityPayload = builder.objectRef<{ entity: EntityRecord }>('UpsertEntityPayload').implement({
  fields: (t) => ({ entity: t.field({ type: EntityRef, resolve: (p) => p.entity }) }),
});

/** Drops nulls from a GraphQL input object, so that absent and null mean the same. */
export const compact = <T extends object>(value: T | null | undefined) =>
  Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== null && v !== undefined));

builder.mutationField('upsertEntity', (t) =>
  t.field({
    type: UpsertEntityPayload,
    description: 'Creates or updates an entity (merged on id; aliases and evidence are added to what is there). Needs the API key.',
    authScopes: { writer: true },
    errors: { types: [ValidationError, ForbiddenError], directResult: true },
    args: { input: t.arg({ type: UpsertEntityInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = entityMutationSchema.safeParse({ ...compact(input), props: compact(input.props), aliases: input.aliases ?? [] });
      if (!parsed.success) throw new ValidationError('invalid entity', issuesOf(parsed.error, 'input'));
      // The checks against the entity already there run in the transaction that writes it.
      const written = await upsertEntity(ctx.db, parsed.data);
      // This instance's next traversal sees the write.
      await ctx.traversals.live.refresh();
      if ('refused' in written) {
        throw new ValidationError('invalid entity', [
          written.refused === 'kind'
            ? { path: 'input.kind', message: `${parsed.data.id} is a ${written.kind}, not a ${parsed.data.kind}` }
            : {
                path: 'input.aliases',
                message: `the name and aliases exceed ${ENTITY_TEXT_LIMITS.lookupKeyBytes} bytes in all (after normalisation)`,
              },
        ]);
      }
      forgetEntities(ctx.loaders, [parsed.data.id]);
      primeEntityLoader(ctx.loaders, [written.entity]);
      return written;
    },
  }),
);
