/** The NameIndex of name resolution (src/core/resolve.ts), answered by Neo4j's full-text indexes. */
import { matchKeys } from '../core/name-forms.js';
import type { NameIndex } from '../core/resolve.js';
import { type Database, int } from '../db/database.js';
import { entitiesByIds, keyPhrase } from './entities.js';
import { type EntityRecord, toEntity } from './records.js';

/** Lucene reads at most this many entities whose names contain a text; the resolver wants only a few. */
const CONTAINING_READ = 50;

/** Entities holding any of `keys` in the list property that the keyword-analysed index `index` covers. */
async function byKeys(db: Database, index: 'entity_keys' | 'entity_match_keys', keys: readonly string[]): Promise<EntityRecord[]> {
  const wanted = [...new Set(keys)].filter((k) => k !== '');
  if (wanted.length === 0) return [];
  const rows = await db.read<{ n: Record<string, unknown> }>(
    `CALL db.index.fulltext.queryNodes($index, $phrases) YIELD node AS n
     WHERE any(k IN $keys WHERE k IN (CASE $index WHEN 'entity_keys' THEN n.lookupKeys ELSE n.matchKeys END))
     RETURN properties(n) AS n ORDER BY n.id`,
    { index, phrases: wanted.map(keyPhrase).join(' OR '), keys: wanted },
  );
  return rows.map((row) => toEntity(row.n));
}

/**
 * Look-ups by id (through `byId`, a request's loader, say), exact key, match key, and the names
 * containing a text: a phrase of the cjk analyser's bigrams over the name and the aliases.
 */
export function neo4jNameIndex(
  db: Database,
  byId: (id: string) => Promise<EntityRecord | null> = async (id) => (await entitiesByIds(db, [id]))[0] ?? null,
): NameIndex<EntityRecord> {
  return {
    byId,
    byLookupKeys: (keys) => byKeys(db, 'entity_keys', keys),
    byMatchKeys: (keys) => byKeys(db, 'entity_match_keys', keys),
    containing: async (folded, limit) => {
      const phrase = keyPhrase(folded);
      const rows = await db.read<{ n: Record<string, unknown> }>(
        `CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $limit}) YIELD node AS n
         RETURN properties(n) AS n`,
        { query: `name:${phrase} OR aliasText:${phrase}`, limit: int(Math.max(limit, CONTAINING_READ)) },
      );
      return rows.map((row) => toEntity(row.n));
    },
  };
}

/**
 * Gives `matchKeys` to the entities written before they existed (a graph seeded by an older version),
 * so that they resolve by their folded and core forms too. A no-op once every entity has them.
 */
export async function addMissingMatchKeys(db: Database, batch = 2_000): Promise<number> {
  let added = 0;
  for (;;) {
    const rows = await db.read<{ id: string; name: string; aliases: string[] | null }>(
      'MATCH (n:Entity) WHERE n.matchKeys IS NULL RETURN n.id AS id, n.name AS name, n.aliases AS aliases LIMIT $batch',
      { batch: int(batch) },
    );
    if (rows.length === 0) return added;
    await db.write('UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n.matchKeys = row.keys', {
      rows: rows.map((r) => ({ id: r.id, keys: matchKeys(r.name, r.aliases ?? []) })),
    });
    added += rows.length;
  }
}

/** Every entity's id, kind, name and aliases, in id order: what an extraction knows when it reads the graph. */
export async function allNames(db: Database): Promise<{ id: string; kind: string; name: string; aliases: string[] }[]> {
  return db.read<{ id: string; kind: string; name: string; aliases: string[] }>(
    'MATCH (n:Entity) RETURN n.id AS id, n.kind AS kind, n.name AS name, coalesce(n.aliases, []) AS aliases ORDER BY n.id',
  );
}
