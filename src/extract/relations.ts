/**
 * The relation rules: what a sentence states between the entities it names, by trigger words and
 * the order of the mentions around them. Each rule answers proposals with the span of the fact in
 * the sentence (for its quote) and a confidence.
 */
import type { Kind, RelationType } from '../core/ontology.js';
import type { RelationProps } from '../core/schema.js';
import { AMOUNT, FOUNDER_TITLES, PERSONAL_TITLES, ROUND, SEGMENT_WORDS, TRIGGERS, UNIT } from './lexicon.js';
import type { Mention } from './mentions.js';

/** A mention resolved to the draft entity it names. */
export type Ref = Mention & { ref: string };

export interface Found {
  type: RelationType;
  from: string;
  to: string;
  props: RelationProps;
  /** [start, end) in the sentence: what the quote must cover. */
  at: [number, number];
  confidence: number;
}

/** What the article is about, for the clauses that leave it unsaid. */
export interface Context {
  region?: string;
  company?: string;
  park?: string;
  industry?: string;
  /** The park or campus the previous sentence was about: what 已整体入驻… moves into. */
  host?: string;
}

const ORGS: readonly Kind[] = ['Company', 'Fund', 'Park', 'University', 'ResearchInstitute', 'GovernmentAgency'];
const ACTORS: readonly Kind[] = ['Company', 'Fund', 'University', 'ResearchInstitute', 'GovernmentAgency'];
const PLACES: readonly Kind[] = ['Park', 'Region'];
const isOrg = (m: Ref) => ORGS.includes(m.kind);

const findAll = (s: string, words: readonly string[]) => {
  const out: { word: string; start: number; end: number }[] = [];
  const sorted = [...words].sort((a, b) => b.length - a.length);
  for (let i = 0; i < s.length; i++) {
    const w = sorted.find((x) => s.startsWith(x, i));
    if (w) {
      out.push({ word: w, start: i, end: i + w.length });
      i += w.length - 1;
    }
  }
  return out;
};

/** The clause around a position: separated by commas, colons or semicolons. */
const clauseOf = (s: string, at: number) => {
  let a = at;
  let b = at;
  while (a > 0 && !/[,，:：;；]/.test(s[a - 1] as string)) a--;
  while (b < s.length && !/[,，:：;；。]/.test(s[b] as string)) b++;
  return [a, b] as const;
};

const amountIn = (s: string): number | undefined => {
  const m = s.match(AMOUNT);
  return m ? Math.round(Number(m[1]) * UNIT[m[2] as keyof typeof UNIT]) : undefined;
};

export interface SentenceFacts {
  sentence: string;
  mentions: Ref[];
  context: Context;
  /** The items of 等-lists in the sentence, resolved. */
  lists: Ref[][];
  /** Products named right after a verb of making, by the verb's position. */
  productsAfter: Map<number, Ref[]>;
  /** The people's government of a region (by the region's id), when the article or the known entities name it. */
  governments: Map<string, string>;
}

