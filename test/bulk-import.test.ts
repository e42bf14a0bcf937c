/**
 * The offline bulk import (neo4j-admin) against the importer it stands in for: seeds/ bulk-imported
 * into a managed server of its own equals, record for record and type for type, the run's Neo4j that
 * global-setup loaded through importGraph; so does a fixture of awkward values. A refused or failed
 * import leaves the store as it was.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CompiledGraph } from '../src/core/graph.js';
import { SEEDS_DIR } from '../src/core/paths.js';
import { Database } from '../src/db/database.js';
import { BulkImportError, bulkImport, finishBulkImport } from '../src/knowledge/bulk/import.js';
import { compileSeedPaths } from '../src/knowledge/seed-paths.js';
import { type ManagedNeo4j, readState, startManagedNeo4j, terminate } from '../src/neo4j/managed.js';
import { importGraph } from '../src/repositories/graph-write.js';
import { BULK_FIXTURE } from './fixtures/bulk/graph.js';
import { graphRecords as records } from './graph-digest.js';
import { connect } from './helpers.js';
import { describeManagedNeo4j } from './support/prerequisites.js';

const isFixture = (line: string) => line.includes('bulkfx');
/** Small, like the other test servers: neo4j-admin and the server share two cores with the run's Neo4j. */
const MEMORY = { heap: '256m', pagecache: '64m' } as const;
/** Three neo4j-admin runs, a server start and the indexes coming online: far past the 60 s test default on a busy machine. */
const IMPORT_MS = 300_000;

await describeManagedNeo4j('kg import --bulk (neo4j-admin)', () => {
  const shared = connect();
  let home: string;
  let seeds: CompiledGraph;
  let server: ManagedNeo4j | undefined;
  let bulk: Database | undefined;
  let sharedRecords: string[];
  let fixtureRecords: string[];

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'kg-bulk-test-'));
    seeds = await compileSeedPaths([SEEDS_DIR]);
    sharedRecords = await records(shared);
    // The fixture through importGraph into the run's Neo4j, read back, then removed again.
    try {
      await importGraph(shared, BULK_FIXTURE);
      fixtureRecords = (await records(shared)).filter(isFixture);
    } finally {
      await shared.write(`MATCH (n) WHERE n.id STARTS WITH 'bulkfx-' OR n.file STARTS WITH 'bulkfx/' DETACH DELETE n`);
    }
  });

  afterAll(async () => {
    await bulk?.close();
    await server?.stop();
    // A test that timed out while the server started has no handle on it: its state file names it.
    const left = await readState(home);
    if (left) await terminate(left.pid, 10_000);
    await shared.close();
    await rm(home, { recursive: true, force: true });
  });

  it(
    'imports seeds/ and the fixture, and refuses to overwrite the store without replace',
    async () => {
      const graph: CompiledGraph = {
        documents: [...seeds.documents, ...BULK_FIXTURE.documents],
        entities: [...seeds.entities, ...BULK_FIXTURE.entities],
        relations: [...seeds.relations, ...BULK_FIXTURE.relations],
      };
      const result = await bulkImport({ home, graph, ...MEMORY });
      expect(result).toMatchObject({
        documents: graph.documents.length,
        entities: graph.entities.length,
        relations: graph.relations.length,
      });
      expect(result.pending.nodes.map((n) => n.id)).toContain('bulkfx-alpha'); // aliases: [] goes over Bolt
      expect(await readdir(join(home, 'import'))).toEqual([]); // the CSV files are gone

      await expect(bulkImport({ home, graph: BULK_FIXTURE, ...MEMORY })).rejects.toThrow(/already holds a database.*--replace/s);
      // A failing import (a duplicate id) with replace: the store is put back.
      const duplicate = {
        ...BULK_FIXTURE,
        entities: [...BULK_FIXTURE.entities, BULK_FIXTURE.entities[0] as CompiledGraph['entities'][number]],
      };
      await expect(bulkImport({ home, graph: duplicate, replace: true, ...MEMORY })).rejects.toThrow(
        /neo4j-admin database import failed.*as it was/s,
      );
      expect(await readdir(join(home, 'import'))).toEqual([]);

      server = await startManagedNeo4j({ home, ...MEMORY });
      bulk = Database.connect(server);
      await finishBulkImport(bulk, result.pending);
    },
    IMPORT_MS,
  );

  it('holds exactly what importGraph wrote for seeds/: every label, property, property type and relationship', async () => {
    const got = (await records(bulk as Database)).filter((line) => !isFixture(line));
    expect(got.length).toBeGreaterThan(100);
    const want = new Set(sharedRecords);
    const have = new Set(got);
    expect({ missing: sharedRecords.filter((r) => !have.has(r)), extra: got.filter((r) => !want.has(r)) }).toEqual({
      missing: [],
      extra: [],
    });
  });

  it('round-trips the awkward fixture exactly as importGraph does', async () => {
    const got = (await records(bulk as Database)).filter(isFixture);
    expect(fixtureRecords.length).toBe(8);
    expect(got).toEqual(fixtureRecords);
  });

  it("has the same indexes and constraints as the run's Neo4j, all online", async () => {
    const show =
      'SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN name, type, labelsOrTypes, properties, state ORDER BY name';
    const indexes = await (bulk as Database).read<{ state: string }>(show);
    expect(indexes.map((i) => i.state)).toEqual(indexes.map(() => 'ONLINE'));
    expect(indexes).toEqual(await shared.read(show));
  });

  it('refuses while the server runs, leaving the store unchanged', async () => {
    const before = await records(bulk as Database);
    const error = await bulkImport({ home, graph: BULK_FIXTURE, replace: true, ...MEMORY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkImportError);
    expect((error as Error).message).toMatch(/server is running in .*npm run db -- stop/s);
    expect(await records(bulk as Database)).toEqual(before);
  });
});
