import { edgesField, entitiesField, IndustryMembershipRef, LocationRef, PartnershipRef } from '../relations/edges.js';
import { entityNode, facts } from './node.js';

entityNode('Park', '园区: an industrial park, zone, hub or fund town.', (t) => ({
  foundedOn: facts.foundedOn(t),
  areaSqm: facts.areaSqm(t),
  investmentTotalCny: facts.investmentTotalCny(t),
  outputValueCny: facts.outputValueCny(t),
  outputValueYear: facts.outputValueYear(t),
  projectCount: facts.projectCount(t),
  projectInvestmentCny: facts.projectInvestmentCny(t),
  projectsSince: facts.projectsSince(t),
  tenants: edgesField(t, LocationRef, 'LOCATED_IN', 'IN', 'Companies, funds and institutes located in the park.'),
  locatedIn: edgesField(t, LocationRef, 'LOCATED_IN', 'OUT', 'The park or region it lies in.'),
  parts: entitiesField(t, 'PART_OF', 'IN', 'Sub-parks and areas.'),
  partOf: entitiesField(t, 'PART_OF', 'OUT', 'The larger zone it is part of.'),
  managers: entitiesField(t, 'MANAGES', 'IN', 'Agencies or operators that manage it.'),
  industries: edgesField(t, IndustryMembershipRef, 'IN_INDUSTRY', 'OUT', 'Industries it hosts.'),
  partners: edgesField(t, PartnershipRef, 'PARTNERS_WITH', 'BOTH', 'Partners.'),
}));
