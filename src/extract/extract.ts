/**
 * The extractor: an article, its title and date, and the entities already known → a draft in the
 * seed format of what the article states: entities (known ones by their id, new ones with a fresh
 * slug) and relations, each a proposal with a verbatim quote, a confidence and the span of its
 * sentence in the article. Pure: no database, no file; the caller gives the known entities.
 */
import { foldKey, isBroad } from '../core/name-forms.js';
import type { Kind, RelationType } from '../core/ontology.js';
import { memoryNameIndex, resolveName } from '../core/resolve.js';
import { MAX_QUOTE_LENGTH, type RelationProps } from '../core/schema.js';
import { INTRODUCED, introducedNames } from './introduced.js';
import { addForms, inText, type KnownEntity, knownForms, normChar, pick } from './known.js';
import { countedLists, latinCompanies, listItems, namesByPosition } from './lists.js';
import {
  brandMentions,
  industryMentions,
  knownMentions,
  type Mention,
  organisationMentions,
  personMentions,
  regionMentions,
  settle,
} from './mentions.js';
import { productAt, productTriggers, trimProduct } from './products.js';
import { type Context, type Found, type Ref, relationsIn } from './relations.js';
import { segmenter } from './segment.js';
import { structuralRelations } from './structure.js';
import { checkArticle, flatten, quoteAround, type Sentence, sentences } from './text.js';

export type { KnownEntity } from './known.js';
export { ArticleError } from './text.js';

export interface ArticleInput {
  text: string;
  /** The name the article is stored under (`document.file` of the draft). */
  file: string;
  title?: string;
  /** ISO: YYYY, YYYY-MM or YYYY-MM-DD. */
  date?: string;
}

/** [start, end) in the article as given. */
export interface Span {
  start: number;
  end: number;
}

export interface DraftEntity {
  id: string;
  kind: Kind;
  name: string;
  aliases: string[];
  evidence: { quote: string }[];
  proposal: true;
  confidence: number;
  /** The id was already known (the graph or the --known files): the draft only adds evidence. */
  known: boolean;
  span: Span;
}

export interface DraftRelation {
  type: RelationType;
  from: string;
  to: string;
  props: RelationProps;
  evidence: { quote: string }[];
  proposal: true;
  confidence: number;
  span: Span;
}

export interface Draft {
  document: { file: string; title?: string; date?: string; draft: true };
  entities: DraftEntity[];
  relations: DraftRelation[];
}

/** List items that name a class of things, not an entity. */
const GENERIC_ITEM = /^(设备|材料|装备|零部件|芯片|部件|产品|技术|资金|人才|数据|空间|服务)$/;
const round2 = (x: number) => Math.round(x * 100) / 100;
const SYMMETRIC: readonly RelationType[] = ['PARTNERS_WITH'];
const ORG_KINDS: readonly Kind[] = ['Company', 'Fund', 'Park', 'University', 'ResearchInstitute', 'GovernmentAgency'];
const MAX_EVIDENCE = 2;
/** An industry named this often is the article's topic. */
const TOPIC_MENTIONS = 4;

