/**
 * `npm run db -- start`'s supervisor, a detached process: it starts the managed Neo4j, restarts it
 * whenever it dies, and exits once the server is stopped deliberately (SIGTERM here, or
 * `npm run db -- stop`). It logs to <home>/logs/supervisor.log, and tells `db start` over IPC how
 * the first start goes.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import type { DetachedOptions, SupervisorMessage } from './control.js';
import { startManagedNeo4j } from './managed.js';
import { readState } from './state.js';

const options = JSON.parse(process.argv[2] ?? '{}') as DetachedOptions;
const logger = pino(
  { base: { supervisor: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
  pino.destination({ dest: join(options.home, 'logs', 'supervisor.log'), mkdir: true, sync: true }),
);
const tell = (message: SupervisorMessage) =>
  new Promise<void>((resolve) => (process.connected && process.send ? process.send(message, () => resolve()) : resolve()));
const keepAlive = setInterval(() => {}, 2 ** 30);

try {
  const server = await startManagedNeo4j({
    ...options,
    detached: true,
    logger,
    progress: (line) => {
      logger.info(line);
      void tell({ progress: line });
    },
  });
  const exit = async (why: string) => {
    await server.stop();
    logger.info(`${why}: the supervisor exits`);
    clearInterval(keepAlive);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => void exit(`stopped by ${signal}`));
  const state = await readState(options.home);
  if (state) await tell({ ready: state });
  if (server.supervisor)
    void server.supervisor.ended.then((ending) => exit(`Neo4j ${ending === 'requested' ? 'stopped on request' : 'stopped'}`));
  else await exit(`Neo4j ${server.uri} already runs under another supervisor`);
} catch (error) {
  logger.error({ err: error }, 'Neo4j did not start');
  await tell({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
