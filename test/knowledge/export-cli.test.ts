/**
 * `kg export` through the CLI, against the run's Neo4j holding seeds/ plus awkward records of this
 * file's own (`xp<random>-` ids; `;`, `|`, tabs, quotes, line breaks, empty lists, CJK, a document
 * that is not in the corpus, as evidence written through the API names), and each format read back
 * by what it is for: JSON through `kg import`, CSV through neo4j-admin into a throwaway store,
 * GraphML through an XML parser. Each is compared with the source record by record.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledGraph } from '../../src/core/graph.js';
import { Database } from '../../src/db/database.js';
import { runAdmin } from '../../src/knowledge/bulk/admin.js';
import { CSV_AFTER_IMPORT_FILE, CSV_ARGUMENTS_FILE, GRAPHML_LIST } from '../../src/knowledge/export.js';
import { neo4jAdminArgs, resolveClasspath, startManagedNeo4j } from '../../src/neo4j/managed.js';
import { importGraph } from '../../src/repositories/graph-write.js';
import { graphRecords } from '../graph-digest.js';
import { connect, testServer } from '../helpers.js';
import { kg, prepareHome, scratchDir } from './export-cli-support.js';

const PREFIX = `xp${Math.random().toString(36).slice(2, 8)}-`;
const CORPUS_DOC = '000_06180eb26bb0e0f8.txt';
/** Not in the corpus: a source named through the API. */
const API_DOC = `${PREFIX}api source; "引号" | 来源.txt`;

const AWKWARD: CompiledGraph = {
  documents: [{ file: API_DOC, title: '标题; with "quotes" | pipes', date: '2025-07' }],
  entities: [
    {
      id: `${PREFIX}semi`,
      kind: 'Company',
      name: `分号;竖线|测试"公司"${PREFIX}`,
      aliases: [`别名;一${PREFIX}`, '竖|二', '引号"三"', "单'引", '全角（括号）', 'tab\tin alias'],
      description: '第一行\n第二行, with "quotes", ; and |\tand a tab',
      props: { registeredCapitalCny: 12345.5, employees: 42, foundedOn: '2020-01', website: 'https://例子.cn/a;b|c' },
      inferred: { foundedOn: '推断; "引号" | 竖线\t与制表符', employees: '另一条理由' },
      evidence: [
        { document: CORPUS_DOC, quote: '钟林带着两名研发骨干从上海来到晋江三创园' },
        { document: API_DOC, quote: 'API 引文; "quoted" | piped\twith a tab' },
      ],
    },
    {
      id: `${PREFIX}empty`,
      kind: 'Fund',
      name: `空列表基金${PREFIX}`,
      aliases: [],
      props: {},
      evidence: [{ document: API_DOC, quote: '只有 API 来源' }],
    },
    {
      id: `${PREFIX}cjk`,
      kind: 'Region',
      name: `晋江市测试区${PREFIX}`,
      aliases: ['晋江', '𠀀扩展B'],
      props: { regionLevel: 'district', areaSqm: 1_000_000 },
      evidence: [{ document: CORPUS_DOC, quote: '但是晋江安芯基金投资了我们的天使轮' }],
    },
  ],
  relations: [
    {
      type: 'INVESTS_IN',
      from: `${PREFIX}empty`,
      to: `${PREFIX}semi`,
      props: { amountCny: 18_000_000, round: 'A轮;B轮|"C"', date: '2024-01-02' },
      evidence: [{ document: API_DOC, quote: '投资; "一千八百万" | 元' }],
    },
    {
      type: 'LOCATED_IN',
      from: `${PREFIX}semi`,
      to: `${PREFIX}cjk`,
      props: { note: '多行\n说明' },
      inferred: '由"名称"推断; 多行\n理由 | 竖线',
      evidence: [{ document: CORPUS_DOC, quote: '钟林带着两名研发骨干从上海来到晋江三创园' }],
    },
  ],
};

const mine = (record: string) => record.includes(PREFIX);