export function relationsIn({ sentence: s, mentions, context, lists, productsAfter, governments }: SentenceFacts): Found[] {
  const out: Found[] = [];
  const add = (
    type: RelationType,
    from: string | undefined,
    to: string | undefined,
    at: [number, number],
    confidence: number,
    props: RelationProps = {},
  ) => {
    if (!from || !to || from === to) return;
    out.push({ type, from, to, props, at, confidence });
  };
  const before = (pos: number, kinds: readonly Kind[], within = 40) =>
    mentions.filter((m) => m.end <= pos && pos - m.end <= within && kinds.includes(m.kind) && !/[。；;]/.test(s.slice(m.end, pos))).at(-1);
  const after = (pos: number, kinds: readonly Kind[], within = 30) =>
    mentions.find((m) => m.start >= pos && m.start - pos <= within && kinds.includes(m.kind) && !/[。；;]/.test(s.slice(pos, m.start)));
  const subject = (pos: number, kinds: readonly Kind[] = ACTORS, nearest = false) => {
    const [a] = clauseOf(s, pos);
    const inClause = mentions.filter((x) => x.start >= a && x.end <= pos && kinds.includes(x.kind));
    const m = nearest ? inClause.at(-1) : inClause[0];
    if (m) return { ref: m.ref, start: m.start };
    // 这家企业, 该公司, 其: the company the article is talking about.
    if (
      (/^(这家|该|其|公司|企业)/.test(s.slice(a, pos)) || /^(这家|该公司|该企业|其)/.test(s)) &&
      context.company &&
      kinds.includes('Company')
    )
      return { ref: context.company, start: a };
    const early = mentions.find((x) => x.end <= pos && kinds.includes(x.kind));
    if (early) return { ref: early.ref, start: early.start };
    if (/(该公司|公司|企业|我们)/.test(s.slice(0, pos)) && context.company) return { ref: context.company, start: a };
    return undefined;
  };

  // LEADS and FOUNDED_BY from titles: 某某公司董事长顾某, 某公司创始人朱某, a chain 甲院副院长、乙公司董事长顾某.
  for (const p of mentions) {
    if (p.kind !== 'Person' || !p.title || PERSONAL_TITLES.includes(p.title.text)) continue;
    let titleStart = p.title.start;
    let role = p.title.text;
    for (;;) {
      const org = mentions.find(
        (m) => m.end === titleStart || (m.end < titleStart && titleStart - m.end <= 2 && /^(党委|党组)?$/.test(s.slice(m.end, titleStart))),
      );
      let ref = org && isOrg(org) ? org.ref : undefined;
      // 某市市长: the post is at the region's people's government, when the article names it.
      if (org?.kind === 'Region' && /^(副)?(市长|区长|县长|镇长|省长)$/.test(role)) ref = governments.get(org.ref);
      let from = org?.start ?? titleStart;
      if (!ref && /该公司$|公司$/.test(s.slice(0, titleStart)) && context.company) ref = context.company;
      if (!ref) break;
      if (FOUNDER_TITLES.includes(role)) add('FOUNDED_BY', ref, p.ref, [from, p.end], 0.8);
      else add('LEADS', p.ref, ref, [from, p.end], 0.85, { role });
      // 甲院副院长、乙公司董事长: the title before the 、 belongs to the same person.
      const m = s.slice(0, from).match(/(\S{2,6}?)、$/);
      if (!m || !org) break;
      const prevTitle = ['副院长', '院长', '董事长', '总经理', '主任', '副主任', '书记', '常委', '所长', '副所长', '总裁', '执行总裁'].find(
        (t) => s.slice(0, from - 1).endsWith(t),
      );
      if (!prevTitle) break;
      titleStart = from - 1 - prevTitle.length;
      role = prevTitle;
      from = titleStart;
    }
  }

  // FOUNDED_BY: 某某创办X, A设立X, 由A、B共同设立.
  for (const v of findAll(s, TRIGGERS.found)) {
    const by = s.slice(0, v.start).match(/由([^，,。]{2,40})$/);
    if (by) {
      const founded = subject(by.index ?? v.start, ORGS);
      // A place inside a longer name (某市国有资本) founds nothing: only whole items of the list do.
      const founders = mentions.filter(
        (m) =>
          m.start >= (by.index ?? 0) &&
          m.end <= v.start &&
          m.ref !== founded?.ref &&
          (m.kind !== 'Region' || /^([、，,和与及]|联合|共同)/.test(s.slice(m.end))) &&
          !/^旗下/.test(s.slice(m.end)),
      );
      for (const f of founders) add('FOUNDED_BY', founded?.ref, f.ref, [founded?.start ?? f.start, v.end], 0.75);
      continue;
    }
    const org = after(v.end, ORGS, 20);
    const founder = before(v.start, ['Person', 'Company', 'Fund', 'Region', 'GovernmentAgency', 'University'], 12);
    if (!org || !founder) continue;
    // 在某园区成立某公司: the place is where, not who.
    if (/(在|于)$/.test(s.slice(0, founder.start)) && PLACES.includes(founder.kind)) {
      add('LOCATED_IN', org.ref, founder.ref, [founder.start, org.end], 0.8);
      continue;
    }
    if (/(项目|团队)$/.test(s.slice(0, v.start))) continue;
    // An organisation or place founds only when it is the verb's own subject (某市已经设立…).
    if (founder.kind !== 'Person' && !/^(已经|已|正式|共同|联合|出资|率先)?$/.test(s.slice(founder.end, v.start))) continue;
    add('FOUNDED_BY', org.ref, founder.ref, [founder.start, org.end], founder.kind === 'Person' ? 0.8 : 0.65);
  }
  // 某项目由国家专家某某教授创建.
  for (const m of s.matchAll(/由[^，,。]{0,12}?(创建|创办|创立|领衔)/g)) {
    const person = mentions.find((x) => x.kind === 'Person' && x.start > (m.index ?? 0) && x.end <= (m.index ?? 0) + m[0].length + 3);
    const org = before(m.index ?? 0, ['Company', 'ResearchInstitute', 'Fund'], 6);
    if (person && org)
      add(
        m[1] === '领衔' ? 'LEADS' : 'FOUNDED_BY',
        m[1] === '领衔' ? person.ref : org.ref,
        m[1] === '领衔' ? org.ref : person.ref,
        [org.start, person.end],
        0.7,
      );
  }

  // INVESTS_IN: 甲基金投资了某公司, 甲对乙出资1800万元, 甲领投.
  for (const v of findAll(s, TRIGGERS.invest)) {
    // 投资招商, 投资环境, 投资总额: investment as a topic, not an investor's act.
    if (/^(招商|环境|总额|规模|贸易|潜力|合作|项目|机构|人)/.test(s.slice(v.end))) continue;
    const investor = before(v.start, ['Fund', 'Company', 'GovernmentAgency'], 30);
    if (!investor || /[，,；;]/.test(s.slice(investor.end, v.start))) continue;
    const between = mentions.find(
      (m) => m.start > investor.end && m.end <= v.start && ['Company', 'Park'].includes(m.kind) && /[对向]$/.test(s.slice(0, m.start)),
    );
    let investee = between ?? after(v.end, ['Company', 'Fund'], 24);
    let ref = investee?.ref;
    if (!ref && /我们|该公司|公司/.test(s.slice(v.end, v.end + 8))) ref = context.company;
    if (!ref || ref === investor.ref) continue;
    const [, clauseEnd] = clauseOf(s, v.end);
    const tail = s.slice(v.start, clauseEnd);
    const props: RelationProps = {};
    const round = tail.match(ROUND)?.[1];
    if (round) props.round = round;
    const amount = amountIn(tail);
    if (amount !== undefined) props.amountCny = amount;
    investee ??= undefined;
    add('INVESTS_IN', investor.ref, ref, [investor.start, Math.max(investee?.end ?? v.end, v.end + (round ? 6 : 0))], 0.75, props);
  }
  // …完成C轮融资，由甲领投: the investee is the sentence's company.
  for (const m of s.matchAll(/由([^，,。；;]{2,24}?)(领投|跟投|投资|注资)/g)) {
    const investor = mentions.find(
      (x) => x.start > (m.index ?? 0) && x.end <= (m.index ?? 0) + 1 + (m[1] as string).length && ['Fund', 'Company'].includes(x.kind),
    );
    const investee = subject(m.index ?? 0, ['Company']) ?? (context.company ? { ref: context.company, start: 0 } : undefined);
    if (!investor || !investee || !/融资/.test(s)) continue;
    const props: RelationProps = {};
    const round = s.match(ROUND)?.[1];
    if (round) props.round = round;
    const amount = amountIn(s.slice(s.indexOf('融资')));
    if (amount !== undefined) props.amountCny = amount;
    add('INVESTS_IN', investor.ref, investee.ref, [Math.min(investee.start, m.index ?? 0), (m.index ?? 0) + m[0].length], 0.65, props);
  }

  // 通过甲基金精准投资…乙: the fund invests in the company the clause goes on with.
  for (const m of s.matchAll(/通过([^，,。]{2,20}?)(精准)?投资/g)) {
    const fund = mentions.find((x) => x.start >= (m.index ?? 0) && x.kind === 'Fund');
    const target = fund && after(fund.end + 2, ['Company'], 40);
    if (fund && target) add('INVESTS_IN', fund.ref, target.ref, [fund.start, target.end], 0.6);
  }

  // LOCATED_IN: X落户/入驻/落地Y; 在Y成立X; 位于Y的X; Y迎来首家入驻企业——X; Y已落地A、B等.
  for (const v of findAll(s, TRIGGERS.locate)) {
    const place = after(v.end, PLACES, 14);
    if (place) {
      const who = subject(v.start, ['Company', 'Fund', 'University', 'ResearchInstitute', 'Park', 'Region', 'GovernmentAgency'], true);
      if (who && who.ref !== place.ref) {
        const whoMention = mentions.find((m) => m.ref === who.ref);
        if (!(whoMention?.kind === 'Region' && place.kind === 'Park'))
          add('LOCATED_IN', who.ref, place.ref, [who.start, place.end], 0.75, since(s));
      }
    }
    if (v.word === '位于' && place) {
      const target = after(place.end, ['Park', 'Company', 'ResearchInstitute', 'University'], 4);
      if (target && /^的/.test(s.slice(place.end))) add('LOCATED_IN', target.ref, place.ref, [v.start, target.end], 0.75);
    }
  }
  for (const m of s.matchAll(/(迎来了?|有)(首家|第一家)?(入驻|落户)?(企业|项目)?——/g)) {
    const park = before(m.index ?? 0, PLACES, 6);
    const tenant = after((m.index ?? 0) + m[0].length, ['Company', 'Fund', 'ResearchInstitute'], 2);
    if (park && tenant) add('LOCATED_IN', tenant.ref, park.ref, [park.start, tenant.end], 0.75);
  }
  for (const m of s.matchAll(/(来到|在|于)([^，,。]{2,20}?)[,，]?(创立|创办|成立|设立)/g)) {
    const place = mentions.find((x) => PLACES.includes(x.kind) && x.start >= (m.index ?? 0) && x.end <= (m.index ?? 0) + m[0].length);
    const org = place && after((m.index ?? 0) + m[0].length, ORGS, 2);
    if (place && org) add('LOCATED_IN', org.ref, place.ref, [place.start, org.end], 0.75, since(s));
  }

  // Lists: 甲地已落地A、B、C等N个某产业项目: each item in the place and in the industry.
  for (const items of lists) {
    const first = items[0] as Ref;
    const last = items.at(-1) as Ref;
    const lead = s.slice(Math.max(0, first.start - 12), first.start);
    const tail = s.slice(last.end, last.end + 30);
    const verb = lead.match(/(落地|集聚|聚集|入驻|落户|已有|拥有|入选|建成|设立|建设|招引)(了|的)?$/);
    const near = before(first.start, PLACES, 12);
    const placeBefore = near && !/[，,]/.test(s.slice(near.end, first.start)) ? near : undefined;
    let place = placeBefore?.ref;
    if (!place && /(全市|我市|本市|在泉|来泉)/.test(s.slice(0, first.start)) && context.region) place = context.region;
    if (!place && /(这个|该|园区).{0,6}$/.test(s.slice(0, first.start)) && context.park) place = context.park;
    const locatedVerb = verb || /^[^。；;]{0,20}(落地|入驻|落户)/.test(tail);
    // The subject left unsaid (已建成A、B等…, …等项目在泉落地) is the article's own region.
    // …已整体入驻A、B等: into the park or campus the previous sentence was about.
    if (!place && verb?.[1] === '入驻')
      place = mentions.find((m) => (m.kind === 'Park' || m.kind === 'University') && m.end <= first.start)?.ref ?? context.host;
    if (!place && locatedVerb && !mentions.some((m) => m.end <= first.start && ACTORS.includes(m.kind))) place = context.region;
    const head = tail.match(/^等[^，,。；;]{0,20}?(项目|企业|机构|厂商|平台|公司)/);
    const industry = head
      ? mentions.find((m) => m.kind === 'Industry' && m.start >= last.end && m.end <= last.end + head[0].length)
      : undefined;
    // …等一批项目相继落地，某某产业加速聚链成群: the industry the next clause names.
    const next = head ? undefined : tail.match(/^等[^。；;，,]{0,16}[，,]/);
    const nextIndustry = next
      ? mentions.find((m) => m.kind === 'Industry' && m.start === last.end + (next[0] as string).length && /^产业/.test(s.slice(m.end)))
      : undefined;
    const industryRef = industry?.ref ?? nextIndustry?.ref ?? (head && /产业|链/.test(head[0]) ? context.industry : undefined);
    for (const item of items) {
      if (!['Company', 'ResearchInstitute', 'Fund'].includes(item.kind)) continue;
      if (locatedVerb && place)
        add('LOCATED_IN', item.ref, place, [Math.min(placeBefore?.start ?? first.start, first.start), last.end + 8], 0.6);
      if (industryRef) add('IN_INDUSTRY', item.ref, industryRef, [first.start, last.end + (head?.[0].length ?? 0)], industry ? 0.6 : 0.5);
    }
  }

  // 与A、B、C等机构开展合作: each of them a partner of the clause's subject, or of the article's region.
  for (const items of lists) {
    const first = items[0] as Ref;
    const last = items.at(-1) as Ref;
    if (!/[与同和]$/.test(s.slice(0, first.start)) || !/^等[^。；;]{0,20}合作/.test(s.slice(last.end))) continue;
    const who = subject(first.start - 1, [...ACTORS, 'Region']) ?? (context.region ? { ref: context.region, start: 0 } : undefined);
    for (const item of items) if (who) add('PARTNERS_WITH', who.ref, item.ref, [Math.max(0, first.start - 1), last.end + 12], 0.6);
  }

  // 以A、B为龙头 / A、B五大产业链条: companies in the sentence's place and industry; industries part of the sentence's industry.
  for (const items of lists) {
    const first = items[0] as Ref;
    const last = items.at(-1) as Ref;
    const tail = s.slice(last.end, last.end + 8);
    if (!/^(为(龙头|支柱|核心|主导)|[一二三四五六七八九十两几]大产业)/.test(tail)) continue;
    const own = new Set(items.map((m) => m.ref));
    const industry = mentions.find((m) => m.kind === 'Industry' && !own.has(m.ref) && m.end <= first.start);
    const region = /(全市|我市|本市)/.test(s.slice(0, first.start)) ? context.region : undefined;
    for (const item of items) {
      if (item.kind === 'Company') {
        if (region) add('LOCATED_IN', item.ref, region, [first.start, last.end + 4], 0.5);
        if (industry) add('IN_INDUSTRY', item.ref, industry.ref, [first.start, last.end + 4], 0.5);
      } else if (item.kind === 'Industry' && industry)
        add(/^为/.test(tail) ? 'PART_OF' : 'IN_INDUSTRY', item.ref, industry.ref, [first.start, last.end + 4], 0.5);
    }
  }

  // 建设/设立某机构 with the subject left unsaid: the organisation is in the article's region, in the industry the sentence names.
  for (const v of findAll(s, ['加快建设', '建设', '建成', '设立', '组建', '成立'])) {
    const [a] = clauseOf(s, v.start);
    if (
      mentions.some(
        (m) =>
          m.start >= a && m.end <= v.start && (ACTORS.includes(m.kind) || m.kind === 'Region' || m.kind === 'Park' || m.kind === 'Person'),
      )
    )
      continue;
    if (/(管委会|我们|公司|企业)/.test(s.slice(a, v.start))) continue;
    const org = after(v.end, ['ResearchInstitute', 'GovernmentAgency', 'University', 'Company'], 1);
    if (!org || !context.region) continue;
    add('LOCATED_IN', org.ref, context.region, [v.start, org.end], 0.5);
    const industry = mentions.find((m) => m.kind === 'Industry' && m.start >= org.end);
    if (industry) add('IN_INDUSTRY', org.ref, industry.ref, [v.start, industry.end], 0.5);
  }

  // A、B等产品: the products of the sentence's company.
  for (const items of lists) {
    if (!items.every((m) => m.kind === 'Product') || !/^等[^，,。]{0,6}产品/.test(s.slice((items.at(-1) as Ref).end))) continue;
    const maker = subject((items[0] as Ref).start, ['Company', 'ResearchInstitute']);
    for (const p of items) if (maker) add('PRODUCES', maker.ref, p.ref, [(items[0] as Ref).start, (items.at(-1) as Ref).end + 4], 0.6);
  }

  // PARTNERS_WITH: 甲与乙签订/共建/合作; 甲依托乙.
  for (const v of findAll(s, TRIGGERS.partner)) {
    if (v.word === '依托') {
      const who = subject(v.start, ['Company', 'ResearchInstitute', 'University', 'Park']);
      const partner = after(v.end, ['University', 'ResearchInstitute', 'Company'], 2);
      if (who && partner) add('PARTNERS_WITH', who.ref, partner.ref, [who.start, partner.end], 0.6, { kind: '依托' });
      continue;
    }
    const [a] = clauseOf(s, v.start);
    const withM = s.slice(a, v.start).match(/^(.*?)(与|和|同)(.*)$/);
    if (!withM) continue;
    const split = a + (withM[1] as string).length;
    const left = mentions.filter((m) => m.start >= a && m.end <= split && ACTORS.concat('Region').includes(m.kind)).at(-1);
    const right = mentions.find((m) => m.start > split && m.end <= v.start && ACTORS.concat('Region').includes(m.kind));
    // Each side a whole name: the first ends at 与, the second is followed by the verb or the next partner.
    const whole = right && (right.end === v.start || /^(、|和|及|就|在|正式|共同|双方|，|,)/.test(s.slice(right.end)));
    if (left && right && left.end === split && whole) {
      const kind = s.slice(v.start, v.start + 14).match(/(.{0,8}?合作)(协议|项目)/)?.[1] ?? v.word;
      add('PARTNERS_WITH', left.ref, right.ref, [left.start, Math.min(s.length, v.end + 10)], 0.8, { kind });
    }
  }

  // PRODUCES: 甲研发/生产/主营 某产品; 从事某产品研发生产的甲.
  for (const [at, products] of productsAfter) {
    const tail = s.slice(at - 6, at);
    const atVerb = findAll(s.slice(at - 6, at), TRIGGERS.produce).at(-1);
    const doer = /从事$/.test(s.slice(0, at))
      ? undefined
      : subject(at - (atVerb ? 6 - atVerb.start : 0), ['Company', 'ResearchInstitute', 'University']);
    let maker = doer;
    if (/从事$/.test(tail)) {
      const last = products.at(-1) as Ref;
      const next = after(last.end, ['Company', 'ResearchInstitute'], 12);
      if (next) maker = { ref: next.ref, start: next.start };
    }
    if (!maker) continue;
    for (const p of products) add('PRODUCES', maker.ref, p.ref, [maker.start, p.end], 0.65);
  }
  // A maker's name right before a product (某公司新型电池生产基地, 甲XY研磨头).
  for (let i = 0; i + 1 < mentions.length; i++) {
    const m = mentions[i] as Ref;
    const p = mentions[i + 1] as Ref;
    if (p.kind === 'Product' && ['Company', 'ResearchInstitute'].includes(m.kind) && p.start - m.end <= 2)
      add('PRODUCES', m.ref, p.ref, [m.start, p.end], 0.6);
  }

  // Two places written together (某市某镇, 某高新区某核心区): the second is part of the first.
  for (let i = 0; i + 1 < mentions.length; i++) {
    const a = mentions[i] as Ref;
    const b = mentions[i + 1] as Ref;
    if (b.start !== a.end || a.ref === b.ref) continue;
    const regions = a.kind === 'Region' && b.kind === 'Region' && a.known && (b.known || /(镇|乡|县|街道)$/.test(b.text));
    if (regions || (a.kind === 'Park' && b.kind === 'Park' && a.known)) add('PART_OF', b.ref, a.ref, [a.start, b.end], 0.6);
  }

  // SUBSIDIARY_OF: 甲旗下乙; 乙是甲的子公司.
  for (const v of findAll(s, TRIGGERS.subsidiary)) {
    if (v.word === '旗下') {
      const parent = before(v.start, ['Company', 'Fund'], 2);
      const child = after(v.end, ['Company', 'Fund'], 2);
      if (parent && child) add('SUBSIDIARY_OF', child.ref, parent.ref, [parent.start, child.end], 0.8);
    } else {
      const parent = before(v.start, ['Company'], 6);
      const child = parent && before(parent.start, ['Company'], 4);
      if (parent && child) add('SUBSIDIARY_OF', child.ref, parent.ref, [child.start, v.end], 0.7);
    }
  }

  // COMPETES_WITH: 性能比肩国际巨头某某.
  for (const v of findAll(s, TRIGGERS.compete)) {
    const rival = after(v.end, ['Company'], 6);
    const who = subject(v.start, ['Company']);
    if (rival && who) add('COMPETES_WITH', who.ref, rival.ref, [who.start, rival.end], 0.6, { kind: v.word });
  }

  // SUPPLIES: 甲为乙供应/向乙供货.
  for (const v of findAll(s, TRIGGERS.supply)) {
    const customer = before(v.start, ['Company'], 6);
    const supplier = customer && /[为向给]$/.test(s.slice(0, customer.start)) ? before(customer.start - 1, ['Company'], 10) : undefined;
    if (supplier && customer) add('SUPPLIES', supplier.ref, customer.ref, [supplier.start, v.end], 0.6);
  }

  // IN_INDUSTRY: 在某赛道,… the clause's subjects; an organisation named after its industry.
  const lane = s.match(/^[^，,]{0,4}在([^，,]{2,10}?)(赛道|领域|产业)[,，]/);
  if (lane) {
    const laneEnd = (lane.index ?? 0) + lane[0].length - 1 - (lane[2] as string).length;
    const industry = mentions.find((m) => m.kind === 'Industry' && m.end === laneEnd);
    if (industry) {
      const rest = mentions.filter((m) => m.start > industry.end && ['Company', 'Park', 'Fund', 'ResearchInstitute'].includes(m.kind));
      // The clause's subject: the first name after the lane (a place named later is where, not who).
      for (const m of rest.slice(0, 1)) add('IN_INDUSTRY', m.ref, industry.ref, [0, m.end], 0.65);
    }
  }
  for (const m of mentions) {
    if (!['Company', 'Park', 'ResearchInstitute', 'Fund', 'University'].includes(m.kind)) continue;
    for (const i of mentions)
      if (i.kind === 'Industry' && i.start >= m.start && i.end <= m.end && i.ref !== m.ref)
        add('IN_INDUSTRY', m.ref, i.ref, [m.start, m.end], 0.7);
  }
  // 某某聚焦A、B、C四大方向 / 从事A…的某某.
  for (const v of findAll(s, ['聚焦', '专注于', '深耕', '布局'])) {
    const who = subject(v.start, ['Company', 'Park', 'ResearchInstitute', 'University', 'Fund']);
    if (!who) continue;
    const [start, end] = clauseOf(s, v.end);
    // 在A、B等赛道上布局: the industries before the verb.
    if (who.start >= start && /在.{2,40}(赛道|领域)上?(系统|全面|重点)?$/.test(s.slice(start, v.start)))
      for (const i of mentions)
        if (i.kind === 'Industry' && i.start >= start && i.end <= v.start) add('IN_INDUSTRY', who.ref, i.ref, [who.start, v.end], 0.6);
    for (const i of mentions)
      if (i.kind === 'Industry' && i.start >= v.end && i.end <= end) add('IN_INDUSTRY', who.ref, i.ref, [who.start, i.end], 0.6);
  }
  // 甲是(某地)某某产业的…: an organisation said to be of an industry.
  for (let i = 0; i + 1 < mentions.length; i++) {
    const org = mentions[i] as Ref;
    if (!['Company', 'ResearchInstitute', 'Park'].includes(org.kind)) continue;
    const rest = s.slice(org.end).match(/^(则)?(是|为|作为|成为)/);
    if (!rest) continue;
    let j = i + 1;
    let at = org.end + (rest[0] as string).length;
    if ((mentions[j] as Ref).kind === 'Region' && (mentions[j] as Ref).start === at) at = (mentions[j++] as Ref).end;
    const industry = mentions[j];
    if (industry?.kind === 'Industry' && industry.start === at)
      add('IN_INDUSTRY', org.ref, industry.ref, [org.start, industry.end + 4], 0.55);
  }

  // 以甲为核心的乙产业: the industry 甲 is part of 乙.
  for (const m of s.matchAll(/以([^，,。]{2,10}?)为(核心|主导|龙头)的([^，,。]{2,12}?)(产业|赛道)/g)) {
    const part = mentions.find(
      (x) => x.kind === 'Industry' && x.start >= (m.index ?? 0) && x.end <= (m.index ?? 0) + 1 + (m[1] as string).length,
    );
    const whole = mentions.find((x) => x.kind === 'Industry' && x.start > (part?.end ?? s.length) && x.end <= (m.index ?? 0) + m[0].length);
    if (part && whole) add('PART_OF', part.ref, whole.ref, [part.start, whole.end + 2], 0.65);
  }
  return out;
}

/** A relation's `since` when the sentence dates it (2019年, 2024年10月). */
function since(s: string): RelationProps {
  const m = s.match(/(20\d\d|19\d\d)年(?:(\d{1,2})月)?/);
  if (!m) return {};
  return { since: m[2] ? `${m[1]}-${(m[2] as string).padStart(2, '0')}` : (m[1] as string) };
}

/** The chain segment a text names, if one. */
export function segmentOf(text: string) {
  return SEGMENT_WORDS.find(([w]) => text.includes(w))?.[1];
}
