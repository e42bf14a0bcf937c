import { edgesField, entitiesField, LeadershipRef, LocationRef, PartnershipRef } from '../relations/edges.js';
import { entityNode, facts } from './node.js';

entityNode('University', '高校: a university, or one of its campuses or colleges.', (t) => ({
  foundedOn: facts.foundedOn(t),
  areaSqm: facts.areaSqm(t),
  investmentTotalCny: facts.investmentTotalCny(t),
  partners: edgesField(t, PartnershipRef, 'PARTNERS_WITH', 'BOTH', 'Companies, governments and institutes it partners with.'),
  campuses: entitiesField(t, 'PART_OF', 'IN', 'Its campuses, colleges and institutes.'),
  partOf: entitiesField(t, 'PART_OF', 'OUT', 'The university this campus or college belongs to.'),
  parks: edgesField(t, LocationRef, 'LOCATED_IN', 'OUT', 'Where it is located.'),
  leaders: edgesField(t, LeadershipRef, 'LEADS', 'IN', 'People who lead it.'),
}));
