/**
 * The knowledge, against the run's real Neo4j holding seeds/: every node and relationship is
 * evidenced by a quote found in its corpus document; loading is idempotent and all-or-nothing;
 * names, aliases and look-up keys resolve to one node; export → import changes nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { CompiledGraph } from '../src/core/graph.js';
import { lookupKey } from '../src/core/names.js';
import { SEEDS_DIR } from '../src/core/paths.js';
import { type EntityInput, KINDS, RELATION_TYPES, type SeedFile } from '../src/core/schema.js';
import { toCsv, toGraphml, toSeedFiles } from '../src/knowledge/export.js';
import { loadSeedPaths, loadSeeds } from '../src/knowledge/load.js';
import { SeedError } from '../src/knowledge/seed-file.js';
import { compileSeedPaths } from '../src/knowledge/seed-paths.js';
import { readGraph } from '../src/repositories/graph-read.js';
import { existingIds, importGraph } from '../src/repositories/graph-write.js';
import { connect } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = join(ROOT, 'seeds', 'documents');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'knowledge', 'valid.yaml');
/** Every id this file writes starts with one of these; none is a seed id. */
const OWN_ID_PREFIXES = ['kt-', 'ktb-'];

// ---------------------------------------------------------------------------------------------
// Snapshots: counts by label and type, a record-by-record dump of every property, readGraph's digest

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Snapshot {
  labels: Record<string, number>;
  types: Record<string, number>;
  /** One canonical line per node and per relationship, every property included, sorted. */
  records: string[];
  readGraphDigest: string;
}

async function snapshot(db: ReturnType<typeof connect>): Promise<Snapshot> {
  const labels = await db.read<{ label: string; n: number }>('MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n');
  const types = await db.read<{ type: string; n: number }>('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n');
  const nodes = await db.read<{ labels: string[]; props: Record<string, unknown> }>(
    'MATCH (n) RETURN labels(n) AS labels, properties(n) AS props',
  );
  const rels = await db.read<{ from: string; type: string; to: string; props: Record<string, unknown> }>(
    'MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.file) AS from, type(r) AS type, coalesce(b.id, b.file) AS to, properties(r) AS props',
  );
  return {
    labels: Object.fromEntries(labels.map((r) => [r.label, r.n]).sort()),
    types: Object.fromEntries(types.map((r) => [r.type, r.n]).sort()),
    records: [
      ...nodes.map((n) => `node ${canonical({ labels: [...n.labels].sort(), props: n.props })}`),
      ...rels.map((r) => `rel ${canonical(r)}`),
    ].sort(),
    readGraphDigest: sha256(JSON.stringify(await readGraph(db))),
  };
}

/** Equal snapshots, reported as the records that appeared or disappeared rather than two hashes. */
function expectUnchanged(after: Snapshot, before: Snapshot) {
  expect(after.labels).toEqual(before.labels);
  expect(after.types).toEqual(before.types);
  const was = new Set(before.records);
  const now = new Set(after.records);
  expect({ added: after.records.filter((r) => !was.has(r)), removed: before.records.filter((r) => !now.has(r)) }).toEqual({
    added: [],
    removed: [],
  });
  expect(after.readGraphDigest).toBe(before.readGraphDigest);
}

/** Order-independent form of a graph: records sorted by identity, object keys sorted. */
const normalise = (graph: CompiledGraph) => ({
  documents: [...graph.documents].sort((a, b) => a.file.localeCompare(b.file)).map((d) => JSON.parse(canonical(d))),
  entities: [...graph.entities].sort((a, b) => a.id.localeCompare(b.id)).map((e) => JSON.parse(canonical(e))),
  relations: [...graph.relations]
    .sort((a, b) => `${a.from}|${a.type}|${a.to}`.localeCompare(`${b.from}|${b.type}|${b.to}`))
    .map((r) => JSON.parse(canonical(r))),
});