describe('kg export through the CLI, each format read back by what it is for', () => {
  const db = connect();
  let scratch: string;
  /** Every record of the graph at export time; the awkward ones among them. */
  let source: string[];
  let sourceMine: string[];

  beforeAll(async () => {
    scratch = await scratchDir();
    await importGraph(db, AWKWARD);
    source = await graphRecords(db);
    sourceMine = source.filter(mine);
    expect(sourceMine.length).toBe(6); // 3 entities, 1 document, 2 relationships
  });

  afterAll(async () => {
    await db.write(`MATCH (n) WHERE n.id STARTS WITH $p OR n.file STARTS WITH $p DETACH DELETE n`, { p: PREFIX });
    await db.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('JSON: kg import of the export rebuilds the same records, the API-sourced document marked unverified', async () => {
    const file = join(scratch, 'graph.json');
    const out = await kg(['export', '--format', 'json', '--out', file]);
    expect(out.code, out.stderr).toBe(0);
    const seeds = JSON.parse(await readFile(file, 'utf8')) as { document: { file: string; unverified?: true } }[];
    expect(seeds.find((s) => s.document.file === API_DOC)?.document.unverified).toBe(true);
    expect(seeds.find((s) => s.document.file === CORPUS_DOC)?.document.unverified).toBeUndefined();
    // Without the marker the quote check refuses the API's document, and nothing is written.
    const unmarked = join(scratch, 'unmarked.json');
    await writeFile(unmarked, JSON.stringify(seeds.map((s) => ({ ...s, document: { ...s.document, unverified: undefined } }))));
    const refused = await kg(['import', unmarked]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`document.file: ${API_DOC} not found`);

    // A fresh place for the awkward records: removed, then rebuilt by the import alone.
    await db.write(`MATCH (n) WHERE n.id STARTS WITH $p OR n.file STARTS WITH $p DETACH DELETE n`, { p: PREFIX });
    expect((await graphRecords(db)).filter(mine)).toEqual([]);
    const back = await kg(['import', file]);
    expect(back.code, back.stderr).toBe(0);
    expect(await graphRecords(db)).toEqual(source);
  });

  it('GraphML: an XML parser reads back every node, edge and property, lists included', async () => {
    const file = join(scratch, 'graph.graphml');
    const out = await kg(['export', '--format', 'graphml', '--out', file]);
    expect(out.code, out.stderr).toBe(0);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      textNodeName: 'text',
      parseTagValue: false,
      trimValues: false,
      htmlEntities: true, // character references (&#9; &#10; …) decoded, as any conformant parser does
      isArray: (name, _path, _leaf, attribute) => !attribute && ['key', 'node', 'edge', 'data'].includes(name),
    }).parse(await readFile(file, 'utf8'));
    type Data = { key: string; text?: string };
    const keys = new Map<string, { name: string; type: string; list: boolean }>(
      (parsed.graphml.key as { id: string; 'attr.name': string; 'attr.type': string; desc?: string }[]).map((k) => [
        k.id,
        { name: k['attr.name'], type: k['attr.type'], list: k.desc === GRAPHML_LIST },
      ]),
    );
    const props = (data: Data[] = []) =>
      Object.fromEntries(
        data.map((d) => {
          const key = keys.get(d.key);
          if (!key) throw new Error(`undeclared key ${d.key}`);
          const text = d.text ?? '';
          const value = key.list
            ? JSON.parse(text)
            : key.type === 'double'
              ? Number(text)
              : key.type === 'boolean'
                ? text === 'true'
                : text;
          return [key.name, value];
        }),
      );
    const canonical = (value: unknown) =>
      JSON.stringify(value, (_k, v) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
      );
    const graph = parsed.graphml.graph as {
      node: { id: string; data?: Data[] }[];
      edge: { source: string; target: string; data?: Data[] }[];
    };
    const endOf = (id: string) => (id.startsWith('document:') ? id.slice('document:'.length) : id);
    const read = [
      ...graph.node.map((n) => {
        const { labels, ...rest } = props(n.data);
        return `node ${canonical({ labels: [...(labels as string[])].sort(), props: rest })}`;
      }),
      ...graph.edge.map((e) => {
        const { type, ...rest } = props(e.data);
        return `rel ${canonical({ from: endOf(e.source), type, to: endOf(e.target), props: rest })}`;
      }),
    ].sort();
    // The source's records without the Cypher types (GraphML has no long/double distinction to carry).
    const expected = source
      .map((r) => {
        const { types: _types, ...rest } = JSON.parse(r.slice(r.indexOf(' ') + 1));
        return `${r.slice(0, r.indexOf(' '))} ${canonical(rest)}`;
      })
      .sort();
    expect(read).toEqual(expected);
    expect(read.filter(mine)).toHaveLength(6);
  });

  it('CSV: neo4j-admin builds the same graph from the export with its import.args, and entity(name:) finds by alias there', async () => {
    const dir = join(scratch, 'csv');
    const out = await kg(['export', '--format', 'csv', '--out', dir]);
    expect(out.code, out.stderr).toBe(0);
    const home = await prepareHome(scratch);
    const classpath = await resolveClasspath();
    // The command seeds/README.md gives: neo4j-admin database import full neo4j @<dir>/import.args
    const admin = await runAdmin(
      neo4jAdminArgs(
        classpath,
        'database',
        'import',
        'full',
        'neo4j',
        `@${join(dir, CSV_ARGUMENTS_FILE)}`,
        `--report-file=${join(scratch, 'import.report')}`,
      ),
      home,
      () => {},
    );
    expect(admin.code, admin.tail.join('\n')).toBe(0);
    const server = await startManagedNeo4j({ home, heap: '256m', pagecache: '32m' });
    const copy = Database.connect(server);
    try {
      await copy.applySchema(120);
      const statements = (await readFile(join(dir, CSV_AFTER_IMPORT_FILE), 'utf8')).split(';\n').filter((s) => s.trim());
      for (const statement of statements) await copy.write(statement);
      expect(await graphRecords(copy)).toEqual(source);

      const { query } = testServer(copy);
      const found = await query<{ entity: { slug: string } | null }>('query($n: String!) { entity(name: $n) { slug } }', {
        n: `别名;一${PREFIX}`,
      });
      expect(found.errors).toBeUndefined();
      expect(found.data?.entity?.slug).toBe(`${PREFIX}semi`);
    } finally {
      await copy.close();
      await server.stop();
    }
  }, 240_000);
});
