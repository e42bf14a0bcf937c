import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { LIMITS } from '../../core/limits.js';
import { RELATION_TYPES } from '../../core/schema.js';
import { ENTITY_SORT_KEYS, type EntitySortKey, entityByName, listEntities, searchEntities } from '../../repositories/entities.js';
import type { EntityRecord } from '../../repositories/records.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { DirectionEnum, EntityKindEnum, RelationTypeEnum } from '../enums.js';
import { primeEntityLoader, primeRelationLoader } from '../loaders.js';
import { relationKeysAt, selects } from '../lookahead.js';
import { connectionArgs, pageComplexity, pageOf } from '../pagination.js';
import { EntityRef, RelationRef } from '../refs.js';
import { EvidenceRef } from '../relations/evidence.js';

/** Accepts a slug (`san-wu-wei`) or a Relay global id. */
export function slugOf(id: string): string {
  if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) return id;
  try {
    const decoded = decodeGlobalID(id);
    return decoded.id;
  } catch {
    return id;
  }
}

/** An id, slug or global id, or else a name or alias. */
export async function resolveEntity(ctx: Context, ref: string): Promise<EntityRecord | null> {
  return (await ctx.loaders.entity.load(slugOf(ref))) ?? (await entityByName(ctx.db, ref));
}

const EntitySortFieldEnum = builder.enumType('EntitySortField', { values: Object.keys(ENTITY_SORT_KEYS) as EntitySortKey[] });
const SortDirectionEnum = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });

const EntityFilterInput = builder.inputType('EntityFilter', {
  fields: (t) => ({
    nameContains: t.string({
      required: false,
      description: 'A substring of the name or an alias.',
      validate: z.string().max(200, 'nameContains may be at most 200 characters'),
    }),
    ids: t.stringList({ required: false, validate: z.array(z.string()).max(LIMITS.pageSize, `ids may list at most ${LIMITS.pageSize}`) }),
  }),
});

const EntityOrderInput = builder.inputType('EntityOrder', {
  fields: (t) => ({
    field: t.field({ type: EntitySortFieldEnum, required: true }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'ASC' }),
  }),
});

EntityRef.implement({
  description: 'Anything in the graph: company, fund, park, university, institute, agency, region, person, product or industry.',
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (entity) => entity.kind,
  fields: (t) => ({
    slug: t.exposeString('id', { description: 'The stable id used in seeds and URLs, e.g. san-wu-wei.' }),
    kind: t.field({ type: EntityKindEnum, resolve: (e) => e.kind }),
    name: t.exposeString('name', { description: 'The canonical full name.' }),
    aliases: t.exposeStringList('aliases', { description: 'Short names and variants.' }),
    description: t.string({ nullable: true, resolve: (e) => e.description }),
    evidence: t.field({ type: [EvidenceRef], resolve: (e) => e.evidence }),
    relations: t.connection(
      {
        type: RelationRef,
        description: 'Every relationship of this entity, filtered by type and direction.',
        args: {
          types: t.arg({ type: [RelationTypeEnum], required: false }),
          direction: t.arg({ type: DirectionEnum, defaultValue: 'BOTH' }),
        },
        validate: connectionArgs,
        complexity: pageComplexity,
        resolve: (entity, args, { loaders }) =>
          pageOf(args, async (offset, limit) => {
            const key = { id: entity.id, types: args.types ?? null, direction: args.direction ?? 'BOTH', offset, limit } as const;
            const page = await loaders.relationPage.load(key);
            return { total: page.total, rows: page.rows.map((record) => ({ record, self: entity.id })) };
          }),
      },
      { name: 'RelationConnection' },
    ),
  }),
});

builder.queryFields((t) => ({
  entity: t.field({
    type: EntityRef,
    nullable: true,
    description: 'One entity by id (slug or global id) or by name: the canonical name or any alias, brackets of either width alike.',
    args: {
      id: t.arg.string({ required: false }),
      name: t.arg.string({ required: false, validate: z.string().max(200, 'name may be at most 200 characters') }),
    },
    validate: z
      .object({ id: z.string().nullish(), name: z.string().nullish() })
      .refine((args) => Boolean(args.id) !== Boolean(args.name), 'give exactly one of id or name'),
    resolve: (_root, args, ctx) => (args.id ? ctx.loaders.entity.load(slugOf(args.id)) : entityByName(ctx.db, args.name ?? '')),
  }),

  search: t.connection(
    {
      type: EntityRef,
      description:
        'Ranked full-text search over names, aliases and descriptions (Chinese-aware). The text is taken literally: Lucene syntax is escaped.',
      args: {
        text: t.arg.string({ required: true, validate: z.string().max(200, 'text may be at most 200 characters') }),
        kinds: t.arg({ type: [EntityKindEnum], required: false }),
      },
      validate: connectionArgs,
      complexity: pageComplexity,
      resolve: (_root, args, { db }, info) =>
        pageOf(args, async (offset, limit) => {
          const { hits, total } = await searchEntities(db, args.text, args.kinds ?? null, offset, limit, selects(info, 'totalCount'));
          return { total, rows: hits.map((hit) => Object.assign({ ...hit.entity }, { score: hit.score })) };
        }),
    },
    { name: 'SearchConnection' },
    {
      name: 'SearchEdge',
      fields: (e) => ({
        score: e.float({
          description: 'Relevance; exact name or alias matches rank first.',
          resolve: (edge) => (edge.node as EntityRecord & { score: number }).score,
        }),
      }),
    },
  ),

  entities: t.connection(
    {
      type: EntityRef,
      description: 'A filtered, sorted page of entities.',
      args: {
        kind: t.arg({ type: EntityKindEnum, required: false }),
        filter: t.arg({ type: EntityFilterInput, required: false }),
        orderBy: t.arg({ type: EntityOrderInput, required: false }),
      },
      validate: connectionArgs,
      complexity: pageComplexity,
      resolve: (_root, args, { db, loaders }, info) => {
        // One round trip for the page, the total if it is read, and the relationships read under it.
        const keys = relationKeysAt(info, ['edges', 'node'], 'Entity');
        return pageOf(args, async (offset, limit) => {
          const page = await listEntities(
            db,
            { kind: args.kind, nameContains: args.filter?.nameContains, ids: args.filter?.ids },
            { key: args.orderBy?.field ?? 'NAME', descending: args.orderBy?.direction === 'DESC' },
            offset,
            limit,
            { count: selects(info, 'totalCount'), relations: keys, allTypes: RELATION_TYPES },
          );
          primeEntityLoader(loaders, page.rows);
          primeRelationLoader(
            loaders,
            page.rows.map((e) => e.id),
            keys,
            page.relations,
            page.ends.values(),
          );
          return page;
        });
      },
    },
    { name: 'EntityConnection' },
  ),
}));
