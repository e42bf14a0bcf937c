/** `npm run db -- start|stop|status`: the managed local Neo4j on its own, with its coordinates in dotenv form. */
import '../env.js';
import { ConfigError, loadConfig } from '../config.js';
import { startDetachedNeo4j, stopManagedNeo4j } from '../neo4j/control.js';
import { ManagedNeo4jError } from '../neo4j/managed.js';
import { isAlive } from '../neo4j/processes.js';
import { managedHome } from '../neo4j/provision.js';
import { liveUsers, type ManagedState, readState, type User } from '../neo4j/state.js';

const USAGE = 'usage: npm run db -- start | stop [--force] | status';

const coordinates = (s: Pick<ManagedState, 'uri' | 'user' | 'password'>) =>
  [`NEO4J_URI=${s.uri}`, `NEO4J_USER=${s.user}`, `NEO4J_PASSWORD=${s.password}`].join('\n');

const supervisorOf = (state: ManagedState) =>
  !isAlive(state.ownerPid)
    ? `nobody: its supervisor (pid ${state.ownerPid}) is gone; \`npm run db -- start\` supervises it again`
    : state.owner === 'detached'
      ? `db start's supervisor (pid ${state.ownerPid})`
      : `the process that started it (pid ${state.ownerPid})`;

const listUsers = (users: User[]) => users.map((u) => `#   pid ${u.pid}: ${u.command} (since ${u.since})`).join('\n');

async function main() {
  const [command, ...flags] = process.argv.slice(2);
  const config = loadConfig();
  if (config.NEO4J_URI) {
    console.error('# NEO4J_URI is set, so there is no managed server to manage; its coordinates are:');
    console.log(coordinates({ uri: config.NEO4J_URI, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD }));
    return;
  }
  const home = managedHome(config);
  switch (command) {
    case 'start': {
      const { state, started } = await startDetachedNeo4j({
        home,
        heap: config.KG_NEO4J_HEAP,
        pagecache: config.KG_NEO4J_PAGECACHE,
        progress: (line) => console.error(`# ${line}`),
      });
      const how = started ? 'running' : isAlive(state.pid) ? 'already running' : 'being restarted';
      console.error(`# ${how} (pid ${state.pid}, supervised by ${supervisorOf(state)}); stop it with: npm run db -- stop`);
      console.log(coordinates(state));
      return;
    }
    case 'stop': {
      const outcome = await stopManagedNeo4j(home, { force: flags.includes('--force') });
      if (!outcome.stopped && outcome.users.length > 0) {
        console.error(
          `# not stopped: the server is in use by\n${listUsers(outcome.users)}\n` +
            '# stop those first (Ctrl-C, or kill -TERM <pid>), or stop the server under them with: npm run db -- stop --force',
        );
        process.exitCode = 1;
      } else if (outcome.stopped) {
        console.error('# stopped');
        if (outcome.users.length > 0)
          console.error(`# these now answer SERVICE_UNAVAILABLE, until each is restarted:\n${listUsers(outcome.users)}`);
      } else console.error('# not running');
      return;
    }
    case 'status': {
      const state = await readState(home);
      if (!state || !isAlive(state.pid)) {
        const restarting = state && isAlive(state.ownerPid);
        console.error(restarting ? `# down, being restarted by ${supervisorOf(state)}` : `# not running (home ${home})`);
        process.exitCode = 3;
        return;
      }
      // `since` is written once it serves: without it, a restart is under way.
      const what = state.since ? `running (pid ${state.pid} since ${state.since}` : `starting (pid ${state.pid}`;
      console.error(`# ${what}, supervised by ${supervisorOf(state)}, home ${home})`);
      const users = await liveUsers(home);
      if (users.length > 0) console.error(`# in use by\n${listUsers(users)}`);
      console.log(coordinates(state));
      if (!state.since) process.exitCode = 3;
      return;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof ManagedNeo4jError ? error.message : error);
  process.exitCode = 1;
});
