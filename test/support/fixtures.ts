import type { Database } from '../../src/db/database.js';

/** Removes a test's own entities (ids starting with `prefix`) and its document, leaving the seed graph as it was. */
export const deleteFixtures = (db: Database, prefix: string, document: string) =>
  db.write(
    `MATCH (n:Entity) WHERE n.id STARTS WITH $prefix DETACH DELETE n
     WITH count(*) AS _ MATCH (d:Document {file: $document}) DELETE d`,
    { prefix, document },
  );
