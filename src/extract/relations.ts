/**
 * The relation rules: what a sentence states between the entities it names, by trigger words and
 * the order of the mentions around them. Each rule answers proposals with the span of the fact in
 * the sentence (for its quote) and a confidence. The rules over lists are in ./list-relations.ts.
 */
import type { RelationProps } from '../core/schema.js';
import { FOUNDER_TITLES, PERSONAL_TITLES, ROUND, TRIGGERS } from './lexicon.js';
import { listRelations } from './list-relations.js';
import {
  ACTORS,
  amountIn,
  clauseOf,
  type Found,
  findAll,
  isOrg,
  ORGS,
  PLACES,
  type Ref,
  type Scope,
  type SentenceFacts,
  scope,
  since,
} from './scope.js';

export type { Context, Found, Ref, SentenceFacts } from './scope.js';

export function relationsIn(facts: SentenceFacts): Found[] {
  const sc = scope(facts);
  namedRelations(sc);
  listRelations(sc);
  return sc.out;
}

/** The rules over the names of a sentence and the triggers between them. */
function namedRelations({ s, mentions, context, productsAfter, governments, add, before, after, subject }: Scope) {
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
}
