/** Seed files into a database: `kg seed`/`kg import`, the service's first start, the tests' setup. */
import { SEEDS_DIR } from '../core/paths.js';
import type { Database } from '../db/database.js';
import { existingIds, type ImportCounts, type ImportOptions, importGraph, isEmpty } from '../repositories/graph-write.js';
import { addMissingMatchKeys } from '../repositories/names.js';
import { compileSeedPaths } from './seed-paths.js';

/** `transaction: 'batched'` commits every `batchSize` rows (validation still comes first); the default is one transaction. */
export type LoadOptions = Pick<ImportOptions, 'transaction' | 'batchSize' | 'onProgress'> & { documentsDir?: string };

/**
 * Validates every file completely before the first write, then writes all of it, by default in one
 * transaction: a bad file writes nothing, and its error names the file, the record and the field.
 */
export async function loadSeedPaths(db: Database, paths: string[], options: LoadOptions = {}): Promise<ImportCounts> {
  const { documentsDir, ...importOptions } = options;
  const graph = await compileSeedPaths(paths, { documentsDir, existingIds: (ids) => existingIds(db, ids) });
  return importGraph(db, graph, importOptions);
}

export const loadSeeds = (db: Database, options?: LoadOptions) => loadSeedPaths(db, [SEEDS_DIR], options);

/**
 * A connected database made ready to serve: constraints and indexes applied, match keys given to
 * entities stored before they existed, then, unless `seed` is
 * false, `seeds/` loaded if the graph holds no entity yet. Returns what was loaded, if anything.
 */
export async function ensureSeeded(
  db: Database,
  { seed = true, documentsDir }: { seed?: boolean; documentsDir?: string } = {},
): Promise<ImportCounts | undefined> {
  await db.applySchema();
  await addMissingMatchKeys(db);
  if (!seed || !(await isEmpty(db))) return undefined;
  return loadSeeds(db, { documentsDir });
}
