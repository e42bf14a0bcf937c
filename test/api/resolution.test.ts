import { Converter } from 'opencc-js/cn2t';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledEntity } from '../../src/core/graph.js';
import { foldKey, isDistinctive } from '../../src/core/name-forms.js';
import { lookupKey } from '../../src/core/names.js';
import { SEEDS_DIR } from '../../src/core/paths.js';
import { type NameIndex, type Resolution, resolveName } from '../../src/core/resolve.js';
import { seedNameIndex } from '../../src/knowledge/name-index.js';
import { compileSeedPaths } from '../../src/knowledge/seed-paths.js';
import { addMissingMatchKeys } from '../../src/repositories/names.js';
import { connect, testServer } from '../helpers.js';

const toTraditional = Converter({ from: 'cn', to: 'tw' });

/** The ways people retype a name, made with plain string edits (not the resolver's own forms). */
function variants(name: string): { how: string; text: string }[] {
  const out: { how: string; text: string }[] = [];
  const add = (how: string, text: string) => {
    if (text !== name && text.trim() !== '') out.push({ how, text });
  };
  const suffix = ['股份有限公司', '有限责任公司', '有限公司', '集团'].find((s) => name.endsWith(s));
  if (suffix) add('suffix dropped', name.slice(0, -suffix.length));
  const prefix = ['福建省', '福建', '泉州市', '泉州', '晋江市', '晋江'].find((p) => name.startsWith(p));
  if (prefix) add('prefix dropped', name.slice(prefix.length));
  add(
    'other bracket width',
    name.replace(/[()（）]/g, (c) => ({ '(': '（', ')': '）', '（': '(', '）': ')' })[c] as string),
  );
  if (/[-—–]/.test(name)) {
    add(
      'another dash',
      name.replace(/[-—–]/g, (c) => (c === '-' ? '—' : '-')),
    );
    add('no dash', name.replace(/[-—–]/g, ''));
  }
  add('traditional', toTraditional(name));
  return out;
}

const QUERY = (n: number) =>
  `query(${Array.from({ length: n }, (_, i) => `$v${i}: String!`).join(', ')}) {
    ${Array.from(
      { length: n },
      (_, i) => `v${i}: neighborhood(id: $v${i}, limit: 1) {
        __typename ... on Graph { root { slug } } ... on NotFoundError { message candidates { slug } } }`,
    ).join('\n')}
  }`;

type Answer = { found: string | null; candidates: string[] };
const summary = (r: Resolution<{ id: string }>): Answer =>
  r.status === 'found'
    ? { found: r.entity.id, candidates: [] }
    : { found: null, candidates: r.status === 'none' ? [] : r.candidates.map((c) => c.id) };

