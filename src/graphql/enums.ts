import { KINDS, type RELATION_TYPES, SEGMENTS, type Segment } from '../core/schema.js';
import { builder } from './builder.js';

export const EntityKindEnum = builder.enumType('EntityKind', { values: KINDS });

export const RelationTypeEnum = builder.enumType('RelationType', {
  values: {
    INVESTS_IN: { description: 'investor → investee; amountCny, round, date' },
    LOCATED_IN: { description: 'entity → park or region; park → region; since' },
    PARTNERS_WITH: { description: 'partnership, meaning undirected; kind (校企合作, 战略合作, 共建…)' },
    SUBSIDIARY_OF: { description: 'subsidiary → parent' },
    PART_OF: { description: 'campus/college → university, sub-park → park, region → region, industry → industry' },
    FOUNDED_BY: { description: 'organisation → founder' },
    LEADS: { description: 'person → organisation; role' },
    PRODUCES: { description: 'producer → product' },
    SUPPLIES: { description: 'supplier → customer (upstream → downstream)' },
    IN_INDUSTRY: { description: 'member → industry; segment' },
    COMPETES_WITH: { description: 'entity → competitor (e.g. import substitution)' },
    MANAGES: { description: 'manager → park, fund or project' },
  } satisfies Record<(typeof RELATION_TYPES)[number], { description: string }>,
});

export const DirectionEnum = builder.enumType('Direction', {
  description: 'Seen from the entity the field is on.',
  values: { OUT: { description: 'this entity → other' }, IN: { description: 'other → this entity' }, BOTH: {} },
});

const SEGMENT_NAMES: Record<Segment, string> = {
  材料: 'MATERIALS',
  装备与零部件: 'EQUIPMENT_AND_PARTS',
  设计: 'DESIGN',
  制造: 'MANUFACTURING',
  封测: 'PACKAGING_AND_TESTING',
  应用: 'APPLICATION',
};

export const ChainSegmentEnum = builder.enumType('ChainSegment', {
  description: 'Chain segments, upstream first: 材料 → 装备与零部件 → 设计 → 制造 → 封测 → 应用.',
  values: Object.fromEntries(
    SEGMENTS.map((segment, order) => [SEGMENT_NAMES[segment], { value: segment, description: `${segment} (${order + 1})` }]),
  ) as Record<string, { value: Segment; description: string }>,
});

export const RegionLevelEnum = builder.enumType('RegionLevel', { values: ['province', 'city', 'district', 'town'] as const });
