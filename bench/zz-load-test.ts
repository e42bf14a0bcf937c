import { Database } from '../src/db/database.js';
import { loadTopology } from '../src/repositories/topology.js';
import { readFileSync } from 'node:fs';
const coords = JSON.parse(readFileSync('/work/dev/coords-1000000.json', 'utf8'));
const db = Database.connect({ ...coords, database: undefined });
for (let i = 0; i < 2; i++) {
  const before = process.memoryUsage();
  const t0 = performance.now();
  const loaded = await loadTopology(db);
  const after = process.memoryUsage();
  console.log(`load ${(performance.now() - t0).toFixed(0)} ms: ${loaded.input.ids.length} nodes ${loaded.input.from.length} rels; heap ${((after.heapUsed - before.heapUsed) / 2 ** 20).toFixed(0)} MB, rss ${(after.rss / 2 ** 20).toFixed(0)} MB`, loaded.version);
}
await db.close();
