/**
 * `kg extract` as a user runs it: an article of our own → a draft and the article beside it →
 * `kg validate --known` without a database → `kg import` → the facts in Neo4j with their evidence.
 * A bad article exits 2 naming the problem and writes nothing.
 */
import { access, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Database } from '../../src/db/database.js';
import { connect } from '../helpers.js';
import { kg } from '../support/kg-cli.js';

const KNOWN = `document:
  file: known.txt
entities:
  - id: kx-shi-li-shi
    kind: Region
    name: 示例市
    aliases: [示例]
    evidence:
      - quote: 示例市
`;
const ARTICLE = '2023年，蓝鲸测试智能有限公司正式落户示例市。蓝鲸测试智能有限公司总经理王海涛表示，将扩大产能。';

let db: Database;
let dir: string;
const ids: string[] = [];

beforeAll(async () => {
  db = connect();
  dir = await mkdtemp(join(tmpdir(), 'kg-extract-test-'));
  await writeFile(join(dir, 'known.yaml'), KNOWN);
  await writeFile(join(dir, 'known.txt'), '2020年落户示例市');
  await writeFile(join(dir, 'article.txt'), ARTICLE);
});
afterAll(async () => {
  await db.write('MATCH (n:Entity) WHERE n.id IN $ids DETACH DELETE n', { ids });
  await db.write('MATCH (d:Document) WHERE d.file IN $files DETACH DELETE d', { files: ['draft.txt', 'known.txt'] });
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('kg extract', () => {
  it('writes a draft with known ids and the article beside it; validate --known passes; import puts the facts in the graph', async () => {
    const draftPath = join(dir, 'draft.yaml');
    const exit = await kg([
      'extract',
      join(dir, 'article.txt'),
      '--known',
      join(dir, 'known.yaml'),
      '--out',
      draftPath,
      '--date',
      '2025-01',
    ]);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toMatch(/relations/);
    const draft = parse(await readFile(draftPath, 'utf8'));
    expect(draft.document).toMatchObject({ file: 'draft.txt', date: '2025-01', draft: true });
    expect(await readFile(join(dir, 'draft.txt'), 'utf8')).toBe(ARTICLE);
    const located = draft.relations.find((r: { type: string }) => r.type === 'LOCATED_IN');
    expect(located).toMatchObject({ to: 'kx-shi-li-shi', proposal: true });
    expect(located.confidence).toBeGreaterThan(0);
    for (const e of draft.entities) ids.push(e.id);

    const valid = await kg(['validate', draftPath, '--known', join(dir, 'known.yaml')]);
    expect(valid.code, valid.stderr).toBe(0);
    // The known entity is listed by its id, with this article's evidence: the draft is whole without the known file too.
    expect(draft.entities.find((e: { id: string }) => e.id === 'kx-shi-li-shi')).toMatchObject({ kind: 'Region', name: '示例市' });

    const imported = await kg(['import', join(dir, 'known.yaml'), draftPath]);
    expect(imported.code, imported.stderr).toBe(0);
    const rows = await db.read<{ evidence: string[] }>(
      'MATCH (:Entity {id: $from})-[r:LOCATED_IN]->(:Entity {id: $to}) RETURN r.evidence AS evidence',
      { from: located.from, to: 'kx-shi-li-shi' },
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.evidence.some((e) => e.startsWith('draft.txt\t'))).toBe(true);
    const leads = await db.read<{ role: string }>(
      'MATCH (p:Person {name: "王海涛"})-[r:LEADS]->(:Company {id: $id}) RETURN r.role AS role',
      {
        id: located.from,
      },
    );
    expect(leads).toEqual([{ role: '总经理' }]);
  });

  it('without --known, the known entities are the graph’s: a seeded entity is proposed by its id', async () => {
    const article = join(dir, 'graph.txt');
    await writeFile(article, '近日，蓝鲸测试智造有限公司与福州大学签订产学研合作协议，双方将共建联合实验室。');
    const out = join(dir, 'graph.yaml');
    const exit = await kg(['extract', article, '--out', out]);
    expect(exit.code, exit.stderr).toBe(0);
    const draft = parse(await readFile(out, 'utf8'));
    const partnership = draft.relations.find((r: { type: string }) => r.type === 'PARTNERS_WITH');
    expect([partnership.from, partnership.to]).toContain('fu-zhou-da-xue');
    expect(draft.entities.find((e: { id: string }) => e.id === 'fu-zhou-da-xue')).toMatchObject({ kind: 'University', name: '福州大学' });
  });

  it('a proposal restating a known relation leaves out the props the known one gives otherwise, so the draft validates', async () => {
    const known = join(dir, 'known-relation.yaml');
    await writeFile(
      known,
      `${KNOWN}  - id: kx-lan-jing
    kind: Company
    name: 蓝鲸测试智能有限公司
    evidence:
      - quote: 示例市
relations:
  - type: LOCATED_IN
    from: kx-lan-jing
    to: kx-shi-li-shi
    props: { since: "2020" }
    evidence:
      - quote: 2020年落户示例市
`,
    );
    const out = join(dir, 'restated.yaml');
    const exit = await kg(['extract', join(dir, 'article.txt'), '--known', known, '--out', out]);
    expect(exit.code, exit.stderr).toBe(0);
    const draft = parse(await readFile(out, 'utf8'));
    const located = draft.relations.find((r: { type: string }) => r.type === 'LOCATED_IN');
    expect(located).toMatchObject({ from: 'kx-lan-jing', to: 'kx-shi-li-shi' });
    // The article says 2023, the known relation 2020: the draft keeps its quote, not its year.
    expect(located.props?.since).toBeUndefined();
    const valid = await kg(['validate', out, '--known', known]);
    expect(valid.code, valid.stderr).toBe(0);
  });

  it('--known takes any subset of a graph’s files: a relation of theirs to an entity declared elsewhere is left out, not refused', async () => {
    // As the leave-one-out bench does, and as a user with some of the seed files would.
    const partial = join(dir, 'partial.yaml');
    await writeFile(
      partial,
      `${KNOWN}relations:
  - type: PART_OF
    from: kx-shi-li-shi
    to: kx-not-in-these-files
    evidence:
      - quote: 示例市
`,
    );
    const out = join(dir, 'partial-draft.yaml');
    const exit = await kg(['extract', join(dir, 'article.txt'), '--known', partial, '--out', out]);
    expect(exit.code, exit.stderr).toBe(0);
    const draft = parse(await readFile(out, 'utf8'));
    expect(draft.relations.some((r: { to: string }) => r.to === 'kx-shi-li-shi')).toBe(true);
    const valid = await kg(['validate', out, '--known', partial]);
    expect(valid.code, valid.stderr).toBe(0);
  });

  it('a reviewed file may not carry proposal marks; only a draft may', async () => {
    const path = join(dir, 'marked.yaml');
    await writeFile(path, KNOWN.replace('    name: 示例市', '    name: 示例市\n    proposal: true'));
    const exit = await kg(['validate', path]);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('proposal: only a draft may carry it');
  });

  it('a bad article (empty, binary, no Chinese, huge) exits 2 saying what and where, and writes nothing', async () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.txt', ' \n\n ', /is empty/],
      ['binary.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff]), /not text: a NUL byte at byte 4/],
      ['english.txt', 'An article in English only.', /Chinese characters/],
      ['huge.txt', '示'.repeat(400_000), /more than/],
    ];
    for (const [name, content, message] of cases) {
      const bad = await mkdtemp(join(dir, 'bad-'));
      await writeFile(join(bad, name), content);
      const exit = await kg(['extract', join(bad, name), '--known', join(dir, 'known.yaml'), '--out', join(bad, 'out.yaml')]);
      expect(exit.code, name).toBe(2);
      expect(exit.stderr).toContain(name);
      expect(exit.stderr).toMatch(message);
      expect(await readdir(bad)).toEqual([name]);
    }
  });

  it('usage errors exit 2 with the usage: no --out, a bad --date, --known with nothing after it', async () => {
    const article = join(dir, 'article.txt');
    for (const [args, message] of [
      [['extract', article], 'needs --out'],
      [['extract', article, '--out', join(dir, 'x.yaml'), '--date', 'yesterday'], '--date must be an ISO date'],
      [['extract', article, '--out', join(dir, 'x.yaml'), '--known'], '--known needs at least one'],
    ] as const) {
      const exit = await kg([...args]);
      expect(exit.code).toBe(2);
      expect(exit.stderr).toContain(message);
      expect(exit.stderr).toContain('usage:');
    }
    await expect(access(join(dir, 'x.yaml'))).rejects.toThrow();
  });
});
