/**
 * The extractor on small articles written for these tests (no corpus text): one fact family at a
 * time, each found with its quote in the article, its sentence's span and a confidence.
 */
import { describe, expect, it } from 'vitest';
import { ArticleError, type Draft, extractDraft, type KnownEntity } from '../../src/extract/extract.js';
import { squeeze } from '../../src/knowledge/quotes.js';

const KNOWN: KnownEntity[] = [
  { id: 'shi-li-shi', kind: 'Region', name: '示例市', aliases: ['示例'] },
  { id: 'dong-hai-da-xue', kind: 'University', name: '东海大学', aliases: [] },
  { id: 'xin-neng-yuan', kind: 'Industry', name: '新能源', aliases: [] },
];

const extract = (text: string, known = KNOWN) => extractDraft({ text, file: 'test.txt', title: '测试', date: '2025-01' }, known);

/** The relations as "TYPE from-name → to-name", names as the draft holds them. */
function facts(draft: Draft): string[] {
  const name = new Map(draft.entities.map((e) => [e.id, e.name]));
  return draft.relations.map((r) => `${r.type} ${name.get(r.from)} → ${name.get(r.to)}`);
}

function relation(draft: Draft, type: string) {
  const r = draft.relations.find((x) => x.type === type);
  if (!r) throw new Error(`no ${type} in ${JSON.stringify(facts(draft))}`);
  return r;
}