/** Everything the article states that the rules find, as proposals. Throws ArticleError for a text it cannot read. */
export async function extractDraft(article: ArticleInput, allKnown: readonly KnownEntity[]): Promise<Draft> {
  checkArticle(article.text);
  const flat = flatten(article.text);
  const all = sentences(flat);
  // Only the known entities whose names share a pair of characters with the article can be named in it.
  const known = inText(flat.text, allKnown);
  // A first pass finds the new organisations, whose short forms name them in the rest of the article.
  // One segmenter: the known names are loaded once (a big graph's take seconds), the article's own added.
  // Pinyin's tables (about 10 MB) load with the first extraction, as the segmenter's dictionary does.
  const [seg, { freshSlug }] = await Promise.all([segmenter(known), import('./slug.js')]);
  const forms = knownForms(known);
  const introduced = introducedNames(all, seg, forms);
  seg.add(introduced);
  addForms(forms, introduced);
  const index = memoryNameIndex(known);
  const taken = new Set(allKnown.map((e) => e.id));

  /** Draft entities by id, with the first mention's sentence for evidence. */
  const entities = new Map<string, { entity: DraftEntity; key: string }>();
  const newByKey = new Map<string, string>();
  const resolved = new Map<string, KnownEntity | null>();

  const refOf = async (mention: Mention, sentence: Sentence): Promise<string> => {
    const introducedAs = mention.known?.id.startsWith(INTRODUCED) ? mention : undefined;
    const m: Mention = introducedAs
      ? { ...mention, text: introducedAs.known?.name ?? mention.text, kind: introducedAs.known?.kind ?? mention.kind, known: undefined }
      : mention;
    const id = await refOfShaped(m, sentence);
    const alias = introducedAs?.text;
    const entry = entities.get(id)?.entity;
    if (alias && entry) addAlias(entry, alias, []);
    return id;
  };
  const refOfShaped = async (m: Mention, sentence: Sentence): Promise<string> => {
    let entity = m.known;
    if (!entity) {
      const cacheKey = `${m.kind}|${m.text}`;
      if (!resolved.has(cacheKey)) {
        const r = await resolveName(m.text, index);
        // A name found only inside another's (full text) is not enough for words that are not organisations' names.
        const sure = r.status === 'found' && (r.by !== 'fulltext' || ORG_KINDS.includes(m.kind));
        resolved.set(cacheKey, r.status === 'found' && sure && compatible(r.entity.kind, m.kind) ? r.entity : null);
      }
      entity = resolved.get(cacheKey) ?? undefined;
    }
    const quote = quoteAround(sentence.text, m.start, m.end, MAX_QUOTE_LENGTH);
    if (entity) {
      const existing = entities.get(entity.id);
      if (existing) {
        addAlias(existing.entity, m.text, entity.aliases);
        return entity.id;
      }
      entities.set(entity.id, {
        key: entity.id,
        entity: {
          id: entity.id,
          kind: entity.kind,
          name: entity.name,
          aliases: [],
          evidence: [{ quote }],
          proposal: true,
          confidence: 1,
          known: true,
          span: sentence.span,
        },
      });
      addAlias((entities.get(entity.id) as { entity: DraftEntity }).entity, m.text, entity.aliases);
      return entity.id;
    }
    const key = `${m.kind}|${foldKey(m.text)}`;
    const id = newByKey.get(key);
    if (id) return id;
    const fresh = freshSlug(m.text, taken);
    taken.add(fresh);
    newByKey.set(key, fresh);
    entities.set(fresh, {
      key,
      entity: {
        id: fresh,
        kind: m.kind,
        name: m.text,
        aliases: [],
        evidence: [{ quote }],
        proposal: true,
        confidence: round2(m.confidence),
        known: false,
        span: sentence.span,
      },
    });
    return fresh;
  };

  const found: { f: Found; sentence: Sentence }[] = [];
  const regionCount = new Map<string, number>();
  const context: Context = {};
  const perSentence: { sentence: Sentence; mentions: Ref[]; lost: Mention[]; lists: Ref[][]; productsAfter: Map<number, Ref[]> }[] = [];

  for (const sentence of all) {
    const s = sentence.text;
    const tokens = seg.tokens(s);
    const known1 = knownMentions(s, forms);
    const raw: Mention[] = [
      ...known1,
      ...organisationMentions(s, tokens, known1),
      ...brandMentions(s, tokens),
      ...personMentions(s),
      ...industryMentions(s, tokens),
      ...regionMentions(tokens),
      ...latinCompanies(s),
    ];
    // Products after verbs of making, and lists of them (A、B和C).
    const productAnchors: number[] = [];
    for (const t of productTriggers(s)) productAnchors.push(t);
    const products = new Map<number, Mention[]>();
    for (const at of productAnchors) {
      const list: Mention[] = [];
      let from = at;
      for (let n = 0; n < 4; n++) {
        const p = productAt(s, tokens, from);
        if (!p) break;
        list.push(trimProduct(p));
        const next = s.slice(p.end).match(/^(、|和|及|以及|与)/);
        if (!next) break;
        from = p.end + (next[0] as string).length;
      }
      if (list.length > 0) products.set(at, list);
    }
    for (const list of products.values()) raw.push(...list);
    // A product right after its maker's name: 甲新型电池生产基地, 甲XY研磨头.
    for (const m of known1.concat(organisationMentions(s, tokens, known1))) {
      const p = productAt(s, tokens, m.end);
      if (p && p.start === m.end && /^(生产基地|项目|、|等|产品)/.test(s.slice(p.end))) raw.push(trimProduct(p));
    }
    // The items of 等-lists that no other rule named.
    const lists = [...listItems(s), ...countedLists(s)];
    // Names made by position win only where no shape or known name speaks.
    const settled0 = settle(raw);
    const settled = settle([...settled0, ...namesByPosition(s).filter((p) => !settled0.some((m) => m.start < p.end && p.start < m.end))]);
    const listRefs: Mention[][] = [];
    for (const items of lists) {
      const tail = s.slice((items.at(-1) as { end: number }).end, (items.at(-1) as { end: number }).end + 24);
      const kind: Kind | undefined =
        /^等[^，,。]{0,12}(产业链|赛道|领域|产业)(?!.{0,4}(项目|企业))/.test(tail) ||
        /^([一二三四五六七八九十两几]大(方向|领域|赛道|产业|板块)|为(支柱|主导))/.test(tail)
          ? 'Industry'
          : /^等[^，,。]{0,16}(企业|项目|厂商|公司|机构)/.test(tail) || /^为龙头/.test(tail)
            ? 'Company'
            : /^等[^，,。]{0,6}产品/.test(tail)
              ? 'Product'
              : undefined;
      const refs: Mention[] = [];
      for (const item of items) {
        const hit =
          settled.find((m) => m.start <= item.start && m.end >= item.end) ??
          settled.find((m) => m.start === item.start && m.end <= item.end && m.kind !== 'Product' && m.kind !== 'Industry');
        if (hit) refs.push(hit);
        else if (GENERIC_ITEM.test(item.text) || isBroad(foldKey(item.text))) continue;
        else if (kind && item.text.length <= 8 && /\p{Script=Han}|[A-Za-z]/u.test(item.text) && !/[的了在是将]/.test(item.text))
          refs.push({ ...item, kind, confidence: 0.5 });
      }
      if (refs.length >= Math.max(2, items.length - 1)) listRefs.push(refs);
    }
    const all = settle([...settled, ...listRefs.flat().filter((m) => !settled.includes(m))]);
    const mentions: Ref[] = [];
    for (const m of all) mentions.push({ ...m, ref: await refOf(m, sentence) });
    const refFor = (m: Mention) => mentions.find((x) => x.start === m.start && x.end === m.end);
    const lists2 = listRefs.map((l) => l.map(refFor).filter((x): x is Ref => x !== undefined));
    const productsAfter = new Map<number, Ref[]>();
    for (const [at, list] of products) {
      const refs = list.map((p) => refFor(p)).filter((x): x is Ref => x !== undefined && x.kind === 'Product');
      if (refs.length > 0) productsAfter.set(at, refs);
    }
    for (const m of mentions) if (m.kind === 'Region') regionCount.set(m.ref, (regionCount.get(m.ref) ?? 0) + 1);
    const lost = raw.filter((m) => !all.some((a) => a.start === m.start && a.end === m.end));
    // Known names inside a name matched whole (an industry, a place in an institute's name).
    for (const m of all)
      if (m.known && m.kind !== 'Industry' && m.kind !== 'Person')
        for (const inner of knownMentions(m.text, forms, m.end - m.start - 1, m.known.id))
          lost.push({ ...inner, start: inner.start + m.start, end: inner.end + m.start });
    perSentence.push({ sentence, mentions, lost, lists: lists2, productsAfter });
  }

  context.region = [...regionCount].sort((a, b) => b[1] - a[1])[0]?.[0];
  const governments = new Map<string, string>();
  for (const { sentence, mentions } of perSentence)
    for (const m of mentions)
      if (m.kind === 'Region' && !governments.has(m.ref)) {
        const gov = pick(forms.forms.get(Array.from(`${entities.get(m.ref)?.entity.name ?? m.text}人民政府`, normChar).join('')));
        if (gov) governments.set(m.ref, await refOf({ ...m, text: gov.name, kind: gov.kind, known: gov }, sentence));
      }
  const industryCount = new Map<string, number>();
  for (const { mentions } of perSentence)
    for (const m of mentions) if (m.kind === 'Industry') industryCount.set(m.ref, (industryCount.get(m.ref) ?? 0) + 1);
  const [topic] = [...industryCount].sort((a, b) => b[1] - a[1]);
  if (topic && topic[1] >= TOPIC_MENTIONS) context.industry = topic[0];
  for (const { sentence, mentions, lost, lists, productsAfter } of perSentence) {
    for (const f of relationsIn({ sentence: sentence.text, mentions, context, lists, productsAfter, governments }))
      found.push({ f, sentence });
    for (const f of await structuralRelations(mentions, lost, (m) => refOf(m, sentence))) found.push({ f, sentence });
    const host = mentions.find((m) => m.kind === 'Park' || m.kind === 'University');
    context.host = host?.ref;
    const company = mentions.filter((m) => m.kind === 'Company').at(-1);
    if (company) context.company = company.ref;
    const park = mentions.filter((m) => m.kind === 'Park').at(-1);
    if (park) context.park = park.ref;
  }

  // A tenant of a park named after its region (在某地某产业园成立…) is in that region too: the name says so.
  for (const { f, sentence } of [...found]) {
    if (f.type !== 'LOCATED_IN') continue;
    const park = entities.get(f.to)?.entity;
    if (park?.kind !== 'Park' || entities.get(f.from)?.entity.kind === 'Park') continue;
    let place: KnownEntity | undefined;
    for (let len = Math.min(6, park.name.length - 2); len >= 2 && !place; len--) {
      const entity = pick(forms.forms.get(Array.from(park.name.slice(0, len), normChar).join('')));
      if (entity?.kind === 'Region') place = entity;
    }
    if (place) {
      const region = await refOf({ start: f.at[0], end: f.at[0], text: place.name, kind: 'Region', known: place, confidence: 1 }, sentence);
      found.push({ f: { type: 'LOCATED_IN', from: f.from, to: region, props: f.props, at: f.at, confidence: 0.5 }, sentence });
    }
  }

  const relations = new Map<string, DraftRelation>();
  for (const { f, sentence } of found) {
    if (f.from === f.to) continue;
    const [from, to] = SYMMETRIC.includes(f.type) && f.to < f.from ? [f.to, f.from] : [f.from, f.to];
    const key = `${from}|${f.type}|${to}`;
    const quote = quoteAround(sentence.text, ...datedSpan(sentence.text, f), MAX_QUOTE_LENGTH);
    const existing = relations.get(key);
    if (existing) {
      existing.confidence = round2(Math.min(0.95, Math.max(existing.confidence, f.confidence) + 0.05));
      if (existing.evidence.length < MAX_EVIDENCE && !existing.evidence.some((e) => e.quote === quote)) existing.evidence.push({ quote });
      continue;
    }
    relations.set(key, {
      type: f.type,
      from,
      to,
      props: f.props,
      evidence: [{ quote }],
      proposal: true,
      confidence: round2(f.confidence),
      span: sentence.span,
    });
  }
  const used = new Set([...relations.values()].flatMap((r) => [r.from, r.to]));
  return {
    document: {
      file: article.file,
      ...(article.title ? { title: article.title } : {}),
      ...(article.date ? { date: article.date } : {}),
      draft: true,
    },
    entities: [...entities.values()].map((e) => e.entity).filter((e) => used.has(e.id)),
    relations: [...relations.values()],
  };
}

