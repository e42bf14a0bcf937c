/** Name resolution over seed files, with no database: what an extraction run resolves names against. */
import type { CompiledEntity } from '../core/graph.js';
import { memoryNameIndex, type NameIndex } from '../core/resolve.js';
import { compileSeedPaths } from './seed-paths.js';

/** The entities of these seed files (folders or files) as a NameIndex. */
export async function seedNameIndex(paths: string[], documentsDir?: string): Promise<NameIndex<CompiledEntity>> {
  const graph = await compileSeedPaths(paths, { documentsDir });
  return memoryNameIndex(graph.entities);
}
