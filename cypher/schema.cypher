// Constraints and indexes, applied at start and before every seed/import (all are IF NOT EXISTS).
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_file IF NOT EXISTS FOR (d:Document) REQUIRE d.file IS UNIQUE;
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind);
// Normalised name and aliases (brackets folded to one width, whitespace removed), for exact look-ups by
// name: the keyword analyzer keeps each key whole. (A range index cannot answer `key IN n.lookupKeys`,
// so the range index this replaces left every look-up by name a scan of all entities.)
DROP INDEX entity_lookup_keys IF EXISTS;
CREATE FULLTEXT INDEX entity_keys IF NOT EXISTS FOR (n:Entity) ON EACH [n.lookupKeys]
  OPTIONS { indexConfig: { `fulltext.analyzer`: 'keyword' } };
// Ranked search over names, aliases and descriptions; cjk splits Chinese text into bigrams.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliasText, n.description]
  OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } };
// The folded and core forms of names and aliases (src/core/name-forms.ts), tagged, for look-ups by a
// name as people type it when no exact key matches; each key whole, as in entity_keys.
CREATE FULLTEXT INDEX entity_match_keys IF NOT EXISTS FOR (n:Entity) ON EACH [n.matchKeys]
  OPTIONS { indexConfig: { `fulltext.analyzer`: 'keyword' } };
// The change log's head (src/repositories/changes.ts): constraint, an index to read changes by number,
// and the meta node itself, made once per store with a fresh token (a store rebuilt from files gets another).
CREATE CONSTRAINT graph_meta_key IF NOT EXISTS FOR (m:GraphMeta) REQUIRE m.key IS UNIQUE;
CREATE INDEX graph_change_seq IF NOT EXISTS FOR (c:GraphChange) ON (c.seq);
MERGE (m:GraphMeta {key: 'graph'}) ON CREATE SET m.token = randomUUID(), m.seq = 0;
