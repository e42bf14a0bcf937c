/**
 * The forms of a name that people type for it, and the words that name no one entity. The
 * definitions of "distinctive" and "broad" live here; resolution (./resolve.ts) and the stored
 * `matchKeys` of every entity are made of these functions, so both sides fold a name alike.
 */
import { Converter } from 'opencc-js/t2cn';
import { lookupKey } from './names.js';

/** Traditional (and Taiwan variant) characters to simplified, with OpenCC's dictionaries. */
const toSimplified = Converter({ from: 'tw', to: 'cn' });

/** Dashes, connectors, quotes and separators: `福州大学-晋江…`, `…—晋江…` and `…晋江…` are one name. */
const SEPARATORS = /[-‐‑‒–—―－~～·・•/／\\、,，.。:：;；'"“”‘’「」『』《》〈〉_＿|!！?？]/g;
const BRACKETS = /[()[\]{}（）【】〔〕［］｛｝]/g;
/** A bracketed qualifier, nearly always a place: 毫束科技(晋江)有限公司, 中探探针（福建）有限公司. */
const BRACKETED = /\([^()]*\)|\[[^[\]]*\]/g;

/** A company's legal form, longest first: dropped from both the name typed and the names stored. */
export const LEGAL_SUFFIXES = ['集团股份有限公司', '集团有限公司', '股份有限公司', '有限责任公司', '股份公司', '有限公司', '集团', '公司'];

/** The corpus's home places, largest unit first: locals leave them out (安芯基金 for 晋江安芯基金). */
export const PLACE_PREFIXES = ['福建省', '福建', '泉州市', '泉州', '晋江市', '晋江'];

/**
 * Words for a kind of organisation, body or site. A name made only of them (市政府 = 市 + 政府,
 * 管委会, 人民政府, 公司) names a class, not an entity.
 */
export const ORGANISATION_WORDS = [
  ...['管理委员会', '管委会', '委员会', '常委会', '工委', '人民政府', '政府', '党委', '市委', '人大', '办公室', '督查室', '科创委'],
  ...['基金会', '产业基金', '创投基金', '基金', '集团', '公司', '企业', '大学', '学院', '研究院', '研究所', '实验室', '研发中心'],
  ...['分中心', '中心', '分园区', '园区', '产业园', '工业园', '开发区', '高新区', '基地', '平台', '小镇', '社区', '协会', '商会'],
  ...['项目', '委', '办', '局', '厅', '部', '园', '市', '省', '区', '县', '镇'],
].sort((a, b) => b.length - a.length);

/** Kinds of product the documents also call by their class name (电子源 for 热场电子源). */
export const PRODUCT_CLASS_WORDS = ['电子源', '芯片', '探针', '设备', '材料', '电池', '模组', '镜头', '产品', '技术'];

/** A distinctive text keeps at least this many characters once its organisation words are set aside. */
export const MIN_DISTINCTIVE_CHARS = 2;

/** A word found inside the names of more than this many entities is broad. */
export const BROAD_MATCHES = 8;

/** A full-text match is confident when the text covers at least this share of the entity's name form… */
export const MIN_COVERAGE = 1 / 3;
/** …and the best entity's coverage is at least this many times the next one's. */
export const COVERAGE_MARGIN = 1.5;

const length = (s: string) => Array.from(s).length;

/** lookupKey, then simplified characters: the form every other form starts from. */
const base = (text: string) => toSimplified(lookupKey(text));

const unpunctuated = (s: string) => s.replace(BRACKETS, '').replace(SEPARATORS, '');

/**
 * The folded form of a name: its look-up key (width, spaces, case) in simplified characters, without
 * brackets, dashes or other separators. Two spellings of one name fold alike.
 */
export function foldKey(text: string): string {
  return unpunctuated(base(text));
}

/** What is left of a folded text once the organisation words at its end are set aside. */
function properPart(folded: string): string {
  let rest = folded;
  for (let again = true; again; ) {
    again = false;
    for (const word of ORGANISATION_WORDS)
      if (rest.endsWith(word)) {
        rest = rest.slice(0, -word.length);
        again = true;
        break;
      }
  }
  return rest;
}

/**
 * **Distinctive**: not broad, and at least MIN_DISTINCTIVE_CHARS characters remain once the
 * organisation words at its end are set aside (安芯基金 → 安芯: yes; 人民政府, 大学 → nothing: no).
 */
export function isDistinctive(folded: string): boolean {
  return !isBroad(folded) && length(properPart(folded)) >= MIN_DISTINCTIVE_CHARS;
}

/**
 * **Broad** (by the word alone): a class name, never one entity's: made only of organisation words
 * (管委会, 市政府, 公司), or a product class (电子源, 芯片). The resolver also calls broad a word found
 * inside the names of more than BROAD_MATCHES entities.
 */
export function isBroad(folded: string): boolean {
  return folded !== '' && (properPart(folded) === '' || PRODUCT_CLASS_WORDS.includes(folded));
}

const withoutSuffix = (s: string) => {
  const suffix = LEGAL_SUFFIXES.find((x) => s.endsWith(x) && s.length > x.length);
  return suffix ? s.slice(0, -suffix.length) : s;
};

const withoutPrefixes = (s: string): string[] => {
  const out: string[] = [];
  for (let rest = s, next: string | undefined; ; rest = next) {
    const prefix = PLACE_PREFIXES.find((p) => rest.startsWith(p) && rest.length > p.length);
    if (!prefix) return out;
    next = rest.slice(prefix.length);
    out.push(next);
  }
};

/**
 * The core forms of a name: its folded form, and the distinctive forms left when its bracketed
 * qualifier, its legal-form suffix and its leading home places are dropped, alone or together
 * (中探探针（福建）有限公司 → 中探探针福建有限公司, 中探探针有限公司, 中探探针福建, 中探探针).
 */
export function coreKeys(text: string): string[] {
  const b = base(text);
  const folded = unpunctuated(b);
  const out = new Set([folded]);
  for (const variant of new Set([folded, unpunctuated(b.replace(BRACKETED, ''))]))
    for (const trimmed of new Set([variant, withoutSuffix(variant)]))
      for (const form of [trimmed, ...withoutPrefixes(trimmed)]) if (isDistinctive(form)) out.add(form);
  return [...out];
}

/** Tags that keep the two kinds of match key apart in one stored list. */
export const FOLD_TAG = '=';
export const CORE_TAG = '~';

/** The keys an entity is matched by when no exact key matches: every name's folded and core forms, tagged. */
export function matchKeys(name: string, aliases: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const n of [name, ...aliases]) {
    const folded = foldKey(n);
    if (folded === '') continue;
    keys.add(FOLD_TAG + folded);
    for (const core of coreKeys(n)) keys.add(CORE_TAG + core);
  }
  return [...keys];
}

/**
 * How much of an entity a text covers: its share of the shortest folded or core form of the entity's
 * names that contains it, 0 when none does.
 */
export function coverage(folded: string, names: readonly string[]): number {
  if (folded === '') return 0;
  let best = 0;
  for (const n of names)
    for (const form of new Set([foldKey(n), ...coreKeys(n)]))
      if (form.includes(folded)) best = Math.max(best, length(folded) / length(form));
  return best;
}
