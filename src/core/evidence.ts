/** How evidence is stored: one `document<TAB>quote` string per fact, in the `evidence` list property. */

export interface Evidence {
  document: string;
  quote: string;
}

/** A tab cannot occur in a document name or a quote (both are trimmed single-line text). */
export const EVIDENCE_SEPARATOR = '\t';

export const encodeEvidence = (e: Evidence) => `${e.document}${EVIDENCE_SEPARATOR}${e.quote}`;

export const decodeEvidence = (encoded: string): Evidence => {
  const at = encoded.indexOf(EVIDENCE_SEPARATOR);
  return { document: encoded.slice(0, at), quote: encoded.slice(at + 1) };
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Where a sentence ends: what bounds a quote's context. */
const SENTENCE_END = /[。！？!?\n]/u;

/**
 * The sentence of `text` that holds `quote` (found as the quote check finds it: whitespace ignored),
 * at most `reach` characters on either side of the quote; undefined when the text does not hold it.
 */
export function quoteContext(text: string, quote: string, reach = 100): string | undefined {
  const chars = [...quote.replace(/\s+/gu, '')];
  if (chars.length === 0) return undefined;
  const match = new RegExp(chars.map(escapeRegExp).join('\\s*'), 'u').exec(text);
  if (!match) return undefined;
  let start = match.index;
  const floor = Math.max(0, start - reach);
  while (start > floor && !SENTENCE_END.test(text[start - 1] as string)) start--;
  let end = match.index + match[0].length;
  const ceiling = Math.min(text.length, end + reach);
  while (end < ceiling && !SENTENCE_END.test(text[end - 1] as string)) end++;
  return text.slice(start, end).trim();
}