/**
 * A dated fact's quote must write its date (the loader checks it): the span grows to the date when
 * the quote can hold both, and the date is left out when it cannot.
 */
function datedSpan(sentence: string, f: Found): [number, number] {
  const props = f.props as Record<string, unknown>;
  const key = props.since !== undefined ? 'since' : props.date !== undefined ? 'date' : undefined;
  if (!key) return f.at;
  const written = sentence.match(/(20\d\d|19\d\d)年(\d{1,2}月)?/);
  const start = Math.min(f.at[0], written?.index ?? f.at[0]);
  const end = Math.max(f.at[1], (written?.index ?? 0) + (written?.[0].length ?? 0));
  if (written && end - start <= MAX_QUOTE_LENGTH) return [start, end];
  delete props[key];
  return f.at;
}

/** A draft names at most this many new aliases of an entity: the spellings the article uses. */
const MAX_DRAFT_ALIASES = 5;

/** Adds a spelling the article uses for an entity, unless it is its name or an alias already (folded alike). */
function addAlias(entity: DraftEntity, text: string, knownAliases: readonly string[]) {
  const folded = foldKey(text);
  if (entity.aliases.length >= MAX_DRAFT_ALIASES || folded === foldKey(entity.name)) return;
  if ([...entity.aliases, ...knownAliases].some((a) => foldKey(a) === folded)) return;
  entity.aliases.push(text);
}

/** A name found by the resolver counts only if its kind could be what the shape says. */
function compatible(found: Kind, shaped: Kind): boolean {
  if (found === shaped) return true;
  const orgs: Kind[] = ['Company', 'Fund', 'Park', 'University', 'ResearchInstitute', 'GovernmentAgency'];
  return orgs.includes(found) && orgs.includes(shaped) && shaped !== 'Park' && found !== 'Park';
}