describe('extractDraft', () => {
  it('investing: investor, investee, the round and the amount in yuan; every quote is in the article', async () => {
    const text = '本报讯 近日，星河创投基金领投蓝鲸智能科技有限公司5000万元A轮融资，用于扩大产能。';
    const draft = await extract(text);
    expect(facts(draft)).toContain('INVESTS_IN 星河创投基金 → 蓝鲸智能科技有限公司');
    const r = relation(draft, 'INVESTS_IN');
    expect(r.props).toMatchObject({ round: 'A轮', amountCny: 50_000_000 });
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
    for (const record of [...draft.entities, ...draft.relations])
      for (const { quote } of record.evidence) {
        expect(quote.length).toBeLessThanOrEqual(80);
        expect(squeeze(text)).toContain(squeeze(quote));
      }
    // The span is the sentence's, in the article as given.
    expect(text.slice(r.span.start, r.span.end)).toContain('领投');
    expect(draft.document).toEqual({ file: 'test.txt', title: '测试', date: '2025-01', draft: true });
  });

  it('location with its year, and a known entity by its id', async () => {
    const draft = await extract('2023年，蓝鲸智能科技有限公司正式落户示例市。');
    expect(facts(draft)).toContain('LOCATED_IN 蓝鲸智能科技有限公司 → 示例市');
    const r = relation(draft, 'LOCATED_IN');
    expect(r.to).toBe('shi-li-shi');
    expect(r.props.since).toBe('2023');
    expect(draft.entities.find((e) => e.id === 'shi-li-shi')?.known).toBe(true);
    const company = draft.entities.find((e) => e.name === '蓝鲸智能科技有限公司');
    expect(company).toMatchObject({ kind: 'Company', known: false, proposal: true });
    expect(company?.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('partnership between two organisations (either way), and a college part of its university', async () => {
    const draft = await extract('近日，蓝鲸智能科技有限公司与东海大学人工智能学院签订产学研合作协议，双方将共建实验室。');
    const f = facts(draft);
    expect(
      f.some((x) => /^PARTNERS_WITH (蓝鲸智能科技有限公司 → 东海大学人工智能学院|东海大学人工智能学院 → 蓝鲸智能科技有限公司)$/.test(x)),
    ).toBe(true);
    expect(f).toContain('PART_OF 东海大学人工智能学院 → 东海大学');
  });

  it('production after a verb of making, each product of a list', async () => {
    const draft = await extract('蓝鲸智能科技有限公司是一家主营工业机器人和激光雷达传感器的企业。');
    expect(facts(draft)).toEqual(
      expect.arrayContaining(['PRODUCES 蓝鲸智能科技有限公司 → 工业机器人', 'PRODUCES 蓝鲸智能科技有限公司 → 激光雷达传感器']),
    );
    expect(draft.entities.find((e) => e.name === '工业机器人')?.kind).toBe('Product');
  });

  it('leadership from a title, with the role; founding from 创办 and from 创始人', async () => {
    const draft = await extract(
      '2019年，李明远创办蓝鲸智能科技有限公司。蓝鲸智能科技有限公司总经理王海涛表示，明年将扩产。远航光电有限公司创始人赵立新说，订单已排满。',
    );
    const f = facts(draft);
    expect(f).toContain('FOUNDED_BY 蓝鲸智能科技有限公司 → 李明远');
    expect(f).toContain('LEADS 王海涛 → 蓝鲸智能科技有限公司');
    expect(f).toContain('FOUNDED_BY 远航光电有限公司 → 赵立新');
    expect(draft.relations.find((r) => r.type === 'LEADS')?.props.role).toBe('总经理');
    expect(draft.entities.find((e) => e.name === '王海涛')?.kind).toBe('Person');
  });

  it('a subsidiary under its parent (旗下), and a committee managing its park', async () => {
    const draft = await extract('远航集团旗下远航创投基金完成备案。示例高新技术产业园区管理委员会负责园区建设。');
    const f = facts(draft);
    expect(f).toContain('SUBSIDIARY_OF 远航创投基金 → 远航集团');
    expect(f).toContain('MANAGES 示例高新技术产业园区管理委员会 → 示例高新技术产业园区');
  });

  it('industry: 在…赛道 for the clause, and a list whose unsaid place is the article’s region (我市)', async () => {
    const draft = await extract(
      '示例市大力发展新兴产业。在新能源赛道，蓝鲸电池有限公司正式签约入驻示例产业园。截至目前，我市已落地远航光电、星河微电子等20多个新能源产业链项目。',
    );
    const f = facts(draft);
    expect(f).toContain('IN_INDUSTRY 蓝鲸电池有限公司 → 新能源');
    expect(f).toContain('LOCATED_IN 蓝鲸电池有限公司 → 示例产业园');
    expect(f).toEqual(expect.arrayContaining(['LOCATED_IN 远航光电 → 示例市', 'IN_INDUSTRY 星河微电子 → 新能源']));
  });

  it('a fact dropped by a subject it leaves unsaid (该公司) goes to the article’s company', async () => {
    const draft = await extract('蓝鲸智能科技有限公司成立于2018年。2020年，该公司落户示例产业园。');
    expect(facts(draft)).toContain('LOCATED_IN 蓝鲸智能科技有限公司 → 示例产业园');
  });

  it('short names the article introduces (its core form, 简称) name the new organisation later on', async () => {
    const draft = await extract(
      '蓝海微电子有限公司成立于2019年。2021年，蓝海微正式落户示例产业园。星河半导体设备有限公司（以下简称“星河设备”）是一家设备企业。星河设备董事长李华表示，将扩大产能。',
    );
    const f = facts(draft);
    expect(f).toContain('LOCATED_IN 蓝海微电子有限公司 → 示例产业园');
    expect(f).toContain('LEADS 李华 → 星河半导体设备有限公司');
    expect(draft.entities.find((e) => e.name === '蓝海微电子有限公司')?.aliases).toContain('蓝海微');
    expect(draft.entities.find((e) => e.name === '星河半导体设备有限公司')?.aliases).toContain('星河设备');
  });

  it('refuses an empty article, a binary one, a huge one and one with no Chinese, saying which', async () => {
    const cases: [string, string][] = [
      ['  \n ', 'empty'],
      ['\u0000\u0001\u0002abc示例', 'binary'],
      ['示'.repeat(400_000), 'huge'],
      ['This is an English article with no Chinese in it at all.', 'no-chinese'],
    ];
    for (const [text, problem] of cases) {
      const error = await extract(text).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArticleError);
      expect((error as ArticleError).problem).toBe(problem);
    }
  });
});
