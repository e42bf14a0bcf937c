/** Typed views of relationships, for the fields that name them (Company.investors, Park.tenants…). */

import { z } from 'zod';
import type { RelationType } from '../../core/schema.js';
import type { EntityRecord } from '../../repositories/records.js';
import type { Direction } from '../../repositories/relations.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { ChainSegmentEnum } from '../enums.js';
import type { RelationFieldExtension } from '../lookahead.js';
import { EntityRef, type RelationView } from '../refs.js';
import { EvidenceRef } from './evidence.js';
import { loadEntity, otherEnd } from './relation.js';
import { statedFields } from './stated.js';

/** How many items a typed relationship list returns unless asked (`first`), and at most. */
export const RELATION_LIST = { first: 100, max: 1_000 } as const;

export async function viewsOf(
  ctx: Context,
  self: string,
  type: RelationType,
  direction: Direction,
  limit: number,
): Promise<RelationView[]> {
  const records = await ctx.loaders.relations.load({ id: self, types: [type], direction, limit });
  return records.map((record) => ({ record, self }));
}

export const InvestmentRef = builder.objectRef<RelationView>('Investment').implement({
  description: 'INVESTS_IN: who invested in whom, how much, in which round.',
  fields: (t) => ({
    investor: t.field({ type: EntityRef, resolve: (v, _, ctx) => loadEntity(ctx, v.record.from) }),
    investee: t.field({ type: EntityRef, resolve: (v, _, ctx) => loadEntity(ctx, v.record.to) }),
    amountCny: t.float({ nullable: true, resolve: (v) => v.record.props.amountCny ?? null }),
    round: t.string({ nullable: true, resolve: (v) => v.record.props.round ?? null }),
    date: t.string({ nullable: true, resolve: (v) => v.record.props.date ?? null }),
    note: t.string({ nullable: true, resolve: (v) => v.record.props.note ?? null }),
    ...statedFields(t),
    evidence: t.field({ type: [EvidenceRef], resolve: (v) => v.record.evidence }),
  }),
});

export const LocationRef = builder.objectRef<RelationView>('Location').implement({
  description: 'LOCATED_IN: an entity in a park or region, since when.',
  fields: (t) => ({
    entity: t.field({ type: EntityRef, resolve: (v, _, ctx) => loadEntity(ctx, v.record.from) }),
    place: t.field({ type: EntityRef, resolve: (v, _, ctx) => loadEntity(ctx, v.record.to) }),
    since: t.string({ nullable: true, resolve: (v) => v.record.props.since ?? v.record.props.date ?? null }),
    note: t.string({ nullable: true, resolve: (v) => v.record.props.note ?? null }),
    ...statedFields(t),
    evidence: t.field({ type: [EvidenceRef], resolve: (v) => v.record.evidence }),
  }),
});

export const PartnershipRef = builder.objectRef<RelationView>('Partnership').implement({
  description: 'PARTNERS_WITH, seen from one partner.',
  fields: (t) => ({
    partner: t.field({ type: EntityRef, resolve: (v, _, ctx) => loadEntity(ctx, otherEnd(v)) }),
    kind: t.string({ nullable: true, description: '校企合作, 战略合作, 共建实验室…', resolve: (v) => v.record.props.kind ?? null }),
    date: t.string({ nullable: true, resolve: (v) => v.record.props.date ?? null }),
    note: t.string({ nullable: true, resolve: (v) => v.record.props.note ?? null }),
    ...statedFields(t),
    evidence: t.field({ type: [EvidenceRef], resolve: (v) => v.record.evidence }),
  }),
});

export const LeadershipRef = builder.objectRef<RelationView>('Leadership').implement({
  description: 'LEADS: a person and their role in an organisation.',
  fields: (t) => ({
    person: t.field({ type: EntityRef, resolve: (v, _, ctx) => loadEntity(ctx, v.record.from) }),
    organization: t.field({ type: EntityRef, resolve: (v, _, ctx) => loadEntity(ctx, v.record.to) }),
    role: t.string({ nullable: true, resolve: (v) => v.record.props.role ?? null }),
    ...statedFields(t),
    evidence: t.field({ type: [EvidenceRef], resolve: (v) => v.record.evidence }),
  }),
});

export const IndustryMembershipRef = builder.objectRef<RelationView>('IndustryMembership').implement({
  description: 'IN_INDUSTRY: a member of an industry, at a chain segment where the text says.',
  fields: (t) => ({
    member: t.field({ type: EntityRef, resolve: (v, _, ctx) => loadEntity(ctx, v.record.from) }),
    industry: t.field({ type: EntityRef, resolve: (v, _, ctx) => loadEntity(ctx, v.record.to) }),
    segment: t.field({ type: ChainSegmentEnum, nullable: true, resolve: (v) => v.record.props.segment ?? null }),
    ...statedFields(t),
    evidence: t.field({ type: [EvidenceRef], resolve: (v) => v.record.evidence }),
  }),
});

/** Marks a field as reading one type and direction of relationships, for look-ahead (lookahead.ts). */
const relationExtension = (type: RelationType, direction: Direction, limit?: number) => ({
  relation: { type, direction, limit } satisfies RelationFieldExtension,
});

type EntityFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<typeof builder.$inferSchemaTypes, EntityRecord>;
type EdgeRef = typeof InvestmentRef;

/**
 * How many to list: a hub park or fund has tens of thousands of relationships, which no client wants
 * in one list (the `relations` connection pages through them all).
 */
const firstArg = (t: EntityFieldBuilder) =>
  t.arg.int({
    required: true,
    defaultValue: RELATION_LIST.first,
    description: `How many to list (at most ${RELATION_LIST.max}), in the order of their ends' ids; the \`relations\` connection pages through all.`,
    validate: z.number().int().min(1, 'first must be at least 1').max(RELATION_LIST.max, `first may be at most ${RELATION_LIST.max}`),
  });

/** A list of typed relationship views of one type and direction. */
export const edgesField = (t: EntityFieldBuilder, ref: EdgeRef, type: RelationType, direction: Direction, description: string) =>
  t.field({
    type: [ref],
    description,
    args: { first: firstArg(t) },
    extensions: relationExtension(type, direction),
    resolve: (entity, { first }, ctx) => viewsOf(ctx, entity.id, type, direction, first),
  });

/** The entities at the other end of one type and direction. */
export const entitiesField = (t: EntityFieldBuilder, type: RelationType, direction: Direction, description: string) =>
  t.field({
    type: [EntityRef],
    description,
    args: { first: firstArg(t) },
    extensions: relationExtension(type, direction),
    resolve: async (entity, { first }, ctx) =>
      Promise.all((await viewsOf(ctx, entity.id, type, direction, first)).map((v) => loadEntity(ctx, otherEnd(v)))),
  });

/** The single entity at the other end (the first, if the text states several). */
export const entityField = (t: EntityFieldBuilder, type: RelationType, direction: Direction, description: string) =>
  t.field({
    type: EntityRef,
    nullable: true,
    description,
    extensions: relationExtension(type, direction, 1),
    resolve: async (entity, _, ctx) => {
      const [first] = await viewsOf(ctx, entity.id, type, direction, 1);
      return first ? loadEntity(ctx, otherEnd(first)) : null;
    },
  });
