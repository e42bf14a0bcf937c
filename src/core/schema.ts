import { z } from 'zod';

import { KINDS, RELATION_TYPES, SEGMENTS } from './ontology.js';

export type { Kind, RelationType, Segment } from './ontology.js';
export { KINDS, RELATION_TYPES, SEGMENTS };

export const MAX_QUOTE_LENGTH = 80;

/**
 * Neo4j's range index on `name` refuses a value above about 8 KB ("Property value is too large to
 * index"), and each of `lookupKeys` is a term of a full-text index: names and aliases are bounded,
 * for seed files and the API alike.
 */
export const ENTITY_TEXT_LIMITS = { name: 200, alias: 200, aliases: 30, description: 2_000, lookupKeyBytes: 4_000 } as const;

const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected an ISO date: YYYY, YYYY-MM or YYYY-MM-DD');
const nonNegative = z.number().finite().nonnegative();
const text = z.string().trim().min(1);

export const slugSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a slug of lowercase letters, digits and single hyphens');

export const evidenceInputSchema = z.strictObject({
  quote: text.max(MAX_QUOTE_LENGTH, `a quote is at most ${MAX_QUOTE_LENGTH} characters`),
});

export const documentSchema = z.strictObject({
  // Evidence is stored as `document<TAB>quote`: a tab (or any control character) in the name would
  // read back as another document and quote.
  file: text.regex(/^\P{Cc}*$/u, 'a document name must not contain tabs, line breaks or other control characters'),
  title: text.optional(),
  publication: text.optional(),
  date: isoDate.optional(),
  /**
   * The document is not in the corpus (evidence written through the API names any source): its
   * quotes cannot be checked and are taken as they are. `kg export --format json` sets it; never stored.
   */
  unverified: z.literal(true).optional(),
  /** A draft (`kg extract`): its records may carry DRAFT_MARKS. Never stored. */
  draft: z.literal(true).optional(),
});

export const entityPropsSchema = z.strictObject({
  foundedOn: isoDate.optional(),
  registeredCapitalCny: nonNegative.optional(),
  fundSizeCny: nonNegative.optional(),
  investmentTotalCny: nonNegative.optional(),
  outputValueCny: nonNegative.optional(),
  outputValueYear: z.number().int().min(1900).max(2100).optional(),
  projectCount: z.number().int().nonnegative().optional(),
  projectInvestmentCny: nonNegative.optional(),
  projectsSince: isoDate.optional(),
  areaSqm: nonNegative.optional(),
  employees: z.number().int().nonnegative().optional(),
  regionLevel: z.enum(['province', 'city', 'district', 'town']).optional(),
  country: text.optional(),
  segment: z.enum(SEGMENTS).optional(),
  website: text.optional(),
});
export type EntityProps = z.infer<typeof entityPropsSchema>;
export const ENTITY_PROP_KEYS = Object.keys(entityPropsSchema.shape) as (keyof EntityProps)[];

/**
 * Why a fact rests on a reading rather than a plain statement (a date narrowed from 年底, a place
 * implied by a name): given, the fact is inferred; absent, the text states it.
 */
export const MAX_INFERENCE_LENGTH = 300;
const inferenceReason = text.max(MAX_INFERENCE_LENGTH, `a reason is at most ${MAX_INFERENCE_LENGTH} characters`);
/** An entity's inferred facts: the reason, by the key of a fact the same record gives in `props`. */
export const entityInferredSchema = z.partialRecord(z.enum(ENTITY_PROP_KEYS as [keyof EntityProps]), inferenceReason);
export type EntityInferred = z.infer<typeof entityInferredSchema>;

export const relationPropsSchema = z.strictObject({
  amountCny: nonNegative.optional(),
  round: text.optional(),
  date: isoDate.optional(),
  since: isoDate.optional(),
  kind: text.optional(),
  role: text.optional(),
  product: text.optional(),
  segment: z.enum(SEGMENTS).optional(),
  note: text.optional(),
});
export type RelationProps = z.infer<typeof relationPropsSchema>;
export const RELATION_PROP_KEYS = Object.keys(relationPropsSchema.shape) as (keyof RelationProps)[];

export const entityInputSchema = z.strictObject({
  id: slugSchema,
  kind: z.enum(KINDS),
  name: text.max(ENTITY_TEXT_LIMITS.name, `a name is at most ${ENTITY_TEXT_LIMITS.name} characters`),
  aliases: z
    .array(text.max(ENTITY_TEXT_LIMITS.alias, `an alias is at most ${ENTITY_TEXT_LIMITS.alias} characters`))
    .max(ENTITY_TEXT_LIMITS.aliases, `at most ${ENTITY_TEXT_LIMITS.aliases} aliases`)
    .default([]),
  description: text.max(ENTITY_TEXT_LIMITS.description, `a description is at most ${ENTITY_TEXT_LIMITS.description} characters`).optional(),
  props: entityPropsSchema.default({}),
  inferred: entityInferredSchema.optional(),
  evidence: z.array(evidenceInputSchema).min(1, 'every entity needs at least one evidence quote'),
});
export type EntityInput = z.infer<typeof entityInputSchema>;

export const relationInputSchema = z.strictObject({
  type: z.enum(RELATION_TYPES),
  from: slugSchema,
  to: slugSchema,
  props: relationPropsSchema.default({}),
  /** The relation (or one of its props) rests on a reading: why. */
  inferred: inferenceReason.optional(),
  evidence: z.array(evidenceInputSchema).min(1, 'every relation needs at least one evidence quote'),
});
export type RelationInput = z.infer<typeof relationInputSchema>;

/**
 * What an extractor adds to a record of a draft: that it is a proposal, and how sure the extractor
 * is. Allowed only in a file whose document says `draft: true`; never stored.
 */
export const DRAFT_MARKS = {
  proposal: z.literal(true).optional(),
  confidence: z.number().min(0).max(1).optional(),
};

/** One seed file: the facts one source document states (a reviewed file, or a draft to review). */
export const seedFileSchema = z
  .strictObject({
    document: documentSchema,
    entities: z.array(entityInputSchema.extend(DRAFT_MARKS)).default([]),
    relations: z.array(relationInputSchema.extend(DRAFT_MARKS)).default([]),
  })
  .superRefine((seed, ctx) => {
    if (seed.document.draft) return;
    for (const section of ['entities', 'relations'] as const)
      seed[section].forEach((record, index) => {
        for (const key of Object.keys(DRAFT_MARKS) as (keyof typeof DRAFT_MARKS)[])
          if (record[key] !== undefined)
            ctx.addIssue({ code: 'custom', path: [section, index, key], message: 'only a draft may carry it (document.draft: true)' });
      });
  });
export type SeedFile = z.infer<typeof seedFileSchema>;
export type DocumentInfo = z.infer<typeof documentSchema>;
