import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import type { Neo4jCoordinates } from '../src/neo4j/managed.js';
import { provisionNeo4j } from '../src/neo4j/provision.js';
import { loadSeeds } from '../src/seeds/load.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jCoordinates;
  }
}

/** One Neo4j for the whole run, by the same three paths as `npm start`, holding the seed graph. */
export default async function setup(project: TestProject) {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const started = Date.now();
  const neo4j = await provisionNeo4j({ config, storage: 'throwaway', progress: (line) => console.log(`[neo4j] ${line}`) });
  const db = Database.connect(neo4j);
  try {
    await db.applySchema();
    await loadSeeds(db);
  } finally {
    await db.close();
  }
  console.log(`[neo4j] ${neo4j.source} server at ${neo4j.uri}, seeded in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  project.provide('neo4j', { uri: neo4j.uri, user: neo4j.user, password: neo4j.password, database: neo4j.database });
  return () => neo4j.stop();
}
