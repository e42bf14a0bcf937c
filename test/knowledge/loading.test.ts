/**
 * Loading knowledge into the run's real Neo4j holding seeds/: loading is idempotent, a user file
 * joins the graph and leaves with its own nodes, batched and single transactions write the same
 * graph, and bad input is refused all-or-nothing, naming its file, record and field.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { CompiledGraph } from '../../src/core/graph.js';
import { lookupKey } from '../../src/core/names.js';
import type { EntityInput, SeedFile } from '../../src/core/schema.js';
import { loadSeedPaths, loadSeeds } from '../../src/knowledge/load.js';
import { SeedError } from '../../src/knowledge/seed-file.js';
import { compileSeedPaths } from '../../src/knowledge/seed-paths.js';
import { existingIds, importGraph } from '../../src/repositories/graph-write.js';
import { connect } from '../helpers.js';
import { deleteOwn, expectUnchanged, FIXTURE, ownIds, type Snapshot, snapshot } from './helpers.js';

describe('the knowledge graph loaded from seeds/', () => {
  const db = connect();
  let scratch: string;
  let baseline: Snapshot;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'kg-knowledge-'));
    baseline = await snapshot(db);
  });

  afterAll(async () => {
    await deleteOwn(db);
    await db.close();
    await rm(scratch, { recursive: true, force: true });
  });

  describe('loading', () => {
    it('is idempotent: loading seeds/ again changes no count and no property', async () => {
      const before = await snapshot(db);
      expectUnchanged(before, baseline);
      const counts = await loadSeeds(db);
      expect(counts.entities).toBe(baseline.labels.Entity);
      expectUnchanged(await snapshot(db), before);
    });

    it('imports a valid user file into the graph, and deleting its own nodes restores the graph exactly', async () => {
      // The positive control for the failures below: this file loads, relating its entities to seed
      // ones, and restating a seed entity (san-wu-wei) and document without changing them.
      try {
        const counts = await loadSeedPaths(db, [FIXTURE]);
        expect(counts).toEqual({ documents: 1, entities: 3, relations: 3 });
        expect(await ownIds(db)).toEqual(['kt-company', 'kt-fund']);
        const rels = await db.read<{ rel: string }>(
          `MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id STARTS WITH 'kt-' RETURN a.id + ' -' + type(r) + '-> ' + b.id AS rel ORDER BY rel`,
        );
        expect(rels.map((r) => r.rel)).toEqual([
          'kt-company -LOCATED_IN-> jin-jiang-san-chuang-yuan',
          'kt-company -PARTNERS_WITH-> san-wu-wei',
          'kt-fund -INVESTS_IN-> kt-company',
        ]);
        const [fund] = await db.read<{ labels: string[]; fundSizeCny: number; keys: string[] }>(
          "MATCH (n:Entity {id: 'kt-fund'}) RETURN labels(n) AS labels, n.fundSizeCny AS fundSizeCny, n.lookupKeys AS keys",
        );
        expect([...(fund?.labels ?? [])].sort()).toEqual(['Entity', 'Fund']);
        expect(fund?.fundSizeCny).toBe(100_000_000);
        expect(fund?.keys).toContain(lookupKey('知识测试（晋江）基金'));
      } finally {
        await deleteOwn(db);
      }
      expectUnchanged(await snapshot(db), baseline);
    });

    it('writes the same graph in batched transactions as in one, and a batched re-run changes nothing', async () => {
      const graph = await compileSeedPaths([FIXTURE], { existingIds: (ids) => existingIds(db, ids) });
      try {
        await importGraph(db, graph);
        const single = await snapshot(db);
        await deleteOwn(db);
        // One row per transaction: new entities CREATEd across batches, the restated seed one MERGEd.
        await importGraph(db, graph, { transaction: 'batched', batchSize: 1 });
        expectUnchanged(await snapshot(db), single);
        await importGraph(db, graph, { transaction: 'batched', batchSize: 2 });
        expectUnchanged(await snapshot(db), single);
      } finally {
        await deleteOwn(db);
      }
      expectUnchanged(await snapshot(db), baseline);
    });

    it('rolls the whole transaction back when Neo4j rejects a write half-way', async () => {
      const graph: CompiledGraph = {
        documents: [],
        entities: ['kt-tx-a', 'kt-tx-b'].map((id) => ({
          id,
          kind: 'Company' as const,
          name: id,
          aliases: [],
          props: {},
          evidence: [{ document: '000_06180eb26bb0e0f8.txt', quote: '毫束科技' }],
        })),
        // Written after the entities, in the same transaction; a map is no valid property value.
        relations: [
          {
            type: 'PARTNERS_WITH',
            from: 'kt-tx-a',
            to: 'kt-tx-b',
            props: { note: { not: 'a primitive' } as unknown as string },
            evidence: [],
          },
        ],
      };
      await expect(importGraph(db, graph)).rejects.toThrow(/primitive types/);
      expect(await ownIds(db)).toEqual([]);
      expectUnchanged(await snapshot(db), baseline);
    });

    describe('fails atomically on bad input, naming file, record and field', () => {
      const validText = readFileSync(FIXTURE, 'utf8');
      const valid = parseYaml(validText) as SeedFile;
      const variant = (change: (data: SeedFile) => void) => {
        const data = structuredClone(valid);
        change(data);
        return data;
      };
      /** Cuts `text` just after the first `keep` characters of `marker`'s first occurrence. */
      const truncate = (text: string, marker: string, keep: number) => {
        const at = text.indexOf(marker);
        if (at < 0) throw new Error(`fixture lacks ${marker}`);
        return text.slice(0, at + keep);
      };
      const fundName = '知识测试(晋江)基金';
      const entity = (d: SeedFile, i: number) => d.entities[i] ?? expect.fail(`fixture lacks entities[${i}]`);
      const relation = (d: SeedFile, i: number) => d.relations[i] ?? expect.fail(`fixture lacks relations[${i}]`);

      const cases: { name: string; file: string; text: string; record: string; field: string }[] = [
        {
          name: 'truncated YAML (cut inside a quoted string)',
          file: 'bad.yaml',
          text: truncate(validText, `"${fundName}"`, 4),
          record: 'entities[1] (id kt-fund)',
          field: 'name',
        },
        {
          name: 'truncated YAML (cut at a line end, records left incomplete)',
          file: 'bad.yaml',
          text: truncate(validText, '    kind: Fund\n', '    kind: Fund\n'.length),
          record: 'entities[1] (id kt-fund)',
          field: 'name',
        },
        {
          name: 'truncated JSON',
          file: 'bad.json',
          text: truncate(JSON.stringify(valid, null, 2), `"${fundName}"`, 4),
          record: 'entities[1] (id kt-fund)',
          field: 'name',
        },
        {
          name: 'a wrong type',
          file: 'bad.yaml',
          text: stringifyYaml(
            variant((d) => {
              (entity(d, 1).props as Record<string, unknown>).fundSizeCny = 'lots';
            }),
          ),
          record: 'entities[1] (id kt-fund)',
          field: 'props.fundSizeCny',
        },
        {
          name: 'a missing id',
          file: 'bad.yaml',
          text: stringifyYaml(
            variant((d) => {
              delete (entity(d, 1) as Partial<EntityInput>).id;
            }),
          ),
          record: 'entities[1]',
          field: 'id',
        },
        {
          name: 'an unknown relationship type',
          file: 'bad.yaml',
          text: stringifyYaml(
            variant((d) => {
              (relation(d, 0) as { type: string }).type = 'OWNS';
            }),
          ),
          record: 'relations[0] (kt-fund -OWNS-> kt-company)',
          field: 'type',
        },
        {
          name: 'a dangling reference',
          file: 'bad.yaml',
          text: stringifyYaml(
            variant((d) => {
              relation(d, 0).to = 'kt-nowhere';
            }),
          ),
          record: 'relations[0] (kt-fund -INVESTS_IN-> kt-nowhere)',
          field: 'to',
        },
        {
          name: 'a quote not found in its document',
          file: 'bad.yaml',
          text: stringifyYaml(
            variant((d) => {
              entity(d, 1).evidence.push({ quote: '晋江安芯基金投资了我们的A轮' });
            }),
          ),
          record: 'entities[1] (id kt-fund)',
          field: 'evidence[1].quote',
        },
      ];

      const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

      it.each(cases)('$name', async ({ file, text, record, field }) => {
        // Beside the bad file, a valid one (other ids): nothing of either may be written.
        const dir = await mkdtemp(join(scratch, 'bad-'));
        await writeFile(join(dir, 'a-good.yaml'), validText.replaceAll('kt-', 'ktb-'));
        await writeFile(join(dir, file), text);
        const error = await loadSeedPaths(db, [dir]).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(SeedError);
        const issues = (error as SeedError).issues;
        const expected = new RegExp(`${literal(file)}: ${literal(record)}: ${literal(field)}: `);
        expect(
          issues.find((issue) => expected.test(issue)),
          issues.join('\n'),
        ).toBeDefined();
        expect((error as SeedError).message).toMatch(expected);
        // Only the bad file is blamed.
        expect(issues.filter((issue) => issue.includes('a-good.yaml'))).toEqual([]);

        expect(await ownIds(db)).toEqual([]);
        expectUnchanged(await snapshot(db), baseline);
      });

      it('and the valid companion file alone loads (so the failures are the defects, not the rest)', async () => {
        const dir = await mkdtemp(join(scratch, 'good-'));
        await writeFile(join(dir, 'a-good.yaml'), validText.replaceAll('kt-', 'ktb-'));
        const compiled = await compileSeedPaths([dir], { existingIds: async (ids) => new Set(ids.filter((id) => !id.startsWith('kt'))) });
        expect(compiled.entities.map((e) => e.id)).toEqual(['ktb-company', 'ktb-fund', 'san-wu-wei']);
      });
    });
  });
});
