/**
 * Where a sentence names an entity: known names (longest first), and new names from their shape:
 * an organisation or site suffix with the words before it, a person next to a title, a product
 * after a verb of making, an industry before 产业/赛道/领域, the items of a list ending in 等.
 */
import type { Kind } from '../core/ontology.js';
import { type KnownEntity, type KnownForms, normChar, pick } from './known.js';
import {
  BRAND_SUFFIXES,
  COREFERENCE,
  DOUBLE_SURNAMES,
  INDUSTRY_HEADS,
  NAME_STOP_WORDS,
  ORG_SUFFIXES,
  PERSONAL_TITLES,
  REGION_SUFFIXES,
  SPEECH_VERBS,
  SURNAMES,
  TITLES,
  TRIGGERS,
} from './lexicon.js';
import type { Token } from './segment.js';

export interface Mention {
  /** [start, end) in the sentence. */
  start: number;
  end: number;
  /** As written. */
  text: string;
  kind: Kind;
  known?: KnownEntity;
  /** How sure the shape is (1 for a known name). */
  confidence: number;
  /** For a person: the title next to the name. */
  title?: { text: string; start: number; end: number };
}

const HAN = /\p{Script=Han}/u;
const PUNCT = /[\p{P}\p{S}\s]/u;
const MAX_NAME = 24;
const STOP = new Set<string>(NAME_STOP_WORDS);
const VERBS = new Set<string>(Object.values(TRIGGERS).flat());
/** Tags of words that never start or continue a name leftwards: prepositions, conjunctions, particles, pronouns, numbers, adverbs. */
const STOP_TAGS = /^(p|c|u.*|r.*|d|e|y|o|zg|uj|ul)$/;
/** A number word stops a name; a one-character word the dictionary happens to call a measure word (毫) does not. */
const isNumber = (t: Token) => /^m/.test(t.tag) && /^[\d一二三四五六七八九十百千万亿两几多首数]/.test(t.word);

/** Known names in the sentence, longest first, left to right. */
export function knownMentions(sentence: string, known: KnownForms, longest = known.longest, skipId?: string): Mention[] {
  const norm = Array.from(sentence, normChar).join('');
  const out: Mention[] = [];
  for (let i = 0; i < norm.length; ) {
    let found: Mention | undefined;
    for (let len = Math.min(longest, norm.length - i); len >= 2; len--) {
      const entity = pick(known.forms.get(norm.slice(i, i + len)));
      if (!entity || entity.id === skipId) continue;
      // A name inside a longer Latin word is not that name (an abbreviation inside a product code).
      if (/[a-z0-9]/i.test(norm[i - 1] ?? '') && /[a-z0-9]/i.test(norm[i] ?? '')) continue;
      found = { start: i, end: i + len, text: sentence.slice(i, i + len), kind: entity.kind, known: entity, confidence: 1 };
      break;
    }
    if (found) {
      out.push(found);
      i = found.end;
    } else i++;
  }
  return out;
}

/**
 * The left edge of a name that ends at `end` and whose last word starts at `headStart`: words
 * are taken leftwards while they can be part of a name (not a stop word, a particle or a verb of
 * two characters or more, not punctuation except a bracketed place).
 */
