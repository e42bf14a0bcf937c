import DataLoader from 'dataloader';
import { RELATION_TYPES } from '../core/schema.js';
import type { Database } from '../db/database.js';
import { type DocumentRecord, documentsByFiles, documentTexts } from '../repositories/documents.js';
import { entitiesByIds } from '../repositories/entities.js';
import { allNames } from '../repositories/names.js';
import type { EntityRecord, RelationRecord } from '../repositories/records.js';
import {
  type RelationKey,
  type RelationPageKey,
  relationCacheKey,
  relationPageCacheKey,
  relationPages,
  relationsOf,
} from '../repositories/relations.js';

/**
 * Per-request loaders: each batch is one UNWIND query, answered in key order. Queries that already
 * read entities or relationships on the way (relations bring their other ends, a page its relations,
 * a traversal its nodes) prime these, so nested resolvers make no second round trip.
 */
export function createLoaders(db: Database) {
  const entity = new DataLoader<string, EntityRecord | null>((ids) => entitiesByIds(db, ids));
  /** The records primed into `entity`, readable without a promise (the first primed wins, as in the loader). */
  const known = new Map<string, EntityRecord>();
  const relations = new DataLoader<RelationKey, RelationRecord[], string>(
    async (keys) => {
      const { lists, ends } = await relationsOf(db, keys, RELATION_TYPES);
      primeEntities(entity, known, ends.values());
      return lists;
    },
    { cacheKeyFn: relationCacheKey },
  );
  const relationPage = new DataLoader<RelationPageKey, { total: number; rows: RelationRecord[] }, string>(
    async (keys) => {
      const { pages, ends } = await relationPages(db, keys, RELATION_TYPES);
      primeEntities(entity, known, ends.values());
      return pages;
    },
    { cacheKeyFn: relationPageCacheKey },
  );
  return {
    entity,
    known,
    relations,
    /** A page of one key's relationships and their total (the `relations` connection). */
    relationPage,
    document: new DataLoader<string, DocumentRecord | null>((files) => documentsByFiles(db, files)),
    /** A stored article's text (evidence context): read only when asked, apart from the other facts of a document. */
    documentText: new DataLoader<string, string | null>((files) => documentTexts(db, files)),
    /** Every entity's id, kind, name and aliases (what an extraction knows), read once per request, under the one key `all`. */
    names: new DataLoader<'all', Awaited<ReturnType<typeof allNames>>>(async (keys) => {
      const names = await allNames(db);
      return keys.map(() => names);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

const primeEntities = (loader: Loaders['entity'], known: Loaders['known'], entities: Iterable<EntityRecord>) => {
  for (const e of entities) {
    loader.prime(e.id, e);
    if (!known.has(e.id)) known.set(e.id, e);
  }
};

/** After a write: the entity loader, and its view without promises, forget these ids (or every id). */
export function forgetEntities(loaders: Loaders, ids?: readonly string[]) {
  if (!ids) {
    loaders.entity.clearAll();
    loaders.known.clear();
  } else
    for (const id of ids) {
      loaders.entity.clear(id);
      loaders.known.delete(id);
    }
}

/** Entities read by a query other than the entity loader's own. */
export const primeEntityLoader = (loaders: Loaders, entities: Iterable<EntityRecord>) =>
  primeEntities(loaders.entity, loaders.known, entities);

/** Relationships read ahead for `ids` (per id, one list per key), and the entities at their other ends. */
export function primeRelationLoader(
  loaders: Loaders,
  ids: readonly string[],
  keys: readonly Omit<RelationKey, 'id'>[],
  lists: readonly RelationRecord[][][],
  ends: Iterable<EntityRecord>,
) {
  ids.forEach((id, row) => {
    keys.forEach((key, k) => {
      loaders.relations.prime({ id, ...key }, lists[row]?.[k] ?? []);
    });
  });
  primeEntities(loaders.entity, loaders.known, ends);
}
