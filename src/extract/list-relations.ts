/** The relation rules over lists (A、B、C等…, 以A、B为龙头, 与A、B等…合作, 已建成…): each item gets the fact the list states. */
import { ACTORS, clauseOf, findAll, PLACES, type Ref, type Scope } from './scope.js';

export function listRelations({ s, mentions, context, lists, add, before, after, subject }: Scope) {
  // Lists: 甲地已落地A、B、C等N个某产业项目: each item in the place and in the industry.
  for (const items of lists) {
    const first = items[0] as Ref;
    const last = items.at(-1) as Ref;
    const lead = s.slice(Math.max(0, first.start - 12), first.start);
    const tail = s.slice(last.end, last.end + 30);
    const verb = lead.match(/(落地|集聚|聚集|入驻|落户|已有|拥有|入选|建成|设立|建设|招引|引进)(了|的)?$/);
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
}
