/**
 * What the relation rules share: the types of their input and output, and a sentence's scope — its
 * mentions, the article's context, and the helpers that find the mentions around a trigger.
 */
import type { Kind, RelationType } from '../core/ontology.js';
import type { RelationProps } from '../core/schema.js';
import { AMOUNT, SEGMENT_WORDS, UNIT } from './lexicon.js';
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

export const ORGS: readonly Kind[] = ['Company', 'Fund', 'Park', 'University', 'ResearchInstitute', 'GovernmentAgency'];
export const ACTORS: readonly Kind[] = ['Company', 'Fund', 'University', 'ResearchInstitute', 'GovernmentAgency'];
export const PLACES: readonly Kind[] = ['Park', 'Region'];
export const isOrg = (m: Ref) => ORGS.includes(m.kind);

export const findAll = (s: string, words: readonly string[]) => {
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
export const clauseOf = (s: string, at: number) => {
  let a = at;
  let b = at;
  while (a > 0 && !/[,，:：;；]/.test(s[a - 1] as string)) a--;
  while (b < s.length && !/[,，:：;；。]/.test(s[b] as string)) b++;
  return [a, b] as const;
};

export const amountIn = (s: string): number | undefined => {
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

/** One sentence's facts and the helpers its rules use; `out` collects the proposals. */
export function scope({ sentence: s, mentions, context, lists, productsAfter, governments }: SentenceFacts) {
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
  return { s, mentions, context, lists, productsAfter, governments, out, add, before, after, subject };
}

export type Scope = ReturnType<typeof scope>;

/** A relation's `since` when the sentence dates it (2019年, 2024年10月). */
export function since(s: string): RelationProps {
  const m = s.match(/(20\d\d|19\d\d)年(?:(\d{1,2})月)?/);
  if (!m) return {};
  return { since: m[2] ? `${m[1]}-${(m[2] as string).padStart(2, '0')}` : (m[1] as string) };
}

/** The chain segment a text names, if one. */
export function segmentOf(text: string) {
  return SEGMENT_WORDS.find(([w]) => text.includes(w))?.[1];
}
