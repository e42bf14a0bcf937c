/** The export CLI test's plumbing: the `kg` command as a child process, a scratch folder, a throwaway Neo4j home. */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import { neo4jConf } from '../../src/neo4j/managed.js';

export const scratchDir = () => mkdtemp(join(tmpdir(), 'kg-export-cli-'));

/** `npx tsx src/cli/kg.ts …` against the run's Neo4j, as a user runs it. */
export function kg(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
      npm_config_loglevel: 'silent',
      npm_config_update_notifier: 'false',
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

/** A managed-server home with its folders and a small neo4j.conf (neo4j-admin reads its directories from it). */
export async function prepareHome(scratch: string) {
  const home = join(scratch, 'neo4j');
  for (const dir of ['conf', 'data', 'logs', 'run', 'import', 'plugins']) await mkdir(join(home, dir), { recursive: true });
  await writeFile(join(home, 'conf', 'neo4j.conf'), neo4jConf(home, 7687, '256m', '32m'));
  return home;
}
