/** The ontology's names, free of dependencies so that the explorer's bundle can share them. */

/** Labels of the ontology; every entity also carries `:Entity`. */
export const KINDS = [
  'Company',
  'Fund',
  'Park',
  'University',
  'ResearchInstitute',
  'GovernmentAgency',
  'Region',
  'Person',
  'Product',
  'Industry',
] as const;
export type Kind = (typeof KINDS)[number];

export const RELATION_TYPES = [
  'INVESTS_IN',
  'LOCATED_IN',
  'PARTNERS_WITH',
  'SUBSIDIARY_OF',
  'PART_OF',
  'FOUNDED_BY',
  'LEADS',
  'PRODUCES',
  'SUPPLIES',
  'IN_INDUSTRY',
  'COMPETES_WITH',
  'MANAGES',
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

/** Chain segments, upstream first: the index is the order supply-chain queries use. */
export const SEGMENTS = ['材料', '装备与零部件', '设计', '制造', '封测', '应用'] as const;
export type Segment = (typeof SEGMENTS)[number];

/** Hubs that put almost every pair two hops apart: paths avoid them unless asked. */
export const DEFAULT_PATH_KINDS: Kind[] = KINDS.filter((k) => k !== 'Region' && k !== 'Industry');
