import type { Config } from './config.js';
import { Database } from './db/database.js';
import { logger } from './logger.js';
import { type ProvisionedNeo4j, provisionNeo4j } from './neo4j/provision.js';

export interface Backend {
  neo4j: ProvisionedNeo4j;
  db: Database;
  close(): Promise<void>;
}

/** Obtains Neo4j by the three paths, connects, and applies constraints and indexes. */
export async function startBackend(config: Config, storage: 'persistent' | 'throwaway'): Promise<Backend> {
  const neo4j = await provisionNeo4j({ config, storage, progress: (line) => logger.info(`[neo4j] ${line}`) });
  const db = Database.connect(neo4j);
  try {
    await db.driver.verifyConnectivity({ database: neo4j.database });
    await db.applySchema();
  } catch (error) {
    await db.close();
    await neo4j.stop();
    throw error;
  }
  logger.info({ uri: neo4j.uri, source: neo4j.source }, 'neo4j ready');
  return {
    neo4j,
    db,
    async close() {
      await db.close();
      await neo4j.stop();
    },
  };
}
