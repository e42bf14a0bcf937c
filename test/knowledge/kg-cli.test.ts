/**
 * `kg validate`, `kg seed` and the commands' usage errors, as a user runs them (`npx tsx src/cli/kg.ts`)
 * against the run's Neo4j. A refused command exits 2 with one line saying what is wrong and the usage,
 * and writes nothing: the file it was given would have been imported otherwise (the control).
 */
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import type { Database } from '../../src/db/database.js';
import { freePort } from '../../src/neo4j/managed.js';
import { expectGraphUnchanged } from '../graph-digest.js';
import { connect } from '../helpers.js';
import { type Exit, kg } from '../support/kg-cli.js';

const DOCUMENT = '000_06180eb26bb0e0f8.txt';
const PREFIX = 'kc-cli-';

const file = (quote: string) => `document:
  file: ${DOCUMENT}
entities:
  - id: ${PREFIX}company
    kind: Company
    name: "命令行测试电子有限公司"
    evidence:
      - quote: ${quote}
`;
const VALID = file('钟林带着两名研发骨干从上海来到晋江三创园');
/** The same file with a quote its document does not hold. */
const BAD = file('这句话不在文档里');

/** stderr without npm's own warnings about the user's npmrc (not the CLI's output). */
const cliLines = (stderr: string) => stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('npm warn'));

let db: Database;
let dir: string;
const valid = () => join(dir, 'valid.yaml');
const own = async () => db.read<{ id: string }>('MATCH (n:Entity) WHERE n.id STARTS WITH $prefix RETURN n.id AS id', { prefix: PREFIX });

beforeAll(async () => {
  db = connect();
  dir = await mkdtemp(join(tmpdir(), 'kg-cli-test-'));
  await writeFile(valid(), VALID);
  await writeFile(join(dir, 'bad.yaml'), BAD);
});
afterAll(async () => {
  await db.write('MATCH (n:Entity) WHERE n.id STARTS WITH $prefix DETACH DELETE n', { prefix: PREFIX });
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('kg validate', () => {
  it('checks seeds/ without a database: exit 0 and the counts the seeded graph holds', async () => {
    // No Neo4j answers at this address: validate must not need one.
    const exit = await kg(['validate'], { NEO4J_URI: `bolt://127.0.0.1:${await freePort()}` });
    expect(exit.code, exit.stderr).toBe(0);
    const [row] = await db.read<{ entities: number; relations: number; documents: number }>(
      `CALL { MATCH (n:Entity) RETURN count(n) AS entities } CALL { MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relations }
       CALL { MATCH (d:Document) RETURN count(d) AS documents } RETURN entities, relations, documents`,
    );
    expect(exit.stdout.trim()).toBe(`ok: ${row?.documents} documents, ${row?.entities} entities, ${row?.relations} relations`);
  });

  it('exits 1 on a quote its document does not hold, naming the file, the record and the field', async () => {
    const exit = await kg(['validate', dir]);
    expect(exit.code, exit.stderr).toBe(1);
    expect(exit.stdout).toBe('');
    const lines = cliLines(exit.stderr);
    expect(lines, exit.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^invalid seed: /);
    // Named as the folder given was walked: relative to the working directory.
    expect(lines[0]).toContain(relative(PROJECT_ROOT, join(dir, 'bad.yaml')));
    expect(lines[0]).toContain(`entities[0] (id ${PREFIX}company): evidence[0].quote: `);
    expect(lines[0]).not.toContain('valid.yaml');
  });
});

describe('kg seed', () => {
  it('loads seeds/ again into the seeded graph: exit 0, the counts said, and not a property changed', async () => {
    const exit = await kg(['seed']);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toMatch(/^loaded 5 documents, \d+ entities, \d+ relations in [\d.]+s\n$/);
    await expectGraphUnchanged(db, inject('seedGraph'), 'kg seed on the seed graph');
  });
});

describe('usage errors', () => {
  const cases: [string, () => string[], string][] = [
    ['no command', () => [], 'no command'],
    ['an unknown command', () => ['load', valid()], 'unknown command "load"'],
    ['import of nothing', () => ['import'], 'kg import needs at least one file or folder'],
    ['a mistyped option', () => ['import', valid(), '--batchsize', '10'], "Unknown option '--batchsize'"],
    ['a batch size of 0', () => ['import', valid(), '--batched', '--batch-size', '0'], '--batch-size must be a positive integer, not "0"'],
    ['a batch size without --batched', () => ['import', valid(), '--batch-size', '10'], '--batch-size goes with --batched'],
    ['--replace without --bulk', () => ['import', valid(), '--replace'], '--replace goes with --bulk'],
    ['both modes', () => ['import', valid(), '--bulk', '--batched'], '--bulk and --batched are two different modes: choose one'],
    [
      '--bulk with NEO4J_URI',
      () => ['import', valid(), '--bulk'],
      '--bulk needs the managed local Neo4j, not NEO4J_URI: use --batched instead',
    ],
    [
      'an unknown export format',
      () => ['export', '--format', 'xml', '--out', join(dir, 'out.xml')],
      '--format must be json, csv or graphml, not "xml"',
    ],
    ['--out without a path', () => ['export', '--out'], "Option '--out <value>' argument missing"],
  ];

  it('each exits 2 with what is wrong, then the usage, and writes nothing', async () => {
    const exits: Exit[] = [];
    // Two at a time: each child starts tsx.
    for (let i = 0; i < cases.length; i += 2) exits.push(...(await Promise.all(cases.slice(i, i + 2).map(([, args]) => kg(args())))));
    for (const [i, [name, , message]] of cases.entries()) {
      const exit = exits[i] as Exit;
      const context = `${name}: exit ${exit.code}, stderr:\n${exit.stderr}`;
      expect(exit.code, context).toBe(2);
      const lines = cliLines(exit.stderr);
      expect(lines[0], context).toContain(message);
      expect(lines[1], context).toBe('usage:');
      expect(exit.stdout, context).toBe('');
    }
    expect(await own()).toEqual([]);
    await expect(access(join(dir, 'out.xml'))).rejects.toThrow();
    await expectGraphUnchanged(db, inject('seedGraph'), 'refused kg commands');
  }, 120_000);

  it('imports the same file when the command is right (the control): exit 0, and it is in the graph', async () => {
    const exit = await kg(['import', valid(), '--batched', '--batch-size', '10']);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toMatch(/^loaded 1 documents, 1 entities, 0 relations/);
    expect(await own()).toEqual([{ id: `${PREFIX}company` }]);
  });
});
