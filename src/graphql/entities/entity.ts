import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { LIMITS } from '../../core/limits.js';
import { type Resolution, resolveName } from '../../core/resolve.js';
import { RELATION_TYPES } from '../../core/schema.js';
import { ENTITY_SORT_KEYS, type EntitySortKey, listEntities, searchEntities } from '../../repositories/entities.js';
import { neo4jNameIndex } from '../../repositories/names.js';
import type { EntityRecord } from '../../repositories/records.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { DirectionEnum, EntityKindEnum, RelationTypeEnum } from '../enums.js';
import { NotFoundError } from '../errors.js';
import { primeEntityLoader, primeRelationLoader } from '../loaders.js';
import { readsEntityProps, relationKeysAt, selects } from '../lookahead.js';
import { connectionArgs, pageComplexity, pageOf } from '../pagination.js';
import { EntityRef, RelationRef } from '../refs.js';
import { EvidenceRef } from '../relations/evidence.js';
import { FactRef, factsOf } from './fact.js';

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

/** The request's name index: ids through its entity loader, names through Neo4j's indexes. */
const namesOf = (ctx: Context) => neo4jNameIndex(ctx.db, (id) => ctx.loaders.entity.load(id));

/** A read argument that takes an id, slug or global id, or a name or alias as people type it. */
export async function resolveRef(ctx: Context, ref: string): Promise<Resolution<EntityRecord>> {
  const resolution = await resolveName(ref, namesOf(ctx), [slugOf(ref)]);
  if (resolution.status === 'found') primeEntityLoader(ctx.loaders, [resolution.entity]);
  return resolution;
}

/** The one entity `ref` names, or a NotFoundError with the candidates (`argument` names the argument in its message). */
export async function resolveEntity(ctx: Context, ref: string, argument?: string): Promise<EntityRecord> {
  const resolution = await resolveRef(ctx, ref);
  if (resolution.status === 'found') return resolution.entity;
  const what = `${argument ? `${argument}: ` : ''}`;
  if (resolution.status === 'none') throw new NotFoundError(`${what}no entity with id or name "${ref}"`);
  const names = resolution.candidates.map((c) => c.name).join(', ');
  throw new NotFoundError(
    resolution.status === 'broad'
      ? `${what}"${ref}" is too broad to name one entity${names ? `: did you mean ${names}?` : ''}`
      : `${what}"${ref}" could be several entities: did you mean ${names}?`,
    resolution.candidates,
  );
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
    facts: t.field({
      type: [FactRef],
      description: 'Its typed facts, each stated or inferred (with the reason).',
      resolve: factsOf,
    }),
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
    description:
      'One entity by id (slug or global id) or by name as people type it (see the README: exact names and aliases first, then folded and core forms, then a confident full-text match); null when the name fits several entities or none, or is too broad.',
    args: {
      id: t.arg.string({ required: false }),
      name: t.arg.string({ required: false, validate: z.string().max(200, 'name may be at most 200 characters') }),
    },
    validate: z
      .object({ id: z.string().nullish(), name: z.string().nullish() })
      .refine((args) => Boolean(args.id) !== Boolean(args.name), 'give exactly one of id or name'),
    resolve: async (_root, args, ctx) => {
      if (args.id) return ctx.loaders.entity.load(slugOf(args.id));
      const resolution = await resolveName(args.name ?? '', namesOf(ctx));
      return resolution.status === 'found' ? resolution.entity : null;
    },
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
            { count: selects(info, 'totalCount'), relations: keys, allTypes: RELATION_TYPES, entityProps: readsEntityProps(info) },
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
