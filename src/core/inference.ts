/**
 * Stated or inferred: how an entity's inferred facts are stored (one `key<TAB>reason` string per
 * fact, in the `inferences` list property, as evidence is), and the rule for dates: a date is stated
 * only when a quote writes it to its full precision.
 */
import type { EntityInferred, EntityProps } from './schema.js';

const SEPARATOR = '\t';

export const encodeInferences = (inferred: EntityInferred | undefined): string[] =>
  Object.entries(inferred ?? {}).map(([key, reason]) => `${key}${SEPARATOR}${reason}`);

export function decodeInferences(encoded: readonly string[] | null | undefined): EntityInferred {
  const inferred: Record<string, string> = {};
  for (const item of encoded ?? []) {
    const at = item.indexOf(SEPARATOR);
    inferred[item.slice(0, at)] = item.slice(at + 1);
  }
  return inferred as EntityInferred;
}

/** The facts whose values are dates, checked against their quotes. */
export const ENTITY_DATE_PROPS = ['foundedOn', 'projectsSince'] as const satisfies (keyof EntityProps)[];
export const RELATION_DATE_PROPS = ['date', 'since'] as const;

/** Words for a year relative to the document's own: 今年 this year, 去年 last year, 明年 next year. */
const RELATIVE_YEARS: Record<string, number> = { 今年: 0, 去年: -1, 明年: 1 };

/**
 * Whether `quote` writes the ISO date `value` (YYYY, YYYY-MM or YYYY-MM-DD) at its full precision:
 * the year as digits, then the month (年9月, 2024.9, 2024-09) and the day (日) when the value has
 * them. `2018年年底` writes 2018, not 2018-12. A news report dates by its own year: with the
 * document's year `documentYear`, 今年/去年/明年 write that year, the one before and the one after,
 * and a month with no year before it (`6月13日`) is in the document's year.
 */
export function quoteWritesDate(quote: string, value: string, documentYear?: string): boolean {
  const [year, month, day] = value.split('-');
  const m = month ? `0?${Number(month)}\\s*(?:月|(?!\\d))` : '';
  const d = day ? `\\s*[.\\-/]?\\s*0?${Number(day)}\\s*(?:日|号|(?!\\d))` : '';
  if (new RegExp(`(?<!\\d)${year}${month ? `\\s*[年.\\-/]\\s*${m}` : ''}${d}`).test(quote)) return true;
  if (documentYear === undefined) return false;
  const words = Object.keys(RELATIVE_YEARS).filter((w) => Number(documentYear) + (RELATIVE_YEARS[w] as number) === Number(year));
  const bare = month !== undefined && year === documentYear ? ['(?<![\\d年])'] : [];
  const prefixes = [...words, ...bare];
  const written = month ? `0?${Number(month)}\\s*月${d}` : '';
  return prefixes.length > 0 && new RegExp(`(?:${prefixes.join('|')})${written}`).test(quote);
}

/** How a date reads in Chinese, for the loader's message: 2018年12月. */
export const chineseDate = (value: string) => {
  const [year, month, day] = value.split('-');
  return `${year}年${month ? `${Number(month)}月` : ''}${day ? `${Number(day)}日` : ''}`;
};
