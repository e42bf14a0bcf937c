import { RegionLevelEnum } from '../enums.js';
import { edgesField, entitiesField, InvestmentRef, LocationRef, PartnershipRef } from '../relations/edges.js';
import { entityNode, facts } from './node.js';

entityNode('Region', '地区: a province, city, district or town.', (t) => ({
  level: t.field({ type: RegionLevelEnum, nullable: true, resolve: (e) => e.props.regionLevel ?? null }),
  areaSqm: facts.areaSqm(t),
  outputValueCny: facts.outputValueCny(t),
  outputValueYear: facts.outputValueYear(t),
  country: facts.country(t),
  located: edgesField(t, LocationRef, 'LOCATED_IN', 'IN', 'What the text places in this region.'),
  parts: entitiesField(t, 'PART_OF', 'IN', 'Smaller regions and zones in it.'),
  partOf: entitiesField(t, 'PART_OF', 'OUT', 'The larger region.'),
  partners: edgesField(t, PartnershipRef, 'PARTNERS_WITH', 'BOTH', 'Partners (e.g. 校地合作).'),
  founded: entitiesField(t, 'FOUNDED_BY', 'IN', 'What it set up.'),
  investments: edgesField(t, InvestmentRef, 'INVESTS_IN', 'OUT', 'What it invested in.'),
}));
