/**
 * A `setupFiles` module, so it runs in every test file: after the file's own hooks (after-all hooks
 * run in reverse order of registration, and this one registers first), the graph must be the seed
 * graph again, record for record. A file that leaves anything behind, or takes anything away, fails
 * itself, by name, instead of a later file that reads the graph.
 */
import { relative } from 'node:path';
import { afterAll, inject } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import { expectGraphUnchanged } from '../graph-digest.js';
import { connect } from '../helpers.js';

// biome-ignore lint/correctness/noEmptyPattern: vitest reads the first parameter as fixtures, and wants a pattern there
afterAll(async ({}, suite) => {
  const file = relative(PROJECT_ROOT, suite.file.filepath);
  const db = connect();
  try {
    await expectGraphUnchanged(db, inject('seedGraph'), `left by ${file}: a test file must leave the seed graph as it found it`);
  } finally {
    await db.close();
  }
});