function leftEdge(sentence: string, tokens: Token[], headStart: number, knownAt: Map<number, Mention>, kind: Kind): number {
  const brand = kind === 'Company' || kind === 'Fund';
  let start = headStart;
  let i = tokens.findIndex((t) => t.end === headStart);
  if (i < 0) {
    // The head begins inside a word: the word's own start, unless that word is a stop.
    const inner = tokens.findIndex((t) => t.start < headStart && t.end > headStart);
    if (inner < 0) return headStart;
    const t = tokens[inner] as Token;
    if (STOP.has(t.word) || STOP_TAGS.test(t.tag)) return headStart;
    start = t.start;
    i = inner - 1;
  }
  for (; i >= 0; i--) {
    const t = tokens[i] as Token;
    if (headStart - t.start > MAX_NAME) break;
    const k = knownAt.get(t.end);
    if (k && k.start >= t.start - 8 && k.start < start) {
      // A known name right before: part of this one (a college of a university) when it is an organisation.
      if (!canHold(kind, k.kind)) break;
      start = k.start;
      i = tokens.findIndex((x) => x.start === k.start);
      continue;
    }
    if (/^[)）]$/.test(t.word)) {
      const open = sentence.lastIndexOf(t.word === ')' ? '(' : '（', t.start);
      if (open >= 0 && t.start - open <= 6 && open > 0) {
        start = open;
        i = tokens.findIndex((x) => x.start === open);
        continue;
      }
      break;
    }
    if (PUNCT.test(t.word) && !/^[-—]$/.test(t.word)) break;
    // One dash joins two names (某大学-某研究院); a double dash (——) sets off what follows.
    if (/^[-—]$/.test(t.word) && (sentence[t.start - 1] === '—' || sentence[t.end] === '—')) break;
    // 与/及 inside an institute's or college's name (材料技术与工程研究所), when no organisation is named after it.
    if (
      /^[与及和]$/.test(t.word) &&
      (kind === 'ResearchInstitute' || kind === 'University') &&
      !ORG_WORD.test(sentence.slice(t.end, headStart)) &&
      i > 0
    ) {
      const prev = tokens[i - 1] as Token;
      const heldOrg = knownAt.get(prev.end);
      if (/^n/.test(prev.tag) && !ORG_WORD.test(prev.word) && (!heldOrg || heldOrg.kind === 'Industry')) {
        start = t.start;
        continue;
      }
    }
    if (STOP.has(t.word) || VERBS.has(t.word) || STOP_TAGS.test(t.tag) || isNumber(t)) break;
    // A verb ends the name, unless a company's or fund's brand is a verb too (远航集团).
    if (t.tag.startsWith('v') && t.word.length >= 2 && (headStart - start >= 4 || !brand)) break;
    if (/^\d/.test(t.word)) break;
    start = t.start;
  }
  // Words the segmenter split (领/投) can still be a trigger: the name starts after the last one inside it.
  const inside = sentence.slice(start, headStart);
  for (const w of [...VERBS, ...STOP])
    if (w.length >= 2) {
      const at = inside.lastIndexOf(w);
      if (at >= 0 && start + at + w.length <= headStart) start = Math.max(start, start + at + w.length);
    }
  // A dash may join two names, never start one.
  while (/^[-—]/.test(sentence.slice(start))) start++;
  return start;
}

/** Organisation words: a name holding one after a 与 is a second organisation, not part of the first. */
const ORG_WORD = /(大学|学院|公司|集团|研究院|研究所|中心|政府|基金)/;

/** Whether a name of kind `outer` may hold a known name of kind `inner` at its start (a college its university's name). */
function canHold(outer: Kind, inner: Kind): boolean {
  if (inner === 'Region' || inner === 'Industry') return true;
  if (outer === 'University' || outer === 'ResearchInstitute')
    return ['University', 'ResearchInstitute', 'Company', 'GovernmentAgency'].includes(inner);
  if (outer === 'GovernmentAgency') return inner === 'GovernmentAgency' || inner === 'Park';
  if (outer === 'Park') return inner === 'Company';
  return false;
}

const isCoreference = (text: string) => (Object.values(COREFERENCE) as readonly (readonly string[])[]).some((list) => list.includes(text));

