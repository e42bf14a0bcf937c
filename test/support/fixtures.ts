import type { Database } from '../../src/db/database.js';

/** Removes a test's own entities (ids starting with `prefix`) and its document, leaving the seed graph as it was. */
export const deleteFixtures = (db: Database, prefix: string, document: string) =>
  db.write(
    `MATCH (n:Entity) WHERE n.id STARTS WITH $prefix DETACH DELETE n
     WITH count(*) AS _ MATCH (d:Document {file: $document}) DELETE d`,
    { prefix, document },
  );

/**
 * Removes what an article accepted through the API wrote (its document `file`): the entities and
 * relationships only it evidences, its quotes on the others, and its Document node.
 */
export async function deleteArticle(db: Database, file: string) {
  const params = { file, prefix: `${file}\t` };
  const only = (x: string) => `size(coalesce(${x}.evidence, [])) > 0 AND all(e IN ${x}.evidence WHERE e STARTS WITH $prefix)`;
  const some = (x: string) => `any(e IN coalesce(${x}.evidence, []) WHERE e STARTS WITH $prefix)`;
  await db.write(`MATCH (:Entity)-[r]->(:Entity) WHERE ${only('r')} DELETE r`, params);
  await db.write(
    `MATCH (:Entity)-[r]->(:Entity) WHERE ${some('r')} SET r.evidence = [e IN r.evidence WHERE NOT e STARTS WITH $prefix]`,
    params,
  );
  await db.write(`MATCH (n:Entity) WHERE ${only('n')} DETACH DELETE n`, params);
  await db.write(`MATCH (n:Entity) WHERE ${some('n')} SET n.evidence = [e IN n.evidence WHERE NOT e STARTS WITH $prefix]`, params);
  await db.write('MATCH (d:Document {file: $file}) DELETE d', params);
}
