import type { Evidence } from '../core/evidence.js';
import { decodeEvidence } from '../core/evidence.js';
import { decodeInferences } from '../core/inference.js';
import {
  ENTITY_PROP_KEYS,
  type EntityInferred,
  type EntityProps,
  type Kind,
  RELATION_PROP_KEYS,
  type RelationProps,
  type RelationType,
} from '../core/schema.js';

/** An entity as the API sees it: plain values, no driver types. */
export interface EntityRecord {
  id: string;
  kind: Kind;
  name: string;
  aliases: string[];
  description: string | null;
  props: EntityProps;
  /** The facts among `props` that are inferred, with the reason; the others are stated. */
  inferred: EntityInferred;
  evidence: Evidence[];
}

export interface RelationRecord {
  type: RelationType;
  from: string;
  to: string;
  props: RelationProps;
  /** Why the relation is inferred; null: stated. */
  inference: string | null;
  evidence: Evidence[];
}

/** Node properties → EntityRecord; the only place node shapes are read. */
export function toEntity(properties: Record<string, unknown>): EntityRecord {
  const props: Record<string, unknown> = {};
  for (const key of ENTITY_PROP_KEYS) if (properties[key] !== null && properties[key] !== undefined) props[key] = properties[key];
  return {
    id: properties.id as string,
    kind: properties.kind as Kind,
    name: properties.name as string,
    aliases: (properties.aliases as string[] | null) ?? [],
    description: (properties.description as string | null) ?? null,
    props: props as EntityProps,
    inferred: decodeInferences(properties.inferences as string[] | null),
    evidence: ((properties.evidence as string[] | null) ?? []).map(decodeEvidence),
  };
}

/** A relationship as a statement returns it (RELATION_PROJECTION, or without `props`). */
export type RelationRow = { type: string; from: string; to: string; props?: Record<string, unknown> };

/** `props` absent: read without its properties (a traversal whose client does not read them). */
export function toRelation(row: RelationRow): RelationRecord {
  const source = row.props ?? {};
  const props: Record<string, unknown> = {};
  for (const key of RELATION_PROP_KEYS) if (source[key] !== null && source[key] !== undefined) props[key] = source[key];
  return {
    type: row.type as RelationType,
    from: row.from,
    to: row.to,
    props: props as RelationProps,
    inference: (source.inference as string | null | undefined) ?? null,
    evidence: ((source.evidence as string[] | null) ?? []).map(decodeEvidence),
  };
}

/**
 * The entity bound to `v`: its whole property map, or, with the parameter `$entityProps` false, only
 * what names it (id, kind, name, aliases), for an operation that reads nothing more of any entity.
 */
export const projectEntity = (v: string) =>
  `CASE WHEN ${v} IS NULL THEN null WHEN $entityProps THEN properties(${v})
   ELSE {id: ${v}.id, kind: ${v}.kind, name: ${v}.name, aliases: ${v}.aliases} END`;

/** Cypher map projection of a relationship `r` between `a` and `b`, read back by toRelation. */
export const projectRelation = (r: string) => `{type: type(${r}), from: startNode(${r}).id, to: endNode(${r}).id, props: properties(${r})}`;
export const RELATION_PROJECTION = projectRelation('r');