/** New organisations and sites: a suffix (有限公司, 大学, 产业园…) and the words before it. */
export function organisationMentions(sentence: string, tokens: Token[], known: Mention[]): Mention[] {
  const knownAt = new Map(known.map((m) => [m.end, m]));
  const out: Mention[] = [];
  for (let end = sentence.length; end > 0; end--) {
    const hit = ORG_SUFFIXES.find(([suffix]) => sentence.startsWith(suffix, end - suffix.length));
    if (!hit) continue;
    const [suffix, kind] = hit;
    // The suffix must end a word (产业园 in 产业园区 does not).
    if (ORG_SUFFIXES.some(([s]) => s.length > suffix.length && sentence.startsWith(s, end - suffix.length) && s !== suffix)) continue;
    const headStart = end - suffix.length;
    const start = leftEdge(sentence, tokens, headStart, knownAt, kind);
    // A known company's name, then words of its trade and the suffix (某某医疗公司): the same company.
    const before = knownAt.get(start);
    if (
      before?.known &&
      (before.kind === 'Company' || before.kind === 'Fund') &&
      before.kind === kind &&
      /^[\p{Script=Han}]{0,6}$/u.test(sentence.slice(start, headStart))
    ) {
      const trade = sentence.slice(start, headStart);
      if (trade === '' || /^新?(医疗|科技|技术|生物|电子|光电|制药|药业|材料|化工|智能|信息|能源|控股|实业|发展)+$/.test(trade)) {
        out.push({ start: before.start, end, text: sentence.slice(before.start, end), kind, known: before.known, confidence: 0.9 });
        end = before.start + 1;
        continue;
      }
    }
    const text = sentence.slice(start, end);
    // 园区管理委员会, 该公司: a word for the one already named, not a name.
    if (
      start === headStart ||
      isCoreference(text) ||
      isCoreference(text.slice(0, -suffix.length)) ||
      Array.from(text).length < suffix.length + 2
    )
      continue;
    if (!HAN.test(text.slice(0, -suffix.length)) && !/[A-Za-z]{2}/.test(text)) continue;
    const confidence = suffix.length >= 3 ? 0.8 : 0.65;
    // A zone written inside a zone (某高新区某核心区): two parks, the second part of the first (a branch, 分园区, keeps its whole name).
    const inner =
      kind === 'Park' && !/^(分园区|区域)$/.test(suffix)
        ? text.slice(0, -suffix.length).match(/^(.{2,}?(高新区|开发区|产业园区|园区|工业园))(.{2,})$/u)
        : null;
    if (inner) {
      const cut = start + (inner[1] as string).length;
      out.push(
        { start, end: cut, text: sentence.slice(start, cut), kind, confidence },
        { start: cut, end, text: sentence.slice(cut, end), kind, confidence },
      );
    } else out.push({ start, end, text, kind, confidence });
    end = start + 1;
  }
  return out;
}

/** Brand-named companies (…科技, …制药): a brand the dictionary does not know, then the word. */
export function brandMentions(sentence: string, tokens: Token[]): Mention[] {
  const out: Mention[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (!BRAND_SUFFIXES.includes(t.word)) continue;
    const prev = tokens[i - 1] as Token;
    const before = tokens[i - 2];
    // The brand: one or two words of one character each (the dictionary does not know it), or a proper noun.
    let start = prev.start;
    if (prev.word.length === 1 && before && before.word.length === 1 && HAN.test(before.word) && !STOP.has(before.word))
      start = before.start;
    const brand = sentence.slice(start, t.start);
    const unknownBrand = (prev.word.length === 1 && start < prev.start) || /^(nr|nrt|nz|x)$/.test(prev.tag);
    if (!unknownBrand || !HAN.test(brand) || STOP.has(brand) || STOP.has(prev.word)) continue;
    out.push({ start, end: t.end, text: sentence.slice(start, t.end), kind: 'Company', confidence: 0.6 });
  }
  return out;
}

const surnameAt = (s: string, at: number) =>
  DOUBLE_SURNAMES.some((d) => s.startsWith(d, at)) ? 2 : SURNAMES.includes(s[at] ?? '\u0000') && HAN.test(s[at] ?? '') ? 1 : 0;

/** Where a person's name of 2 or 3 Han characters starting at `at` ends, if a boundary follows it. */
function personEnd(s: string, at: number): number | undefined {
  const surname = surnameAt(s, at);
  if (!surname) return undefined;
  const boundary = (i: number) =>
    i >= s.length || PUNCT.test(s[i] as string) || SPEECH_VERBS.some((v) => s.startsWith(v, i)) || /^[在于的等和与]/.test(s.slice(i));
  for (const len of [surname + 1, surname + 2]) {
    const slice = s.slice(at, at + len);
    if (slice.length === len && Array.from(slice).every((c) => HAN.test(c)) && boundary(at + len)) return at + len;
  }
  return undefined;
}

