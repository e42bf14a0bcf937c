import { edgesField, entitiesField, IndustryMembershipRef, LeadershipRef, LocationRef, PartnershipRef } from '../relations/edges.js';
import { entityNode, facts } from './node.js';

entityNode('ResearchInstitute', '研究机构: an institute, laboratory, innovation centre or platform.', (t) => ({
  foundedOn: facts.foundedOn(t),
  partners: edgesField(t, PartnershipRef, 'PARTNERS_WITH', 'BOTH', 'Partners.'),
  partOf: entitiesField(t, 'PART_OF', 'OUT', 'The university or body it belongs to.'),
  parts: entitiesField(t, 'PART_OF', 'IN', 'Its units.'),
  parks: edgesField(t, LocationRef, 'LOCATED_IN', 'OUT', 'Where it is located.'),
  founders: entitiesField(t, 'FOUNDED_BY', 'OUT', 'Who set it up.'),
  leaders: edgesField(t, LeadershipRef, 'LEADS', 'IN', 'People who lead it.'),
  products: entitiesField(t, 'PRODUCES', 'OUT', 'What it produces.'),
  industries: edgesField(t, IndustryMembershipRef, 'IN_INDUSTRY', 'OUT', 'Industries it serves.'),
}));
