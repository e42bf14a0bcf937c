import {
  edgesField,
  entitiesField,
  entityField,
  IndustryMembershipRef,
  InvestmentRef,
  LocationRef,
  PartnershipRef,
} from '../relations/edges.js';
import { entityNode, facts } from './node.js';

entityNode('Fund', '基金: an investment fund.', (t) => ({
  fundSizeCny: facts.fundSizeCny(t),
  foundedOn: facts.foundedOn(t),
  investments: edgesField(t, InvestmentRef, 'INVESTS_IN', 'OUT', 'What the fund invested in.'),
  investors: edgesField(t, InvestmentRef, 'INVESTS_IN', 'IN', 'Who put money into the fund.'),
  managers: entitiesField(t, 'MANAGES', 'IN', 'Who manages the fund.'),
  parks: edgesField(t, LocationRef, 'LOCATED_IN', 'OUT', 'Where the fund sits (e.g. a fund town).'),
  parent: entityField(t, 'SUBSIDIARY_OF', 'OUT', 'The group the fund belongs to.'),
  founders: entitiesField(t, 'FOUNDED_BY', 'OUT', 'Who set the fund up.'),
  partners: edgesField(t, PartnershipRef, 'PARTNERS_WITH', 'BOTH', 'Partners.'),
  industries: edgesField(t, IndustryMembershipRef, 'IN_INDUSTRY', 'OUT', 'Industries it focuses on.'),
}));
