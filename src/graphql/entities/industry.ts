import { edgesField, entitiesField, IndustryMembershipRef } from '../relations/edges.js';
import { entityNode, facts } from './node.js';

entityNode('Industry', '产业: an industry or industrial chain.', (t) => ({
  outputValueCny: facts.outputValueCny(t),
  outputValueYear: facts.outputValueYear(t),
  members: edgesField(
    t,
    IndustryMembershipRef,
    'IN_INDUSTRY',
    'IN',
    'Companies, products, parks and funds in this industry, with their segments.',
  ),
  parts: entitiesField(t, 'PART_OF', 'IN', 'Sub-industries.'),
  partOf: entitiesField(t, 'PART_OF', 'OUT', 'The broader industry.'),
}));
