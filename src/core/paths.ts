import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout, found from this module's own place without touching the disk: `src/core/` under
 * tsx, `dist/src/core/` once compiled.
 */
export const PROJECT_ROOT = (() => {
  const up2 = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
  return basename(up2) === 'dist' ? dirname(up2) : up2;
})();
export const SEEDS_DIR = join(PROJECT_ROOT, 'seeds');
/** The source documents the seeds quote, carried in the repository. */
export const DOCUMENTS_DIR = join(SEEDS_DIR, 'documents');
export const CYPHER_DIR = join(PROJECT_ROOT, 'cypher');
