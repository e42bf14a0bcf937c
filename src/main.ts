import './env.js';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config.js';
import { createHttpServer } from './http/server.js';
import { createServer } from './http/yoga.js';
import { SeedError } from './knowledge/seed-file.js';
import { createLogger } from './logger.js';
import { ManagedNeo4jError } from './neo4j/managed.js';
import { startBackend } from './service.js';
import { LiveTopology } from './traversal/live.js';
import { Traversals } from './traversal/traversals.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const backend = await startBackend(config, 'persistent', { seed: config.KG_SEED_ON_START, logger });
  // Built in the background: /readyz answers 503, and traversals wait for it, until it is ready.
  const topology = new LiveTopology(
    backend.db,
    { pollMs: config.KG_TOPOLOGY_POLL_MS, checkMs: config.KG_TOPOLOGY_CHECK_MS },
    logger,
  ).start();
  const yoga = createServer({
    db: backend.db,
    traversals: new Traversals(backend.db, topology),
    apiKey: config.KG_API_KEY,
    logger,
    development: config.NODE_ENV === 'development',
    limits: {
      aliases: config.KG_MAX_ALIASES,
      tokens: config.KG_MAX_TOKENS,
      directives: config.KG_MAX_DIRECTIVES,
      bodyBytes: config.KG_MAX_BODY_BYTES,
    },
  });
  const http = createHttpServer(yoga, { requestTimeoutMs: config.KG_HTTP_REQUEST_TIMEOUT_MS });
  await new Promise<void>((resolve) => http.listen(config.PORT, config.HOST, resolve));
  // The port actually bound: PORT=0 picks a free one (the load test starts the server that way).
  const { port } = http.address() as AddressInfo;
  const base = `http://${config.HOST}:${port}`;
  logger.info({ port }, `explorer on ${base}/ · GraphiQL on ${base}${yoga.graphqlEndpoint}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Stop accepting, let in-flight requests finish, then close the driver and stop a managed Neo4j.
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    await closed;
    topology.close();
    await backend.close();
    logger.info('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ManagedNeo4jError || error instanceof SeedError) console.error(error.message);
  // The settings may be what failed: a fatal line is always shown.
  else createLogger('fatal').fatal({ err: error }, 'failed to start');
  process.exit(1);
});
