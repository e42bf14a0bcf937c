/** The `kg` command as a user runs it (`npx tsx src/cli/kg.ts …`), against the run's Neo4j. */
import { spawn } from 'node:child_process';
import { inject } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/paths.js';

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env` adds to, or overrides, the run's Neo4j coordinates and the quiet defaults. */
export function kg(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  const neo4j = inject('neo4j');
  const child = spawn('npx', ['tsx', 'src/cli/kg.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      NEO4J_DATABASE: neo4j.database ?? '',
      // npm's own notices on stderr are not the CLI's.
      npm_config_loglevel: 'silent',
      npm_config_update_notifier: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
