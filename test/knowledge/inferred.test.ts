/**
 * Stated or inferred: every inferred fact and relationship of seeds/ carries its reason, the known
 * readings are marked, the loader refuses a date more precise than its quotes (naming file, record
 * and field), a plain statement outweighs a reading in a file and in the graph, and Neo4j stores it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { quoteWritesDate } from '../../src/core/inference.js';
import { SEEDS_DIR } from '../../src/core/paths.js';
import { compileSeeds } from '../../src/knowledge/compile.js';
import { SeedError } from '../../src/knowledge/seed-file.js';
import { compileSeedPaths } from '../../src/knowledge/seed-paths.js';
import { importGraph } from '../../src/repositories/graph-write.js';
import { connect } from '../helpers.js';
import { CORPUS, deleteOwn } from './helpers.js';

const DOC = '000_06180eb26bb0e0f8.txt';
const YEAR_END = '2018年年底,拥有多年半导体行业经验的钟林';

/** A one-document seed with the test's own ids (kt-), compiled against the corpus. */
const seed = (entities: unknown[], relations: unknown[] = [], file = 'kt-inferred.yaml') => ({
  file,
  data: { document: { file: DOC, date: '2025-08' }, entities, relations },
});
const compile = (...raws: ReturnType<typeof seed>[]) => compileSeeds(raws, { documentDirs: [CORPUS] });
const company = (extra: Record<string, unknown> = {}) => ({
  id: 'kt-inferred',
  kind: 'Company',
  name: '推断测试公司',
  evidence: [{ quote: YEAR_END }],
  ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SeedError);
  return (error as SeedError).message;
}

