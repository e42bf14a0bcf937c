import { ChainSegmentEnum } from '../enums.js';
import { edgesField, entitiesField, IndustryMembershipRef } from '../relations/edges.js';
import { entityNode } from './node.js';

entityNode('Product', '产品: a product or technology.', (t) => ({
  segment: t.field({ type: ChainSegmentEnum, nullable: true, resolve: (e) => e.props.segment ?? null }),
  producers: entitiesField(t, 'PRODUCES', 'IN', 'Who produces it.'),
  industries: edgesField(t, IndustryMembershipRef, 'IN_INDUSTRY', 'OUT', 'Industries it belongs to.'),
  competitors: entitiesField(t, 'COMPETES_WITH', 'BOTH', 'Competing products or incumbents.'),
  suppliers: entitiesField(t, 'SUPPLIES', 'IN', 'Who supplies it (upstream).'),
  customers: entitiesField(t, 'SUPPLIES', 'OUT', 'Where it goes (downstream).'),
}));
