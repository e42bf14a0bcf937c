import DataLoader from 'dataloader';
import type { Database } from '../db/database.js';
import { type DocumentRecord, documentsByFiles } from '../repositories/documents.js';
import { entitiesByIds } from '../repositories/entities.js';
import type { EntityRecord, RelationRecord } from '../repositories/records.js';
import { type RelationKey, relationsOf } from '../repositories/relations.js';
import { RELATION_TYPES } from '../seeds/schema.js';

/** Per-request loaders: each batch is one UNWIND query, answered in key order. */
export function createLoaders(db: Database) {
  return {
    entity: new DataLoader<string, EntityRecord | null>((ids) => entitiesByIds(db, ids)),
    relations: new DataLoader<RelationKey, RelationRecord[], string>((keys) => relationsOf(db, keys, RELATION_TYPES), {
      cacheKeyFn: (key) => `${key.id}|${key.direction}|${key.types?.join(',') ?? '*'}`,
    }),
    document: new DataLoader<string, DocumentRecord | null>((files) => documentsByFiles(db, files)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