describe('stated and inferred facts in seeds/', () => {
  it('gives every inferred relation and fact a reason, and marks the known readings', async () => {
    const graph = await compileSeedPaths([SEEDS_DIR]);
    const inferred = graph.relations.filter((r) => r.inferred !== undefined);
    expect(inferred.length).toBeGreaterThan(10);
    for (const r of inferred) expect(r.inferred?.trim().length, `${r.from} -${r.type}-> ${r.to}`).toBeGreaterThan(5);
    for (const e of graph.entities)
      for (const [key, reason] of Object.entries(e.inferred ?? {})) expect(reason, `${e.id}.${key}`).toMatch(/\S{5}/);

    const reason = (from: string, type: string, to: string) =>
      graph.relations.find((r) => r.from === from && r.type === type && r.to === to)?.inferred;
    expect(reason('hao-shu-ke-ji', 'SUBSIDIARY_OF', 'hao-shu-ke-ji-bei-jing')).toContain('解读');
    for (const fund of [
      'qian-hai-yong-quan-chan-ye-ji-jin',
      'jin-jiang-yi-yong-tong-wei-su-ji-jin',
      'xin-xi-wang-da-jian-kang-chan-ye-ji-jin',
    ])
      expect(reason(fund, 'LOCATED_IN', 'nan-yi-ji-jin-xiao-zhen'), fund).toContain('南翼基金小镇');
    for (const founder of ['jin-yuan-fa-zhan-ji-tuan', 'jin-jiang-guo-you-zi-ben', 'hou-xin-chuang-tou-ji-jin'])
      expect(reason(founder, 'INVESTS_IN', 'xin-sheng-ji-yuan'), founder).toContain('共同设立');
    // What the text states plainly stays stated.
    expect(reason('xin-xi-wang-da-jian-kang-chan-ye-ji-jin', 'INVESTS_IN', 'xin-sheng-ji-yuan')).toBeUndefined();
    expect(reason('jin-jiang-an-xin-ji-jin', 'INVESTS_IN', 'san-wu-wei')).toBeUndefined();

    const sanwuwei = graph.entities.find((e) => e.id === 'san-wu-wei');
    expect(sanwuwei?.props.foundedOn).toBe('2018-12');
    expect(sanwuwei?.inferred?.foundedOn).toContain('年底');
    expect(graph.entities.find((e) => e.id === 'hao-shu-ke-ji')?.inferred).toBeUndefined();
  });

  it('reads a date in a quote at its precision, with the document’s year for 今年, 去年 and a bare month', () => {
    expect(quoteWritesDate(YEAR_END, '2018')).toBe(true);
    expect(quoteWritesDate(YEAR_END, '2018-12')).toBe(false);
    expect(quoteWritesDate('2022年5月,怀揣', '2022-05')).toBe(true);
    expect(quoteWritesDate('于2024年10月,在晋江', '2024-10')).toBe(true);
    expect(quoteWritesDate('于2024年10月,在晋江', '2024-10-01')).toBe(false);
    expect(quoteWritesDate('今年9月，晋江', '2024-09', '2024')).toBe(true);
    expect(quoteWritesDate('今年9月，晋江', '2024-09', '2025')).toBe(false);
    expect(quoteWritesDate('6月13日,隐功科技', '2026-06-13', '2026')).toBe(true);
    expect(quoteWritesDate('去年12月,通过', '2025-12', '2026')).toBe(true);
    expect(quoteWritesDate('已有9家企业', '2024-09', '2024')).toBe(false);
  });

  it('refuses a date more precise than its quotes, naming the file, the record and the field, unless it is marked inferred', async () => {
    const message = await refusal(compile(seed([company({ props: { foundedOn: '2018-12' } })])));
    expect(message).toContain(
      'kt-inferred.yaml: entities[0] (id kt-inferred): props.foundedOn: "2018-12" is more precise than its evidence',
    );
    expect(message).toContain('2018年12月');

    const graph = await compile(seed([company({ props: { foundedOn: '2018-12' }, inferred: { foundedOn: '年底读作12月' } })]));
    expect(graph.entities[0]?.inferred).toEqual({ foundedOn: '年底读作12月' });
    // At the quote's own precision it is stated.
    expect((await compile(seed([company({ props: { foundedOn: '2018' } })]))).entities[0]?.inferred).toBeUndefined();

    const relation = {
      type: 'FOUNDED_BY',
      from: 'kt-inferred',
      to: 'zhong-lin',
      props: { date: '2018-12' },
      evidence: [{ quote: YEAR_END }],
    };
    const person = { id: 'zhong-lin', kind: 'Person', name: '钟林', evidence: [{ quote: YEAR_END }] };
    expect(await refusal(compile(seed([company(), person], [relation])))).toContain(
      'kt-inferred.yaml: relations[0] (kt-inferred -FOUNDED_BY-> zhong-lin): props.date: "2018-12" is more precise',
    );
    const marked = await compile(seed([company(), person], [{ ...relation, inferred: '年底读作12月' }]));
    expect(marked.relations[0]?.inferred).toBe('年底读作12月');
  });

  it('refuses a reason for a fact the record does not give, or an empty one', async () => {
    expect(await refusal(compile(seed([company({ inferred: { foundedOn: '无此事实' } })])))).toContain(
      'entities[0] (id kt-inferred): inferred.foundedOn: this record gives no props.foundedOn',
    );
    expect(await refusal(compile(seed([company({ props: { foundedOn: '2018' }, inferred: { foundedOn: ' ' } })])))).toContain(
      'inferred.foundedOn',
    );
  });

  it('takes a fact or relation stated in any file as stated, in either order', async () => {
    const person = { id: 'zhong-lin', kind: 'Person', name: '钟林', evidence: [{ quote: YEAR_END }] };
    const relation = { type: 'LEADS', from: 'zhong-lin', to: 'kt-inferred', evidence: [{ quote: YEAR_END }] };
    const inferred = seed(
      [company({ props: { foundedOn: '2018' }, inferred: { foundedOn: '读' } }), person],
      [{ ...relation, inferred: '读' }],
      'a.yaml',
    );
    const stated = seed([company({ props: { foundedOn: '2018' } }), person], [relation], 'b.yaml');
    const silent = seed([company(), person], [], 'c.yaml');
    for (const order of [
      [inferred, stated],
      [stated, inferred],
    ]) {
      const graph = await compile(...order);
      expect(graph.relations[0]?.inferred).toBeUndefined();
      expect(graph.entities.find((e) => e.id === 'kt-inferred')?.inferred).toBeUndefined();
    }
    // A file that does not give the fact or the relation leaves the reading as it is.
    const graph = await compile(silent, inferred);
    expect(graph.relations[0]?.inferred).toBe('读');
    expect(graph.entities.find((e) => e.id === 'kt-inferred')?.inferred).toEqual({ foundedOn: '读' });
  });
});

