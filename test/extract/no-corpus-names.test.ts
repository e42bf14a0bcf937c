/** The extractor generalises: its code and word lists hold no entity name of the seed files (known entities come from the caller). */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { foldKey, isBroad } from '../../src/core/name-forms.js';
import { PROJECT_ROOT, SEEDS_DIR } from '../../src/core/paths.js';
import { compileSeedPaths } from '../../src/knowledge/seed-paths.js';

it('src/extract names no entity of the corpus', async () => {
  const dir = join(PROJECT_ROOT, 'src/extract');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts'));
  const source = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
  const { entities } = await compileSeedPaths([SEEDS_DIR]);
  // A class word (公司, 管委会, 芯片) names no one entity: it may be a suffix or a product word.
  const names = entities.flatMap((e) => [e.name, ...e.aliases]).filter((n) => Array.from(n).length >= 2 && !isBroad(foldKey(n)));
  expect(names.length).toBeGreaterThan(200);
  // A Latin name (an abbreviation) counts as a whole word only: 'AI' is not in 'TAIL'.
  const found = names.filter((n) =>
    /^[\x20-\x7e]+$/.test(n) ? new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(source) : source.includes(n),
  );
  expect(found).toEqual([]);
});
