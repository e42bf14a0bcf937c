/**
 * The properties a new node or relationship gets, as plain rows: computed once for both writers,
 * importGraph (over Bolt) and the bulk import (CSV for neo4j-admin), so that they store the same thing.
 */
import { encodeEvidence } from './evidence.js';
import type { CompiledEntity, CompiledGraph, CompiledRelation } from './graph.js';
import { encodeInferences } from './inference.js';
import { matchKeys } from './name-forms.js';
import { lookupKeys } from './names.js';
import type { RelationType } from './ontology.js';

export const documentRow = (d: CompiledGraph['documents'][number]) => ({ title: null, publication: null, date: null, ...d });

/** The list without repeats, first occurrences kept: what importGraph's list union makes of it on a new node. */
const distinct = (list: string[]) => (new Set(list).size === list.length ? list : [...new Set(list)]);

/** The properties importGraph's MERGE gives a node it creates. */
export const newEntityRow = (e: CompiledEntity) => {
  const aliases = distinct(e.aliases);
  const props: Record<string, unknown> = {
    ...e.props,
    id: e.id,
    kind: e.kind,
    name: e.name,
    aliases,
    aliasText: aliases.map((a) => `${a} `).join(''),
    lookupKeys: lookupKeys(e.name, aliases),
    matchKeys: matchKeys(e.name, aliases),
    evidence: distinct(e.evidence.map(encodeEvidence)),
  };
  if (e.description !== undefined) props.description = e.description;
  const inferences = encodeInferences(e.inferred);
  if (inferences.length > 0) props.inferences = inferences;
  return { kind: e.kind, props };
};

/** A relation's stored properties: its props, and `inference` (the reason) when it is inferred. */
export const relationRow = (r: CompiledRelation) => ({
  from: r.from,
  to: r.to,
  props: r.inferred === undefined ? r.props : { ...r.props, inference: r.inferred },
  evidence: distinct(r.evidence.map(encodeEvidence)),
});

/**
 * List properties set by id once the nodes and relationships exist: neo4j-admin reads an empty array
 * cell as no property, so the bulk import leaves `[]` (and `['']`) to be set over Bolt.
 */
export interface PendingProps {
  nodes: { idSpace: 'Entity' | 'Document'; id: string; props: Record<string, string[]> }[];
  relations: { type: RelationType; from: string; to: string; props: Record<string, string[]> }[];
}
