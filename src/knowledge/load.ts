import { SEEDS_DIR } from '../core/paths.js';
import type { Database } from '../db/database.js';
import { existingIds, type ImportCounts, importGraph } from '../repositories/graph-write.js';
import { compileSeedPaths } from './seed-paths.js';

export interface LoadOptions {
  onProgress?: (done: number, total: number) => void;
}

/**
 * Validates every file completely before the first write, then writes all of it in one transaction:
 * a bad file writes nothing, and its error names the file, the record and the field.
 */
export async function loadSeedPaths(db: Database, paths: string[], options: LoadOptions = {}): Promise<ImportCounts> {
  const graph = await compileSeedPaths(paths, (ids) => existingIds(db, ids));
  return importGraph(db, graph, options.onProgress);
}

export const loadSeeds = (db: Database, options?: LoadOptions) => loadSeedPaths(db, [SEEDS_DIR], options);

export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await db.read<{ n: number }>('MATCH (n:Entity) RETURN count(n) AS n');
  return (row?.n ?? 0) === 0;
}
