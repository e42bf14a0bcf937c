/** Products: a noun phrase ending in a product word after a verb of making (or 其), without the words that praise it. */
import { NAME_STOP_WORDS, PRODUCT_HEADS, PRODUCT_QUALIFIERS, TRIGGERS } from './lexicon.js';
import type { Mention } from './mentions.js';
import type { Token } from './segment.js';

const STOP = new Set<string>(NAME_STOP_WORDS);

/** A noun phrase right after `from` that ends with a product word: a product as written. */
export function productAt(sentence: string, tokens: Token[], from: number): Mention | undefined {
  // A Latin-script product name (a model or standard) up to 的, 、 or a clause's end.
  const latin = sentence.slice(from).match(/^([A-Za-z][A-Za-z0-9+.\- ]{1,30}?)(?=的|、|，|,|。|等|和|$)/);
  if (latin && /[A-Za-z]{2}/.test(latin[1] as string))
    return {
      start: from,
      end: from + (latin[1] as string).trimEnd().length,
      text: (latin[1] as string).trimEnd(),
      kind: 'Product',
      confidence: 0.55,
    };
  let i = tokens.findIndex((t) => t.start >= from);
  if (i < 0) return undefined;
  let best: Mention | undefined;
  const start = (tokens[i] as Token).start;
  for (; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.end - start > 20) break;
    if (/^[、，,。；;：:（）()“”"—-]$/.test(t.word) || /^[—-]/.test(t.word) || STOP.has(t.word) || /^(p|c|uj|ul|r|d)$/.test(t.tag)) break;
    if (PRODUCT_HEADS.some((h) => sentence.slice(start, t.end).endsWith(h)) && t.end - start >= 3)
      best = { start, end: t.end, text: sentence.slice(start, t.end), kind: 'Product', confidence: 0.6 };
  }
  return best;
}

/** Where a product may start: right after a verb of making (研发, 生产, 主营…), its 的 or 了 skipped. */
export function productTriggers(sentence: string): number[] {
  const out: number[] = [];
  const verbs = [...TRIGGERS.produce].sort((a, b) => b.length - a.length);
  for (let i = 0; i < sentence.length; i++) {
    // 其 (its) before a product: the company's own product (not 其中, 其他…).
    const its = sentence[i] === '其' && !/^(其中|其他|其余|其实|其次|其它)/.test(sentence.slice(i)) ? '其' : undefined;
    const v = its ?? verbs.find((w) => sentence.startsWith(w, i));
    if (!v) continue;
    let at = i + v.length;
    const skip = sentence.slice(at).match(/^(了|出|的|可)/);
    if (skip) at += (skip[0] as string).length;
    out.push(at);
    i = at - 1;
  }
  return out;
}

/** A product without the words that praise it (首款, 新型, 国内首款商业化纯国产…). */
export function trimProduct(p: Mention): Mention {
  const count = p.text.match(/^\d+(台套|台|套|个|款|项|种|条)(以上)?/)?.[0] ?? '';
  let start = p.start + count.length;
  // 某某产品: the product is 某某.
  let text = p.text.slice(count.length).replace(/(?<=.{2})产品$/u, '');
  for (let again = true; again; ) {
    again = false;
    for (const q of PRODUCT_QUALIFIERS)
      if (text.startsWith(q) && text.length - q.length >= 2) {
        text = text.slice(q.length);
        start += q.length;
        again = true;
      }
  }
  return { ...p, start, end: start + text.length, text };
}
