/**
 * One way to obtain a Neo4j, for `npm start`, the tests and the `db` script alike:
 * NEO4J_URI if set; else a container when a container runtime answers; else the managed local server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Neo4jCoordinates } from '../core/connection.js';
import type { Logger } from '../logger.js';
import { startManagedNeo4j } from './managed.js';

export const NEO4J_IMAGE = 'neo4j:5.26-community';

export interface ProvisionedNeo4j extends Neo4jCoordinates {
  source: 'external' | 'container' | 'managed';
  stop(): Promise<void>;
}

export interface ProvisionOptions {
  config: Pick<
    Config,
    'NEO4J_URI' | 'NEO4J_USER' | 'NEO4J_PASSWORD' | 'NEO4J_DATABASE' | 'KG_DATA_DIR' | 'KG_NEO4J_HEAP' | 'KG_NEO4J_PAGECACHE'
  >;
  /** `persistent` keeps data in KG_DATA_DIR (default `.data/`) across restarts; `throwaway` uses a temporary folder. */
  storage: 'persistent' | 'throwaway';
  progress?: (line: string) => void;
  /** Where the managed server's restarts are logged. */
  logger?: Logger;
}

export const managedHome = (config: Pick<Config, 'KG_DATA_DIR'>) => join(config.KG_DATA_DIR, 'neo4j');

/** testcontainers' own probe; false when it is not installed (production images) or no runtime answers. */
async function containerRuntimeAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export async function provisionNeo4j({ config, storage, progress = () => {}, logger }: ProvisionOptions): Promise<ProvisionedNeo4j> {
  if (config.NEO4J_URI) {
    return {
      source: 'external',
      uri: config.NEO4J_URI,
      user: config.NEO4J_USER,
      password: config.NEO4J_PASSWORD,
      database: config.NEO4J_DATABASE,
      stop: async () => {},
    };
  }
  if (await containerRuntimeAvailable()) {
    const { Neo4jContainer } = await import('@testcontainers/neo4j');
    progress(`starting ${NEO4J_IMAGE} with testcontainers`);
    const container = await new Neo4jContainer(NEO4J_IMAGE).start();
    return {
      source: 'container',
      uri: container.getBoltUri(),
      user: container.getUsername(),
      password: container.getPassword(),
      stop: async () => {
        await container.stop();
      },
    };
  }
  const home = storage === 'persistent' ? managedHome(config) : await mkdtemp(join(tmpdir(), 'kg-neo4j-'));
  const server = await startManagedNeo4j({ home, heap: config.KG_NEO4J_HEAP, pagecache: config.KG_NEO4J_PAGECACHE, progress, logger });
  return {
    source: 'managed',
    uri: server.uri,
    user: server.user,
    password: server.password,
    stop: async () => {
      await server.stop();
      if (storage === 'throwaway') await rm(home, { recursive: true, force: true });
    },
  };
}
