/**
 * The two types that refer to each other (an entity lists its relations, a relation names its ends),
 * declared here and implemented in their own files, so that neither file imports the other.
 */
import type { EntityRecord, RelationRecord } from '../repositories/records.js';
import { builder } from './builder.js';

export const EntityRef = builder.interfaceRef<EntityRecord>('Entity');

/** A relationship, seen from `self` when it is read off an entity (then `direction` and `other` apply). */
export interface RelationView {
  record: RelationRecord;
  self: string | null;
}

export const RelationRef = builder.objectRef<RelationView>('Relation');
