import { edgesField, entitiesField, LeadershipRef, PartnershipRef } from '../relations/edges.js';
import { entityNode } from './node.js';

entityNode('Person', '人物: a person with a role in the industry or government.', (t) => ({
  roles: edgesField(t, LeadershipRef, 'LEADS', 'OUT', 'Organisations the person leads, with the role.'),
  founded: entitiesField(t, 'FOUNDED_BY', 'IN', 'What the person founded.'),
  partners: edgesField(t, PartnershipRef, 'PARTNERS_WITH', 'BOTH', 'Partners.'),
}));
