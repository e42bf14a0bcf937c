/**
 * Exporting the knowledge from the run's real Neo4j holding seeds/: the JSON export compiles and
 * imports back to the same graph, the neo4j-admin CSV and the GraphML are well-formed and complete.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELATION_TYPES } from '../../src/core/schema.js';
import { CSV_ARGUMENTS_FILE, exportCsv, toGraphml, toSeedFiles } from '../../src/knowledge/export.js';
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

    it("writes neo4j-admin CSV: the bulk import's files, typed, every node and relation, and the arguments that read them", async () => {
      const graph = await readGraph(db);
      const dir = join(scratch, 'csv');
      await mkdir(dir, { recursive: true });
      const written = await exportCsv(graph, dir);
      const args = (await readFile(join(dir, CSV_ARGUMENTS_FILE), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as string);
      expect(args).toContain('--array-delimiter=U+001F');
      const csvArgs = args.filter((a) => /^--(nodes|relationships)=/.test(a));
      expect(csvArgs.map((a) => a.slice(a.lastIndexOf('=') + 1))).toEqual(written.filter((f) => f.endsWith('.csv')));
      let entities = 0;
      let documents = 0;
      let relations = 0;
      for (const arg of csvArgs) {
        const [header = [], ...rows] = parseCsv(await readFile(arg.slice(arg.lastIndexOf('=') + 1), 'utf8'));
        expect(rows.filter((row) => row.length !== header.length)).toEqual([]);
        if (arg.startsWith('--nodes=Document')) documents += rows.length;
        else if (arg.startsWith('--nodes=Entity')) {
          entities += rows.length;
          expect(header).toEqual(expect.arrayContaining(['id:ID(Entity)', 'evidence:string[]', 'lookupKeys:string[]', 'aliasText:string']));
          // Evidence as stored: document<TAB>quote, elements split by U+001F.
          const at = header.indexOf('evidence:string[]');
          for (const row of rows) for (const e of (row[at] ?? '').split('\u001F')) expect(e).toMatch(/^[^\t]+\t[^\t]+$/);
        } else {
          relations += rows.length;
          expect(header.slice(0, 2)).toEqual([':START_ID(Entity)', ':END_ID(Entity)']);
          expect(RELATION_TYPES as readonly string[]).toContain(/^--relationships=([A-Z_]+)=/.exec(arg)?.[1]);
        }
      }
      expect({ documents, entities, relations }).toEqual({
        documents: graph.documents.length,
        entities: graph.entities.length,
        relations: graph.relations.length,
      });
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
      expect(counts.get('node')).toBe(graph.entities.length + graph.documents.length);
      expect(counts.get('edge')).toBe(graph.relations.length);
      expect(nodeIds.size).toBe(graph.entities.length + graph.documents.length);
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
