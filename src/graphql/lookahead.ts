/**
 * Look-ahead into a resolver's selection set, so that one Cypher round trip can answer what nested
 * resolvers will ask for: the relationships under a page of entities, and whether `totalCount` is read.
 */
import {
  type FieldNode,
  type GraphQLField,
  type GraphQLResolveInfo,
  getArgumentValues,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { RelationType } from '../core/schema.js';
import type { Direction, RelationKey } from '../repositories/relations.js';

/** A field that lists one type and direction of relationships (Company.investors…): set by edges.ts. */
export interface RelationFieldExtension {
  type: RelationType;
  direction: Direction;
  /** How many the field reads when it takes no `first` argument (a single entity: 1). */
  limit?: number;
}

interface Selected {
  node: FieldNode;
  /** The type the field is read on: a fragment's type condition, or the parent's type. */
  typename: string;
}

/** The fields directly under `selections`, through inline fragments and fragment spreads. */
function fieldsOf(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, typename: string, out: Selected[] = []): Selected[] {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) out.push({ node: selection, typename });
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fieldsOf(info, selection.selectionSet, selection.typeCondition?.name.value ?? typename, out);
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) fieldsOf(info, fragment.selectionSet, fragment.typeCondition.name.value, out);
    }
  }
  return out;
}

/** The fields selected at `path` below the current field (e.g. ['edges', 'node'] of a connection). */
export function selectedAt(info: GraphQLResolveInfo, path: readonly string[], typename: string): Selected[] {
  let level: Selected[] = info.fieldNodes.map((node) => ({ node, typename: info.parentType.name }));
  for (const name of path) {
    level = level.flatMap((s) => fieldsOf(info, s.node.selectionSet, typename)).filter((s) => s.node.name.value === name);
  }
  return level.flatMap((s) => fieldsOf(info, s.node.selectionSet, typename));
}

/** Whether the current field's selection reads `name` (e.g. a connection's totalCount). */
export const selects = (info: GraphQLResolveInfo, name: string) =>
  info.fieldNodes.some((node) => fieldsOf(info, node.selectionSet, info.parentType.name).some((s) => s.node.name.value === name));

/**
 * The relationship keys that the typed relationship fields below `path` (Company.investors…) will load
 * for each entity there, as the relations loader keys them. Under-reading is harmless (the loader
 * fetches the rest); over-reading costs a little. (The `relations` connection pages in Neo4j instead.)
 */
export function relationKeysAt(info: GraphQLResolveInfo, path: readonly string[], typename: string): Omit<RelationKey, 'id'>[] {
  const keys = new Map<string, Omit<RelationKey, 'id'>>();
  for (const { node, typename: on } of selectedAt(info, path, typename)) {
    const type = info.schema.getType(on);
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const field = type.getFields()[node.name.value] as GraphQLField<unknown, unknown> | undefined;
    if (!field) continue;
    const relation = field.extensions.relation as RelationFieldExtension | undefined;
    if (!relation) continue;
    // As the field's resolver will ask: its fixed limit, or its `first` argument (defaults applied).
    const limit = relation.limit ?? (getArgumentValues(field, node, info.variableValues).first as number);
    keys.set(`${relation.direction}|${relation.type}|${limit}`, { types: [relation.type], direction: relation.direction, limit });
  }
  return [...keys.values()];
}

/** The fields of a Relation that its shape answers, without the relationship's properties. */
const SHAPE_FIELDS = new Set(['type', 'source', 'target', 'direction', 'other', '__typename']);

/** Whether the relationships selected at `path` (a list of Relation) need their properties read. */
export const readsRelationProps = (info: GraphQLResolveInfo, path: readonly string[], typename: string) =>
  selectedAt(info, path, typename).some((s) => !SHAPE_FIELDS.has(s.node.name.value));

/** Whether any field named `name` is selected at `path`. */
export const selectsAt = (info: GraphQLResolveInfo, path: readonly string[], typename: string, name: string) =>
  selectedAt(info, path, typename).some((s) => s.node.name.value === name);

/**
 * Entity fields that an entity's id, kind, name and aliases answer, or that load by its id
 * (`relations`, and the typed relationship fields, marked by their extension).
 */
const LEAN_ENTITY_FIELDS = new Set(['id', 'slug', 'kind', 'name', 'aliases', 'relations', '__typename']);

/**
 * Whether anything in the whole operation reads an entity beyond LEAN_ENTITY_FIELDS (its facts,
 * description, evidence…). Only when nothing does may a resolver prime the request's entity loader
 * with lean records: every reader of that loader in the operation is then answered by them.
 */
export function readsEntityProps(info: GraphQLResolveInfo): boolean {
  const entity = info.schema.getType('Entity');
  if (!isInterfaceType(entity)) return true;
  const isEntity = (typename: string) => {
    const type = info.schema.getType(typename);
    return type === entity || (isObjectType(type) && type.getInterfaces().includes(entity));
  };
  const heavy = (set: SelectionSetNode | undefined, typename: string): boolean =>
    fieldsOf(info, set, typename).some(({ node, typename: on }) => {
      const type = info.schema.getType(on);
      const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[node.name.value] : undefined;
      if (!field) return false;
      if (isEntity(on) && !LEAN_ENTITY_FIELDS.has(node.name.value) && !field.extensions.relation) return true;
      return heavy(node.selectionSet, getNamedType(field.type).name);
    });
  const root = info.operation.operation === 'query' ? info.schema.getQueryType() : info.schema.getMutationType();
  return !root || heavy(info.operation.selectionSet, root.name);
}
