import { edgesField, entitiesField, InvestmentRef, LeadershipRef, PartnershipRef } from '../relations/edges.js';
import { entityNode } from './node.js';

entityNode('GovernmentAgency', '政府机构: a government body, committee or office.', (t) => ({
  manages: entitiesField(t, 'MANAGES', 'OUT', 'Parks, funds and projects it manages.'),
  leaders: edgesField(t, LeadershipRef, 'LEADS', 'IN', 'People who lead it, with their roles.'),
  partners: edgesField(t, PartnershipRef, 'PARTNERS_WITH', 'BOTH', 'Partners.'),
  partOf: entitiesField(t, 'PART_OF', 'OUT', 'The body it belongs to.'),
  parts: entitiesField(t, 'PART_OF', 'IN', 'Its offices.'),
  investments: edgesField(t, InvestmentRef, 'INVESTS_IN', 'OUT', 'What it invested in.'),
  founded: entitiesField(t, 'FOUNDED_BY', 'IN', 'What it set up.'),
}));
