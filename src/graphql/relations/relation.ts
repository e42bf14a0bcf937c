import type { EntityRecord } from '../../repositories/records.js';
import type { Context } from '../context.js';
import { ChainSegmentEnum, DirectionEnum, RelationTypeEnum } from '../enums.js';
import { EntityRef, RelationRef, type RelationView } from '../refs.js';
import { EvidenceRef } from './evidence.js';
import { statedFields } from './stated.js';

/**
 * An entity by id: the record a query of this request already read, without a promise (a traversal's
 * hundred nodes and their edges' ends complete synchronously), or through the loader.
 */
export const loadEntity = (ctx: Context, id: string): EntityRecord | Promise<EntityRecord> =>
  ctx.loaders.known.get(id) ??
  ctx.loaders.entity.load(id).then((entity) => {
    if (!entity) throw new Error(`relationship end ${id} is missing`);
    return entity;
  });

export const otherEnd = ({ record, self }: RelationView) => (record.from === self ? record.to : record.from);

RelationRef.implement({
  description: 'A typed relationship with its properties and evidence.',
  fields: (t) => ({
    type: t.field({ type: RelationTypeEnum, resolve: (v) => v.record.type }),
    source: t.field({ type: EntityRef, resolve: (v, _, ctx) => loadEntity(ctx, v.record.from) }),
    target: t.field({ type: EntityRef, resolve: (v, _, ctx) => loadEntity(ctx, v.record.to) }),
    direction: t.field({
      type: DirectionEnum,
      nullable: true,
      description: 'OUT when the entity this was read from is the source, IN when it is the target.',
      resolve: (v) => (v.self === null ? null : v.record.from === v.self ? 'OUT' : 'IN'),
    }),
    other: t.field({
      type: EntityRef,
      nullable: true,
      description: 'The end that is not the entity this was read from.',
      resolve: (v, _, ctx) => (v.self === null ? null : loadEntity(ctx, otherEnd(v))),
    }),
    amountCny: t.float({ nullable: true, resolve: (v) => v.record.props.amountCny ?? null }),
    round: t.string({ nullable: true, resolve: (v) => v.record.props.round ?? null }),
    date: t.string({ nullable: true, resolve: (v) => v.record.props.date ?? null }),
    since: t.string({ nullable: true, resolve: (v) => v.record.props.since ?? null }),
    kind: t.string({ nullable: true, resolve: (v) => v.record.props.kind ?? null }),
    role: t.string({ nullable: true, resolve: (v) => v.record.props.role ?? null }),
    product: t.string({ nullable: true, resolve: (v) => v.record.props.product ?? null }),
    segment: t.field({ type: ChainSegmentEnum, nullable: true, resolve: (v) => v.record.props.segment ?? null }),
    note: t.string({
      nullable: true,
      description: 'A short description in the document’s own words.',
      resolve: (v) => v.record.props.note ?? null,
    }),
    ...statedFields(t),
    evidence: t.field({ type: [EvidenceRef], resolve: (v) => v.record.evidence }),
  }),
});
