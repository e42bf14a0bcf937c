import type { Kind } from '../../core/schema.js';
import type { EntityRecord } from '../../repositories/records.js';
import { builder } from '../builder.js';
import { EntityRef } from '../refs.js';

type EntityFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<typeof builder.$inferSchemaTypes, EntityRecord>;

/** One Relay node type per label, loaded through the request's entity loader; a wrong kind reads as absent. */
export function entityNode(kind: Kind, description: string, fields: (t: EntityFieldBuilder) => Record<string, unknown>) {
  return builder.node(builder.objectRef<EntityRecord>(kind), {
    description,
    interfaces: [EntityRef],
    id: { resolve: (entity) => entity.id },
    isTypeOf: (value) => (value as EntityRecord).kind === kind,
    loadMany: async (ids, ctx) =>
      (await ctx.loaders.entity.loadMany(ids)).map((e) => (e && !(e instanceof Error) && e.kind === kind ? e : null)),
    fields: fields as never,
  });
}

/** Typed facts of an entity, null when the text does not state them. */
export const facts = {
  foundedOn: (t: EntityFieldBuilder) =>
    t.string({ nullable: true, description: 'ISO date (YYYY, YYYY-MM or YYYY-MM-DD)', resolve: (e) => e.props.foundedOn ?? null }),
  registeredCapitalCny: (t: EntityFieldBuilder) => t.float({ nullable: true, resolve: (e) => e.props.registeredCapitalCny ?? null }),
  fundSizeCny: (t: EntityFieldBuilder) => t.float({ nullable: true, resolve: (e) => e.props.fundSizeCny ?? null }),
  investmentTotalCny: (t: EntityFieldBuilder) => t.float({ nullable: true, resolve: (e) => e.props.investmentTotalCny ?? null }),
  outputValueCny: (t: EntityFieldBuilder) => t.float({ nullable: true, resolve: (e) => e.props.outputValueCny ?? null }),
  outputValueYear: (t: EntityFieldBuilder) => t.int({ nullable: true, resolve: (e) => e.props.outputValueYear ?? null }),
  projectCount: (t: EntityFieldBuilder) =>
    t.int({
      nullable: true,
      description:
        'How many projects a zone or cluster has signed or brought in (its evidence says which), since `projectsSince` if given.',
      resolve: (e) => e.props.projectCount ?? null,
    }),
  projectInvestmentCny: (t: EntityFieldBuilder) =>
    t.float({
      nullable: true,
      description: 'The total investment of those projects.',
      resolve: (e) => e.props.projectInvestmentCny ?? null,
    }),
  projectsSince: (t: EntityFieldBuilder) =>
    t.string({ nullable: true, description: 'ISO date the project count starts from.', resolve: (e) => e.props.projectsSince ?? null }),
  areaSqm: (t: EntityFieldBuilder) => t.float({ nullable: true, description: 'square metres', resolve: (e) => e.props.areaSqm ?? null }),
  employees: (t: EntityFieldBuilder) => t.int({ nullable: true, resolve: (e) => e.props.employees ?? null }),
  country: (t: EntityFieldBuilder) => t.string({ nullable: true, resolve: (e) => e.props.country ?? null }),
  website: (t: EntityFieldBuilder) => t.string({ nullable: true, resolve: (e) => e.props.website ?? null }),
};