describe('the date rule across files', () => {
  const person = { id: 'zhong-lin', kind: 'Person', name: '钟林', evidence: [{ quote: YEAR_END }] };
  const dated = { type: 'FOUNDED_BY', from: 'kt-inferred', to: 'zhong-lin', props: { date: '2024-10' }, evidence: [{ quote: YEAR_END }] };

  it('counts a quote from another file that writes the date', async () => {
    const writes = seed(
      [company(), person],
      [{ ...dated, props: {}, evidence: [{ quote: '于2024年10月,在晋江芯智造产业园成立毫束科技(晋江)有限公司' }] }],
      'b.yaml',
    );
    expect(await refusal(compile(seed([company(), person], [dated], 'a.yaml')))).toContain('a.yaml: relations[0]');
    const graph = await compile(seed([company(), person], [dated], 'a.yaml'), writes);
    expect(graph.relations[0]?.props.date).toBe('2024-10');
  });

  it('checks a reading as stated once another file states the relation, naming the file that gave the date', async () => {
    const stated = seed([company(), person], [{ ...dated, props: {} }], 'b.yaml');
    const message = await refusal(compile(seed([company(), person], [{ ...dated, inferred: '读' }], 'a.yaml'), stated));
    expect(message).toContain('a.yaml: relations[0] (kt-inferred -FOUNDED_BY-> zhong-lin): props.date: "2024-10" is more precise');
  });
});

describe('stated and inferred in Neo4j', () => {
  const db = connect();
  afterAll(async () => {
    await deleteOwn(db);
    await db.close();
  });

  const stored = async () => {
    const [row] = await db.read<{ inferences: string[] | null; inference: string | null }>(
      `MATCH (n:Entity {id: 'kt-inferred'})-[r:LEADS]->(:Entity {id: 'kt-inferred-b'})
       RETURN n.inferences AS inferences, r.inference AS inference`,
    );
    return row;
  };
  const graphOf = (inferredFact: boolean, inferredRelation: boolean) =>
    compile(
      seed(
        [
          company({
            props: { foundedOn: '2018-12' },
            ...(inferredFact ? { inferred: { foundedOn: '年底读作12月' } } : {}),
            evidence: [{ quote: YEAR_END }, { quote: '于2024年10月' }],
          }),
          { id: 'kt-inferred-b', kind: 'Company', name: '推断测试公司乙', evidence: [{ quote: YEAR_END }] },
        ],
        [
          {
            type: 'LEADS',
            from: 'kt-inferred',
            to: 'kt-inferred-b',
            evidence: [{ quote: YEAR_END }],
            ...(inferredRelation ? { inferred: '读' } : {}),
          },
        ],
      ),
    );

  it('stores the reasons (inferences on the node, inference on the relationship); restated plainly, the fact and the relationship become stated', async () => {
    await importGraph(db, await graphOf(true, true));
    expect(await stored()).toEqual({ inferences: ['foundedOn\t年底读作12月'], inference: '读' });
    // Re-imported inferred again: still inferred, nothing else changes.
    await importGraph(db, await graphOf(true, true));
    expect(await stored()).toEqual({ inferences: ['foundedOn\t年底读作12月'], inference: '读' });
    // A file that gives a date its quotes write precisely states it (the second quote writes 2024-10, not 2018-12, so
    // the compiler refuses the stated 2018-12): the graph is restated through the writer directly.
    const stated = await graphOf(true, false);
    const entity = stated.entities[0];
    if (entity) delete entity.inferred;
    await importGraph(db, stated);
    expect(await stored()).toEqual({ inferences: null, inference: null });
    // Stated once, a later reading does not make it inferred again.
    await importGraph(db, await graphOf(true, true));
    expect(await stored()).toEqual({ inferences: null, inference: null });
  });
});
