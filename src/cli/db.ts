/** `npm run db -- start|stop|status`: the managed local Neo4j on its own, with its coordinates in dotenv form. */
import '../env.js';
import { ConfigError, loadConfig } from '../config.js';
import { isAlive, ManagedNeo4jError, type ManagedState, readState, startManagedNeo4j, stopManagedNeo4j } from '../neo4j/managed.js';
import { managedHome } from '../neo4j/provision.js';

const coordinates = (s: Pick<ManagedState, 'uri' | 'user' | 'password'>) =>
  [`NEO4J_URI=${s.uri}`, `NEO4J_USER=${s.user}`, `NEO4J_PASSWORD=${s.password}`].join('\n');

async function main() {
  const command = process.argv[2];
  const config = loadConfig();
  if (config.NEO4J_URI) {
    console.error('# NEO4J_URI is set, so there is no managed server to manage; its coordinates are:');
    console.log(coordinates({ uri: config.NEO4J_URI, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD }));
    return;
  }
  const home = managedHome(config);
  switch (command) {
    case 'start': {
      const server = await startManagedNeo4j({
        home,
        detached: true,
        heap: config.KG_NEO4J_HEAP,
        pagecache: config.KG_NEO4J_PAGECACHE,
        progress: (line) => console.error(`# ${line}`),
      });
      console.error(`# running (pid ${server.pid}); stop it with: npm run db -- stop`);
      console.log(coordinates(server));
      return;
    }
    case 'stop':
      console.error((await stopManagedNeo4j(home)) ? '# stopped' : '# not running');
      return;
    case 'status': {
      const state = await readState(home);
      if (!state || !isAlive(state.pid)) {
        console.error(`# not running (home ${home})`);
        process.exitCode = 3;
        return;
      }
      console.error(
        `# running (pid ${state.pid}, ${state.owner === 'detached' ? 'started by db start' : `owned by process ${state.ownerPid}`}, home ${home})`,
      );
      console.log(coordinates(state));
      return;
    }
    default:
      console.error('usage: npm run db -- start|stop|status');
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof ManagedNeo4jError ? error.message : error);
  process.exitCode = 1;
});
