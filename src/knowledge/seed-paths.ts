import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { CompiledGraph } from '../core/graph.js';
import { DOCUMENTS_DIR } from '../core/paths.js';
import { type CompileOptions, compileSeeds } from './compile.js';
import { type RawSeed, readSeedFile, SeedError } from './seed-file.js';

export interface CompilePathsOptions {
  /** Where evidence quotes are checked (KG_CORPUS_DIR): `seeds/documents` by default. */
  documentsDir?: string;
  existingIds?: CompileOptions['existingIds'];
  /** Files or folders read for what they declare, after `paths` (see CompileOptions.context). */
  context?: string[];
}

const SEED_EXTENSIONS = /\.(ya?ml|json)$/;

/** Expands folders into their seed files, sorted so that merges are deterministic. */
export async function seedPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(path)).filter((n) => SEED_EXTENSIONS.test(n)).sort();
      out.push(...names.map((n) => relative(process.cwd(), join(path, n))));
    } else out.push(path);
  }
  return out;
}

/** Reads, validates and merges seed files; throws a SeedError naming file, record and field. */
export async function compileSeedPaths(
  paths: string[],
  { documentsDir = DOCUMENTS_DIR, existingIds, context = [] }: CompilePathsOptions = {},
): Promise<CompiledGraph> {
  const contextFiles = new Set(await seedPaths(context));
  const files = [...new Set([...(await seedPaths(paths)), ...contextFiles])];
  if (files.length === 0) throw new SeedError([`${[...paths, ...context].join(', ')}: no .yaml, .yml or .json seed files`]);
  return compileSeeds(readEach(files), {
    documentDirs: [resolve(documentsDir)],
    existingIds,
    // A JSON file holding a list of seeds names each `path[i]`.
    context: (file) => contextFiles.has(file.replace(/\[\d+\]$/, '')),
  });
}

/** The files' seeds in order, one file in memory at a time (and the next one being read). */
async function* readEach(files: string[]): AsyncGenerator<RawSeed> {
  let next = readSeedFile(files[0] as string);
  for (let i = 0; i < files.length; i++) {
    const current = next;
    if (i + 1 < files.length) {
      next = readSeedFile(files[i + 1] as string);
      // Awaited on the next turn; until then a failure must not count as unhandled.
      next.catch(() => {});
    }
    yield* await current;
  }
}
