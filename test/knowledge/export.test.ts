/**
 * Exporting the knowledge from the run's real Neo4j holding seeds/: the JSON export compiles and
 * imports back to the same graph, the neo4j-admin CSV and the GraphML are well-formed and complete.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, RELATION_TYPES } from '../../src/core/schema.js';
import { toCsv, toGraphml, toSeedFiles } from '../../src/knowledge/export.js';
import { loadSeedPaths } from '../../src/knowledge/load.js';
import { compileSeedPaths } from '../../src/knowledge/seed-paths.js';
import { readGraph } from '../../src/repositories/graph-read.js';
import { connect } from '../helpers.js';
import { expectUnchanged, normalise, type Snapshot, snapshot } from './helpers.js';

describe('the knowledge graph loaded from seeds/', () => {
  const db = connect();
  let scratch: string;
  let baseline: Snapshot;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'kg-knowledge-'));
    baseline = await snapshot(db);
  });

  afterAll(async () => {
    await db.close();
    await rm(scratch, { recursive: true, force: true });
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
