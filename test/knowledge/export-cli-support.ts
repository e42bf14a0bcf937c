/** The export CLI test's plumbing: a scratch folder, a throwaway Neo4j home (`kg` itself: test/support/kg-cli.ts). */
export { kg } from '../support/kg-cli.js';

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neo4jConf } from '../../src/neo4j/managed.js';

export const scratchDir = () => mkdtemp(join(tmpdir(), 'kg-export-cli-'));

/** A managed-server home with its folders and a small neo4j.conf (neo4j-admin reads its directories from it). */
export async function prepareHome(scratch: string) {
  const home = join(scratch, 'neo4j');
  for (const dir of ['conf', 'data', 'logs', 'run', 'import', 'plugins']) await mkdir(join(home, dir), { recursive: true });
  await writeFile(join(home, 'conf', 'neo4j.conf'), neo4jConf(home, 7687, '256m', '32m'));
  return home;
}