describe('names as people type them', () => {
  const db = connect();
  const { query } = testServer(db);
  let entities: CompiledEntity[];
  let seedIndex: NameIndex<CompiledEntity>;
  beforeAll(async () => {
    entities = (await compileSeedPaths([SEEDS_DIR])).entities;
    seedIndex = await seedNameIndex([SEEDS_DIR]);
  });
  afterAll(() => db.close());

  /** Through the API (Neo4j's index): what neighborhood(id:) makes of each text, 25 to a request. */
  const viaApi = async (texts: string[]): Promise<Answer[]> => {
    const out: Answer[] = [];
    for (let i = 0; i < texts.length; i += 25) {
      const chunk = texts.slice(i, i + 25);
      const result = await query(QUERY(chunk.length), Object.fromEntries(chunk.map((t, j) => [`v${j}`, t])));
      expect(result.errors).toBeUndefined();
      for (let j = 0; j < chunk.length; j++) {
        const answer = result.data?.[`v${j}`];
        out.push(
          answer.__typename === 'Graph'
            ? { found: answer.root.slug, candidates: [] }
            : { found: null, candidates: answer.candidates.map((c: { slug: string }) => c.slug) },
        );
      }
    }
    return out;
  };

  it.each([
    ['安芯基金', 'jin-jiang-an-xin-ji-jin'],
    ['中探探针', 'zhong-tan-zhen'],
    ['茂泰', 'mao-tai-xin-cai-liao'],
    ['三创园', 'jin-jiang-san-chuang-yuan'],
    ['中探探针(福建)', 'zhong-tan-zhen'],
    ['毫束科技(北京)', 'hao-shu-ke-ji-bei-jing'],
    ['福州大学—晋江微电子研究院', 'fu-zhou-da-xue-jin-jiang-wei-dian-zi-yan-jiu-yuan'],
    ['福州大学晋江微电子研究院', 'fu-zhou-da-xue-jin-jiang-wei-dian-zi-yan-jiu-yuan'],
    ['福建海峡石墨烯产业技术研究院', 'fu-jian-hai-xia-shi-mo-xi-chan-ye-ji-shu-yan-jiu-yuan'],
    ['福建海峽石墨烯產業技術研究院', 'fu-jian-hai-xia-shi-mo-xi-chan-ye-ji-shu-yan-jiu-yuan'],
  ])('resolves %s to %s in entity(name:) and as the end of a path', async (text, slug) => {
    const { data } = await query(
      `query($t: String!) { entity(name: $t) { slug }
         paths(from: $t, to: "福州大学", maxHops: 6, k: 1) { __typename ... on PathsResult { from { slug } } ... on NotFoundError { message } } }`,
      { t: text },
    );
    expect(data?.entity?.slug).toBe(slug);
    expect(data?.paths).toMatchObject({ __typename: 'PathsResult', from: { slug } });
  });

  it('finds the paths from 安芯基金 to 福州大学, as the explorer asks for them', async () => {
    const { data } = await query('{ paths(from: "安芯基金", to: "福州大学") { ... on PathsResult { paths { length } } } }');
    expect(data?.paths.paths[0].length).toBe(2);
  });

  it('answers candidates, and picks none, when a name fits several entities', async () => {
    const { data } = await query(
      `{ entity(name: "毫束") { slug }
         supplyChain(id: "毫束", direction: UPSTREAM) { __typename ... on NotFoundError { message candidates { slug } } } }`,
    );
    expect(data?.entity).toBeNull();
    expect(data?.supplyChain.__typename).toBe('NotFoundError');
    expect(data?.supplyChain.message).toMatch(/did you mean/);
    expect(data?.supplyChain.candidates.map((c: { slug: string }) => c.slug).sort()).toEqual(['hao-shu-ke-ji', 'hao-shu-ke-ji-bei-jing']);
  });

  // Class names: some are aliases in the documents (管委会, 市政府, 电子源), none names one entity.
  const BROAD = [
    '管委会',
    '市政府',
    '电子源',
    '人民政府',
    '政府',
    '市委',
    '公司',
    '集团',
    '基金',
    '大学',
    '研究院',
    '产业园',
    '芯片',
    '科技',
  ];

  it('resolves no broad word to an entity, alias or not', async () => {
    const answers = await viaApi(BROAD);
    expect(answers.map((a) => a.found)).toEqual(BROAD.map(() => null));
    for (const text of BROAD) {
      const { data } = await query('query($t: String!) { entity(name: $t) { slug } }', { t: text });
      expect(data?.entity, text).toBeNull();
      expect(summary(await resolveName(text, seedIndex)).found, text).toBeNull();
    }
    // The aliases are still there: 管委会 lists the committee it abbreviates.
    expect(answers[0]?.candidates).toContain('quan-zhou-ban-dao-ti-gao-xin-ji-shu-chan-ye-yuan-qu-guan-li-wei-yuan-hui');
  });

  it('resolves every entity by its name retyped, through Neo4j and over the seed files alike', async () => {
    const cases = entities.flatMap((e) => variants(e.name).map((v) => ({ ...v, entity: e })));
    expect(cases.length).toBeGreaterThan(150);
    const owners = (text: string) =>
      entities.filter((e) =>
        [e.name, ...e.aliases].some((n) => lookupKey(n) === lookupKey(text) || variants(n).some((v) => v.text === text)),
      );
    const api = await viaApi(cases.map((c) => c.text));
    const wrong: string[] = [];
    const kinds = new Map<string, number>();
    for (const [i, c] of cases.entries()) {
      const seen = api[i] as Answer;
      const seeds = summary(await resolveName(c.text, seedIndex));
      if (JSON.stringify(seen) !== JSON.stringify(seeds))
        wrong.push(`${c.text}: Neo4j ${JSON.stringify(seen)}, seeds ${JSON.stringify(seeds)}`);
      const fits = owners(c.text).map((e) => e.id);
      const ok =
        seen.found === c.entity.id ||
        seen.candidates.includes(c.entity.id) ||
        // A text that is also another entity's name or retyped name may be that one's.
        (seen.found !== null && fits.includes(seen.found)) ||
        // What is left of 晋江市人民政府 without 晋江市 names no one.
        (seen.found === null && !isDistinctive(foldKey(c.text)));
      if (!ok) wrong.push(`${c.how} ${c.text} (${c.entity.id}): ${JSON.stringify(seen)}`);
      if (seen.found === c.entity.id) kinds.set(c.how, (kinds.get(c.how) ?? 0) + 1);
    }
    expect(wrong).toEqual([]);
    // Each kind of retyping occurs and resolves.
    for (const how of ['suffix dropped', 'prefix dropped', 'other bracket width', 'another dash', 'no dash', 'traditional'])
      expect(kinds.get(how), how).toBeGreaterThan(0);
  });

  it('gives match keys to entities stored before they existed, at start', async () => {
    const FOLDED = '中探探针(福建)';
    const resolved = async () => (await query('query($t: String!) { entity(name: $t) { slug } }', { t: FOLDED })).data?.entity;
    await db.write("MATCH (n:Entity {id: 'zhong-tan-zhen'}) REMOVE n.matchKeys");
    expect(await resolved()).toBeNull();
    expect(await addMissingMatchKeys(db)).toBe(1);
    expect(await resolved()).toEqual({ slug: 'zhong-tan-zhen' });
    expect(await addMissingMatchKeys(db)).toBe(0);
  });
});
