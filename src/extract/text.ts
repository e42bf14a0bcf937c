/**
 * An article as the extractor reads it: checked (text, not too big, Chinese), flattened (the line
 * breaks that wrap a sentence removed, so that a name cut by a break comes out whole), and split
 * into sentences and clauses whose spans point back into the article as given.
 */

import { MAX_ARTICLE_CHARS } from '../core/limits.js';

/** An article above this many characters is refused (about 30 newspaper pages): the bound the API checks too. */
export { MAX_ARTICLE_CHARS };
/** At least this many Han characters: fewer is not a Chinese article. */
export const MIN_HAN_CHARS = 10;

export type ArticleProblem = 'empty' | 'binary' | 'huge' | 'no-chinese';

/** A text the extractor cannot read: what is wrong with it, said in one line. */
export class ArticleError extends Error {
  constructor(
    readonly problem: ArticleProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ArticleError';
  }
}

const HAN = /\p{Script=Han}/gu;
/** A control character other than tab, line feed, carriage return and form feed, or U+FFFD (bytes that were not UTF-8): a text file holds none. */
const isControl = (code: number) =>
  (code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) || code === 127 || code === 0xfffd;

/** Throws an ArticleError unless `text` is a Chinese article of a readable size. */
export function checkArticle(text: string): void {
  if (text.trim() === '') throw new ArticleError('empty', 'the article is empty');
  if (text.length > MAX_ARTICLE_CHARS)
    throw new ArticleError('huge', `the article has ${text.length} characters, more than the ${MAX_ARTICLE_CHARS} an article may have`);
  let controls = 0;
  let first = -1;
  for (let i = 0; i < text.length; i++)
    if (isControl(text.charCodeAt(i))) {
      controls++;
      if (first < 0) first = i;
      if (text.charCodeAt(i) === 0) controls = text.length;
    }
  if (controls > text.length / 100)
    throw new ArticleError('binary', `the article is not text: a control or undecodable character at character ${first}`);
  const han = text.match(HAN)?.length ?? 0;
  if (han < MIN_HAN_CHARS)
    throw new ArticleError('no-chinese', `the article holds ${han} Chinese characters: at least ${MIN_HAN_CHARS} are needed`);
}

/** The article without the whitespace that wraps its lines, and where each character came from. */
export interface FlatText {
  /** Paragraphs are separated by '\n'; a space is kept only between two Latin letters or digits. */
  text: string;
  /** `origin[i]`: the position in the article of `text[i]`. */
  origin: number[];
}

const LATIN = /[A-Za-z0-9]/;
/** A paragraph at least this long that ends with no punctuation was cut by the page, not ended. */
const WRAPPED_LINE = 24;

export function flatten(article: string): FlatText {
  let text = '';
  const origin: number[] = [];
  const n = article.length;
  for (let i = 0; i < n; ) {
    const c = article[i] as string;
    if (!/\s/u.test(c)) {
      text += c;
      origin.push(i);
      i++;
      continue;
    }
    let j = i;
    let breaks = 0;
    while (j < n && /\s/u.test(article[j] as string)) {
      if (article[j] === '\n') breaks++;
      j++;
    }
    const before = text[text.length - 1] ?? '';
    const after = article[j] ?? '';
    // A blank line inside a sentence (a page's hard wrap): a long line that stops mid-sentence goes on.
    const lineStart = text.lastIndexOf('\n') + 1;
    const wrapped =
      text.length - lineStart >= WRAPPED_LINE && !/[。！？!?；;：:”」』)）]/.test(before) && /[\p{Script=Han}A-Za-z0-9“（(]/u.test(after);
    if (breaks >= 2 && text !== '' && before !== '\n' && !wrapped) {
      text += '\n';
      origin.push(i);
    } else if (breaks < 2 && LATIN.test(before) && LATIN.test(after)) {
      text += ' ';
      origin.push(i);
    }
    i = j;
  }
  return { text, origin };
}

/** A sentence of the flattened text: [start, end) there, and its span in the article. */
export interface Sentence {
  index: number;
  start: number;
  end: number;
  text: string;
  /** [start, end) in the article as given, for highlighting. */
  span: { start: number; end: number };
}

const SENTENCE_END = /[。！？!?；;\n]/;

export function sentences(flat: FlatText): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    // Closing quotes and brackets belong to the sentence they end.
    while (end < flat.text.length && /[”’」』)）]/.test(flat.text[end] as string)) end++;
    const text = flat.text.slice(start, end);
    if (text.trim() !== '') {
      const first = flat.origin[start] as number;
      const last = flat.origin[end - 1] as number;
      out.push({ index: out.length, start, end, text, span: { start: first, end: last + 1 } });
    }
    start = end;
  };
  for (let i = 0; i < flat.text.length; i++) {
    if (i < start) continue;
    if (SENTENCE_END.test(flat.text[i] as string)) push(i + 1);
  }
  if (start < flat.text.length) push(flat.text.length);
  return out;
}

/** Clause separators inside a sentence: a quote rarely needs more than the clauses around a fact. */
export const CLAUSE_SEPARATOR = /[,，:：]/;

/**
 * The shortest piece of `sentence` that covers [from, to) (positions in the sentence), grown to
 * whole clauses while it stays within `max` characters; trailing sentence punctuation dropped.
 */
export function quoteAround(sentence: string, from: number, to: number, max: number): string {
  let a = from;
  let b = to;
  while (a > 0 && !CLAUSE_SEPARATOR.test(sentence[a - 1] as string)) a--;
  while (b < sentence.length && !CLAUSE_SEPARATOR.test(sentence[b] as string) && !SENTENCE_END.test(sentence[b] as string)) b++;
  if (b - a > max) {
    // The clause is too long: the window around the fact, as much of it as fits.
    a = Math.max(from, Math.min(a, to - max));
    b = Math.min(b, a + max);
    if (b - a < to - from) return sentence.slice(from, from + max).trim();
  }
  return sentence
    .slice(a, b)
    .replace(/^[\s,，:：、#>*]+|[\s。！？!?；;,，:：、]+$/g, '')
    .trim();
}
