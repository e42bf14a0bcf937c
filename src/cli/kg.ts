#!/usr/bin/env -S npx tsx
import { SeedError } from '../seeds/compile.js';
import { SEEDS_DIR, compileSeedPaths } from '../seeds/files.js';

const [command, ...args] = process.argv.slice(2);

async function main() {
  switch (command) {
    case 'validate': {
      const graph = await compileSeedPaths(args.length ? args : [SEEDS_DIR]);
      console.log(`ok: ${graph.documents.length} documents, ${graph.entities.length} entities, ${graph.relations.length} relations`);
      return;
    }
    default:
      console.error('usage: kg validate [files or folders]');
      process.exitCode = 2;
  }
}

main().catch((error) => {
  console.error(error instanceof SeedError ? error.message : error);
  process.exitCode = 1;
});