/** People: a name right after a title (董事长顾某说), right before a personal title (某某教授), or founding (某某创办). */
export function personMentions(sentence: string): Mention[] {
  const out: Mention[] = [];
  // 由某某(于某年)创办: the founder after 由.
  for (const m of sentence.matchAll(/由(?=[^，,。；;]{2,16}(创办|创立|创建|领衔))/g)) {
    const at = (m.index ?? 0) + 1;
    const end = personEnd(sentence, at);
    if (end !== undefined) out.push({ start: at, end, text: sentence.slice(at, end), kind: 'Person', confidence: 0.6 });
  }
  for (const m of sentence.matchAll(/(创办|创立|创建|带领)/g)) {
    const i = m.index ?? 0;
    for (const len of [3, 2]) {
      const at = i - len;
      if (at < 0 || (at > 0 && !/[\p{P}\s的]/u.test(sentence[at - 1] as string))) continue;
      if (personEnd(sentence.slice(0, i), at) === i) {
        out.push({ start: at, end: i, text: sentence.slice(at, i), kind: 'Person', confidence: 0.6 });
        break;
      }
    }
  }
  for (let i = 0; i < sentence.length; i++) {
    const title = TITLES.find((t) => sentence.startsWith(t, i));
    if (!title) continue;
    const after = i + title.length;
    const end = personEnd(sentence, after);
    if (end !== undefined) {
      out.push({
        start: after,
        end,
        text: sentence.slice(after, end),
        kind: 'Person',
        confidence: 0.85,
        title: { text: title, start: i, end: after },
      });
      i = end - 1;
      continue;
    }
    if (PERSONAL_TITLES.includes(title)) {
      for (const len of [3, 2]) {
        const at = i - len;
        if (at >= 0 && personEnd(sentence.slice(0, i), at) === i)
          out.push({
            start: at,
            end: i,
            text: sentence.slice(at, i),
            kind: 'Person',
            confidence: 0.7,
            title: { text: title, start: i, end: after },
          });
        if (out.at(-1)?.end === i) break;
      }
    }
    i = after - 1;
  }
  return out;
}

/** Industries: the words before 产业, 赛道, 领域, 行业 (某某产业 names the industry 某某). */
export function industryMentions(sentence: string, tokens: Token[]): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const head = INDUSTRY_HEADS.find((h) => t.word === h || t.word.endsWith(h));
    if (!head) continue;
    const end = t.word === head ? t.start : t.end - head.length;
    let start = end;
    for (let j = t.word === head ? i - 1 : i; j >= 0; j--) {
      const w = tokens[j] as Token;
      const s = w === t ? w.start : w.start;
      if (
        PUNCT.test(w.word) ||
        STOP.has(w.word) ||
        STOP_TAGS.test(w.tag) ||
        /^(m|q|mq)$/.test(w.tag) ||
        VERBS.has(w.word) ||
        /^\d/.test(w.word)
      )
        break;
      if (end - s > 8) break;
      start = s;
      if (end - start >= 4) break;
    }
    const text = sentence.slice(start, end);
    // A verb alone before 产业 (实现产业链…) names no industry.
    if (tokens.some((w) => w.start === start && w.end === end && w.tag === 'v')) continue;
    if (
      Array.from(text).length < 2 ||
      !HAN.test(text) ||
      /^(相关|新兴|传统|重点|主导|未来|优势|配套|其他|各|该|这)|关键|核心|国产|相关|全|多|个|\d/.test(text)
    )
      continue;
    out.push({ start, end, text, kind: 'Industry', confidence: 0.6 });
  }
  return out;
}

/** Regions the segmenter tags as places (a province, a city) or place words ending in 市, 镇, 县… */
export function regionMentions(tokens: Token[]): Mention[] {
  return (
    tokens
      .filter((t) => t.tag === 'ns' && t.word.length >= 2 && HAN.test(t.word))
      // Roads, bridges and stations are places but not regions; a trigger the dictionary calls a place is a verb.
      .filter((t) => !REGION_SUFFIXES.includes(t.word) && !/[路桥站港湾街道区]$/.test(t.word) && !VERBS.has(t.word) && !STOP.has(t.word))
      .map((t) => ({ start: t.start, end: t.end, text: t.word, kind: 'Region' as const, confidence: 0.6 }))
  );
}

/** Mentions with overlaps settled: a longer one wins, a known one wins a tie. */
export function settle(mentions: Mention[]): Mention[] {
  const sorted = [...mentions].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || Number(!!b.known) - Number(!!a.known) || b.confidence - a.confidence,
  );
  const kept: Mention[] = [];
  for (const m of sorted) {
    const over = kept.find((k) => k.start < m.end && m.start < k.end);
    if (!over) kept.push(m);
    // A known person keeps the title the shape found next to the name.
    else if (over.start === m.start && over.end === m.end && m.title && !over.title && over.kind === m.kind)
      kept[kept.indexOf(over)] = { ...over, title: m.title };
  }
  return kept.sort((a, b) => a.start - b.start);
}