// ---------------------------------------------------------------------------------------------

describe('the knowledge graph loaded from seeds/', () => {
  const db = connect();
  let scratch: string;
  let baseline: Snapshot;

  const ownIds = async () =>
    (
      await db.read<{ id: string }>('MATCH (n:Entity) WHERE any(p IN $prefixes WHERE n.id STARTS WITH p) RETURN n.id AS id ORDER BY id', {
        prefixes: OWN_ID_PREFIXES,
      })
    ).map((r) => r.id);
  const deleteOwn = () =>
    db.write('MATCH (n:Entity) WHERE any(p IN $prefixes WHERE n.id STARTS WITH p) DETACH DELETE n', { prefixes: OWN_ID_PREFIXES });

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'kg-knowledge-'));
    baseline = await snapshot(db);
  });

  afterAll(async () => {
    await deleteOwn();
    await db.close();
    await rm(scratch, { recursive: true, force: true });
  });

  describe('evidence and ontology', () => {
    it('holds exactly the compiled seeds, nothing more', async () => {
      const compiled = await compileSeedPaths([SEEDS_DIR]);
      const stored = await readGraph(db);
      expect(stored.entities.length).toBeGreaterThan(100);
      expect(normalise(stored)).toEqual(normalise(compiled));
      const others = await db.read<{ n: number }>('MATCH (n) WHERE NOT n:Entity AND NOT n:Document RETURN count(n) AS n');
      expect(others).toEqual([{ n: 0 }]);
    });

    it('evidences 100% of nodes and relationships by quotes found in existing corpus documents', async () => {
      // An independent check: the corpus read here, whitespace dropped character by character.
      const corpus = new Map<string, string>();
      for (const name of await readdir(CORPUS)) {
        const text = await readFile(join(CORPUS, name), 'utf8');
        corpus.set(name, [...text].filter((c) => !/\s/u.test(c)).join(''));
      }
      expect(corpus.size).toBeGreaterThan(0);
      const dense = (s: string) => [...s].filter((c) => !/\s/u.test(c)).join('');

      const nodes = await db.read<{ what: string; evidence: string[] | null }>(
        "MATCH (n:Entity) RETURN 'node ' + n.id AS what, n.evidence AS evidence",
      );
      const rels = await db.read<{ what: string; evidence: string[] | null }>(
        "MATCH (a)-[r]->(b) RETURN 'relationship ' + coalesce(a.id, a.file) + ' -' + type(r) + '-> ' + coalesce(b.id, b.file) AS what, r.evidence AS evidence",
      );
      expect(nodes.length).toBe(baseline.labels.Entity);
      expect(rels.length).toBe(Object.values(baseline.types).reduce((a, b) => a + b, 0));

      const problems: string[] = [];
      let quotes = 0;
      for (const { what, evidence } of [...nodes, ...rels]) {
        if (!evidence || evidence.length === 0) problems.push(`${what}: no evidence`);
        for (const record of evidence ?? []) {
          quotes++;
          const tab = record.indexOf('\t');
          const [document, quote] = tab < 0 ? [record, ''] : [record.slice(0, tab), record.slice(tab + 1)];
          const body = corpus.get(document);
          if (body === undefined) problems.push(`${what}: document "${document}" is not in ${CORPUS}`);
          else if (quote.trim().length === 0) problems.push(`${what}: empty quote`);
          else if (quote.length > 80) problems.push(`${what}: quote longer than 80 characters: ${quote}`);
          else if (!body.includes(dense(quote))) problems.push(`${what}: "${quote}" not found in ${document}`);
        }
      }
      expect(problems).toEqual([]);
      expect(quotes).toBeGreaterThanOrEqual(nodes.length + rels.length);

      const documents = await db.read<{ file: string }>('MATCH (d:Document) RETURN d.file AS file');
      expect(documents.map((d) => d.file).filter((f) => !corpus.has(f))).toEqual([]);
    });

    it('uses only the ontology: relationship types, between entities; one kind label besides :Entity', async () => {
      const types = await db.read<{ type: string; ends: boolean }>(
        'MATCH (a)-[r]->(b) RETURN DISTINCT type(r) AS type, a:Entity AND b:Entity AS ends',
      );
      expect(types.filter((t) => !(RELATION_TYPES as readonly string[]).includes(t.type) || !t.ends)).toEqual([]);

      const nodes = await db.read<{ id: string; labels: string[]; kind: string }>(
        'MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, n.kind AS kind',
      );
      const bad = nodes.filter(({ labels, kind }) => {
        const kinds = labels.filter((l) => (KINDS as readonly string[]).includes(l));
        return labels.length !== 2 || !labels.includes('Entity') || kinds.length !== 1 || kinds[0] !== kind;
      });
      expect(bad).toEqual([]);
      // Every kind of the ontology is used, and ids are unique.
      expect(new Set(nodes.map((n) => n.kind))).toEqual(new Set(KINDS));
      expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    });
  });

  describe('aliases, look-up keys and parent/subsidiary', () => {
    it('makes 三伍微 one node under its full name, with its short names as aliases', async () => {
      const rows = await db.read<{ id: string; name: string; aliases: string[] }>(
        `MATCH (n:Entity) WHERE n.name CONTAINS '三伍微' OR any(a IN n.aliases WHERE a CONTAINS '三伍微')
         RETURN n.id AS id, n.name AS name, n.aliases AS aliases`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: 'san-wu-wei', name: '晋江三伍微电子有限公司' });
      expect(rows[0]?.aliases).toEqual(expect.arrayContaining(['三伍微', '三伍微电子']));
      for (const alias of ['三伍微', '三伍微电子', '晋江三伍微电子有限公司']) {
        const found = await db.read<{ id: string }>('MATCH (n:Entity) WHERE $key IN n.lookupKeys RETURN n.id AS id', {
          key: lookupKey(alias),
        });
        expect(found.map((r) => r.id)).toEqual(['san-wu-wei']);
      }
    });

    it('finds 毫束科技(晋江) whether its brackets are full-width or half-width', async () => {
      expect(lookupKey('毫束科技（晋江）有限公司')).toBe(lookupKey('毫束科技(晋江)有限公司'));
      for (const name of ['毫束科技（晋江）有限公司', '毫束科技(晋江)有限公司', ' 毫束科技（晋江）有限公司 ']) {
        const found = await db.read<{ id: string }>('MATCH (n:Entity) WHERE $key IN n.lookupKeys RETURN n.id AS id', {
          key: lookupKey(name),
        });
        expect(
          found.map((r) => r.id),
          name,
        ).toEqual(['hao-shu-ke-ji']);
      }
      const beijing = await db.read<{ id: string }>('MATCH (n:Entity) WHERE $key IN n.lookupKeys RETURN n.id AS id', {
        key: lookupKey('毫束科技（北京）有限公司'),
      });
      expect(beijing.map((r) => r.id)).toEqual(['hao-shu-ke-ji-bei-jing']);
    });

    it('keeps 毫束科技(晋江) and 毫束科技(北京) apart, the first a subsidiary of the second', async () => {
      const rows = await db.read<{ sub: string; parent: string }>(
        `MATCH (s:Company:Entity {id: 'hao-shu-ke-ji'})-[:SUBSIDIARY_OF]->(p:Company:Entity {id: 'hao-shu-ke-ji-bei-jing'})
         RETURN s.name AS sub, p.name AS parent`,
      );
      expect(rows).toEqual([{ sub: '毫束科技(晋江)有限公司', parent: '毫束科技(北京)有限公司' }]);
      const reverse = await db.read<{ n: number }>(
        "MATCH (:Entity {id: 'hao-shu-ke-ji-bei-jing'})-[r:SUBSIDIARY_OF]->(:Entity {id: 'hao-shu-ke-ji'}) RETURN count(r) AS n",
      );
      expect(reverse).toEqual([{ n: 0 }]);
    });

    it('records the investments in 新生纪元 and 三伍微 with their amount and round', async () => {
      const xinsheng = await db.read<{ investor: string; amountCny: number }>(
        `MATCH (f:Entity)-[r:INVESTS_IN]->(:Entity {id: 'xin-sheng-ji-yuan'}) RETURN f.name AS investor, r.amountCny AS amountCny`,
      );
      expect(xinsheng).toContainEqual({ investor: '新希望大健康产业基金', amountCny: 18_000_000 });
      const sanwuwei = await db.read<{ round: string }>(
        `MATCH (:Fund:Entity {id: 'jin-jiang-an-xin-ji-jin', name: '晋江安芯基金'})-[r:INVESTS_IN]->(:Entity {id: 'san-wu-wei'}) RETURN r.round AS round`,
      );
      expect(sanwuwei).toEqual([{ round: '天使轮' }]);
    });
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
        expect(await ownIds()).toEqual(['kt-company', 'kt-fund']);
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
        await deleteOwn();
      }
      expectUnchanged(await snapshot(db), baseline);
    });

    it('writes the same graph in batched transactions as in one, and a batched re-run changes nothing', async () => {
      const graph = await compileSeedPaths([FIXTURE], { existingIds: (ids) => existingIds(db, ids) });
      try {
        await importGraph(db, graph);
        const single = await snapshot(db);
        await deleteOwn();
        // One row per transaction: new entities CREATEd across batches, the restated seed one MERGEd.
        await importGraph(db, graph, { transaction: 'batched', batchSize: 1 });
        expectUnchanged(await snapshot(db), single);
        await importGraph(db, graph, { transaction: 'batched', batchSize: 2 });
        expectUnchanged(await snapshot(db), single);
      } finally {
        await deleteOwn();
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
      expect(await ownIds()).toEqual([]);
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

        expect(await ownIds()).toEqual([]);
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

  describe('export', () => {
    it('round-trips: the exported JSON compiles to the same graph, and importing it changes nothing', async () => {
      const graph = await readGraph(db);
      const dir = join(scratch, 'export');
      await mkdir(dir, { recursive: true });
      const file = join(dir, 'graph.json');
      await writeFile(file, `${JSON.stringify(toSeedFiles(graph), null, 2)}\n`);

      // Self-contained: compiles with no graph to resolve ids against, to exactly what was read.
      expect(normalise(await compileSeedPaths([file]))).toEqual(normalise(graph));

      const counts = await loadSeedPaths(db, [file]);
      expect(counts).toEqual({ documents: graph.documents.length, entities: graph.entities.length, relations: graph.relations.length });
      expectUnchanged(await snapshot(db), baseline);
    });

    it('writes neo4j-admin CSV: one row per entity and per relation, typed columns that hold their type', async () => {
      const graph = await readGraph(db);
      const files = toCsv(graph);
      const nodes = parseCsv(files['nodes.csv']);
      const rels = parseCsv(files['relationships.csv']);
      const [nodeHeader = [], ...nodeRows] = nodes;
      const [relHeader = [], ...relRows] = rels;
      expect(nodeHeader).toEqual(expect.arrayContaining(['id:ID', ':LABEL', 'name']));
      expect(relHeader.slice(0, 3)).toEqual([':START_ID', ':END_ID', ':TYPE']);
      expect(nodeRows).toHaveLength(graph.entities.length);
      expect(relRows).toHaveLength(graph.relations.length);
      expect(nodeRows.filter((row) => row.length !== nodeHeader.length)).toEqual([]);
      expect(relRows.filter((row) => row.length !== relHeader.length)).toEqual([]);

      const col = (header: string[], name: string) => header.indexOf(name);
      const ids = new Set(nodeRows.map((row) => row[col(nodeHeader, 'id:ID')]));
      expect(ids.size).toBe(graph.entities.length);
      for (const row of nodeRows) {
        const [entity, kind] = (row[col(nodeHeader, ':LABEL')] ?? '').split(';');
        expect(entity).toBe('Entity');
        expect(KINDS).toContain(kind);
      }
      expect(relRows.filter((row) => !ids.has(row[0] ?? '') || !ids.has(row[1] ?? ''))).toEqual([]);
      expect(relRows.filter((row) => !(RELATION_TYPES as readonly string[]).includes(row[2] ?? ''))).toEqual([]);
      // A `:long` column neo4j-admin would reject if any cell were not an integer.
      for (const [header, rows] of [
        [nodeHeader, nodeRows],
        [relHeader, relRows],
      ] as const) {
        header.forEach((name, i) => {
          if (name.endsWith(':long'))
            expect(
              rows.map((r) => r[i]).filter((v) => v !== '' && !/^-?\d+$/.test(v ?? '')),
              name,
            ).toEqual([]);
          if (name.endsWith(':double'))
            expect(
              rows.map((r) => r[i]).filter((v) => v !== '' && Number.isNaN(Number(v))),
              name,
            ).toEqual([]);
        });
      }
      // Arrays are `;`-joined, so no element may itself hold a `;`.
      const arrayElements = [
        ...graph.entities.flatMap((e) => [...e.aliases, ...e.evidence.map((x) => x.quote)]),
        ...graph.relations.flatMap((r) => r.evidence.map((x) => x.quote)),
      ];
      expect(arrayElements.filter((x) => x.includes(';'))).toEqual([]);
    });

    it('writes well-formed GraphML with one <node> per entity and one <edge> per relation', async () => {
      const graph = await readGraph(db);
      const xml = toGraphml(graph);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
      const body = xml.replace(/^<\?xml[^>]*\?>/, '');

      // Tags balance, and text holds no raw `<` or unescaped `&`.
      const stack: string[] = [];
      const counts = new Map<string, number>();
      const keyIds = new Set<string>();
      const nodeIds = new Set<string>();
      const edges: { source: string; target: string }[] = [];
      const usedKeys = new Set<string>();
      const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
      const tokens = body.split(/(<[^<>]*>)/);
      for (const token of tokens) {
        if (!token.startsWith('<')) {
          expect(token).not.toMatch(/[<>]|&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)/);
          continue;
        }
        const m = /^<(\/?)([A-Za-z_][\w.-]*)([^>]*?)(\/?)>$/.exec(token);
        expect(m, token).not.toBeNull();
        const [, close, name = '', , selfClose] = m ?? [];
        if (close) expect(stack.pop()).toBe(name);
        else {
          counts.set(name, (counts.get(name) ?? 0) + 1);
          if (name === 'key') keyIds.add(attr(token, 'id') ?? '');
          if (name === 'node') nodeIds.add(attr(token, 'id') ?? '');
          if (name === 'edge') edges.push({ source: attr(token, 'source') ?? '', target: attr(token, 'target') ?? '' });
          if (name === 'data') usedKeys.add(attr(token, 'key') ?? '');
          if (!selfClose) stack.push(name);
        }
      }
      expect(stack).toEqual([]);
      expect(counts.get('graphml')).toBe(1);
      expect(counts.get('node')).toBe(graph.entities.length);
      expect(counts.get('edge')).toBe(graph.relations.length);
      expect(nodeIds.size).toBe(graph.entities.length);
      expect(edges.filter((e) => !nodeIds.has(e.source) || !nodeIds.has(e.target))).toEqual([]);
      expect([...usedKeys].filter((k) => !keyIds.has(k))).toEqual([]);
    });
  });
});

/** RFC 4180: commas separate, double quotes enclose cells holding commas, quotes or line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) throw new Error('CSV ends inside a quoted cell');
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
