import type { Config } from './config.js';
import { Database } from './db/database.js';
import { ensureSeeded } from './knowledge/load.js';
import { type Logger, silentLogger } from './logger.js';
import { type ProvisionedNeo4j, provisionNeo4j } from './neo4j/provision.js';

export interface Backend {
  neo4j: ProvisionedNeo4j;
  db: Database;
  close(): Promise<void>;
}

/**
 * Obtains Neo4j by the three paths, connects, and applies constraints and indexes; with `seed`, loads
 * `seeds/` into a graph that holds no entity yet (`KG_SEED_ON_START`).
 */
export async function startBackend(
  config: Config,
  storage: 'persistent' | 'throwaway',
  { seed = false, logger = silentLogger }: { seed?: boolean; logger?: Logger } = {},
): Promise<Backend> {
  const neo4j = await provisionNeo4j({ config, storage, logger, progress: (line) => logger.info(`[neo4j] ${line}`) });
  const db = Database.connect(neo4j, { readMs: config.KG_READ_TIMEOUT_MS, writeMs: config.KG_WRITE_TIMEOUT_MS });
  try {
    await db.driver.verifyConnectivity({ database: neo4j.database });
    const seeded = await ensureSeeded(db, { seed, documentsDir: config.KG_CORPUS_DIR });
    if (seeded) logger.info(seeded, 'empty database: loaded the seed graph');
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
