import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGraphUnchanged, type GraphDigest, graphDigest } from '../graph-digest.js';
import { connect } from '../helpers.js';
import { type Exit, kg } from '../support/kg-cli.js';

const DOCUMENT = '000_06180eb26bb0e0f8.txt';

/** A valid import of this file's own (`hz-imp-`) entities; each bad file below differs from it in one defect. */
const VALID = {
  document: { file: DOCUMENT },
  entities: [
    {
      id: 'hz-imp-company',
      kind: 'Company',
      name: '导入测试电子有限公司',
      evidence: [{ quote: '钟林带着两名研发骨干从上海来到晋江三创园' }],
    },
    {
      id: 'hz-imp-fund',
      kind: 'Fund',
      name: '导入测试基金',
      props: { fundSizeCny: 100_000_000 },
      evidence: [{ quote: '但是晋江安芯基金投资了我们的天使轮' }],
    },
  ],
  relations: [
    { type: 'INVESTS_IN', from: 'hz-imp-fund', to: 'hz-imp-company', evidence: [{ quote: '但是晋江安芯基金投资了我们的天使轮' }] },
  ],
};

const YAML_TEXT = `document:
  file: ${DOCUMENT}
entities:
  - id: hz-imp-company
    kind: Company
    name: "导入测试电子有限公司"
    evidence:
      - quote: 钟林带着两名研发骨干从上海来到晋江三创园
  - id: hz-imp-fund
    kind: Fund
    name: "导入测试基金"
    props:
      fundSizeCny: 100000000
    evidence:
      - quote: 但是晋江安芯基金投资了我们的天使轮
relations:
  - type: INVESTS_IN
    from: hz-imp-fund
    to: hz-imp-company
    evidence:
      - quote: 但是晋江安芯基金投资了我们的天使轮
`;

const variant = (change: (seed: any) => void) => {
  const seed = structuredClone(VALID) as any;
  change(seed);
  return JSON.stringify(seed, null, 2);
};

interface BadFile {
  name: string;
  file: string;
  text: string;
  /** The record and the field the message must name. */
  record: string;
  field: string;
}

const jsonText = JSON.stringify(VALID, null, 2);

const BAD: BadFile[] = [
  {
    name: 'truncated YAML',
    file: 'truncated.yaml',
    text: YAML_TEXT.slice(0, YAML_TEXT.indexOf('导入测试基金') + 3),
    record: 'entities[1] (id hz-imp-fund)',
    field: 'name',
  },
  {
    name: 'truncated JSON',
    file: 'truncated.json',
    text: jsonText.slice(0, jsonText.indexOf('100000000') + 4),
    record: 'entities[1] (id hz-imp-fund)',
    field: 'props.fundSizeCny',
  },
  {
    name: 'a wrong type',
    file: 'wrong-type.json',
    text: variant((s) => {
      s.entities[1].props.fundSizeCny = '一亿';
    }),
    record: 'entities[1] (id hz-imp-fund)',
    field: 'props.fundSizeCny',
  },
  {
    name: 'a missing id',
    file: 'missing-id.json',
    text: variant((s) => {
      delete s.entities[0].id;
    }),
    record: 'entities[0]',
    field: 'id',
  },
  {
    name: 'an unknown relationship type',
    file: 'unknown-type.json',
    text: variant((s) => {
      s.relations[0].type = 'OWNS';
    }),
    record: 'relations[0] (hz-imp-fund -OWNS-> hz-imp-company)',
    field: 'type',
  },
  {
    name: 'a dangling reference',
    file: 'dangling.json',
    text: variant((s) => {
      s.relations[0].to = 'hz-imp-nowhere';
    }),
    record: 'relations[0] (hz-imp-fund -INVESTS_IN-> hz-imp-nowhere)',
    field: 'to',
  },
  {
    name: 'a quote not found in its document',
    file: 'quote.json',
    text: variant((s) => {
      s.entities[0].evidence[0].quote = '这句话不在那篇文章里';
    }),
    record: 'entities[0] (id hz-imp-company)',
    field: 'evidence[0].quote',
  },
];

/** stderr without npm's own warnings about the user's npmrc (not the CLI's output). */
const cliLines = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('npm warn'))
    .map((line) => line.trimEnd());

const db = connect();
let dir: string;
let initial: GraphDigest;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kg-import-cli-'));
  for (const bad of BAD) await writeFile(join(dir, bad.file), bad.text);
  await writeFile(join(dir, 'valid.yaml'), YAML_TEXT);
  initial = await graphDigest(db);
});
afterAll(async () => {
  await db.write('MATCH (n:Entity) WHERE n.id STARTS WITH "hz-imp-" DETACH DELETE n');
  await expectGraphUnchanged(db, initial);
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('kg import of a bad file', () => {
  it('exits 1 with one line naming the file, the record and the field, and writes nothing', async () => {
    // Two at a time: each child starts tsx and a driver.
    const exits: Exit[] = [];
    for (let i = 0; i < BAD.length; i += 2)
      exits.push(...(await Promise.all(BAD.slice(i, i + 2).map((bad) => kg(['import', join(dir, bad.file)])))));
    for (const [i, bad] of BAD.entries()) {
      const exit = exits[i] as Exit;
      const lines = cliLines(exit.stderr);
      const context = `${bad.name}: exit ${exit.code}, stderr:\n${exit.stderr}`;
      expect(exit.code, context).toBe(1);
      expect(lines, context).toHaveLength(1);
      const [line] = lines as [string];
      expect(line, context).toMatch(/^invalid seed: /);
      expect(line, context).toContain(join(dir, bad.file));
      expect(line, context).toContain(`${bad.record}: ${bad.field}: `);
      expect(exit.stdout, context).not.toMatch(/loaded/);
    }
    await expectGraphUnchanged(db, initial);
    const written = await db.read('MATCH (n:Entity) WHERE n.id STARTS WITH "hz-imp-" RETURN n.id');
    expect(written).toEqual([]);
  }, 180_000);

  it('imports the same file without the defect (the control): exit 0, and the graph holds it', async () => {
    const exit = await kg(['import', join(dir, 'valid.yaml')]);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toMatch(/loaded 1 documents, 2 entities, 1 relations/);
    const rows = await db.read<{ id: string }>('MATCH (n:Entity) WHERE n.id STARTS WITH "hz-imp-" RETURN n.id AS id ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(['hz-imp-company', 'hz-imp-fund']);
  }, 60_000);
});
