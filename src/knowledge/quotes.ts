/** The source documents as evidence is checked against them: quotes looked up with whitespace ignored. */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';

/** Whitespace and line breaks are ignored when a quote is looked up in its document. */
export const squeeze = (s: string) => (HAS_SPACE.test(s) ? s.replace(/\s+/gu, '') : s);
const HAS_SPACE = /\s/u;

/**
 * Answers `body.includes(quote)` for many quotes of one document. The first few are plain scans;
 * past them, the positions of every 4-character window are hashed once (two typed arrays), and a
 * quote is looked up by its first four characters, so a document holding thousands of quotes is
 * read once instead of once per quote. The answers are exactly those of `includes`.
 */
export class QuoteFinder {
  private static readonly SCANS = 16;
  private static readonly GRAM = 4;
  private lookups = 0;
  private heads?: Int32Array;
  private next?: Int32Array;

  private shift = 32;

  constructor(readonly body: string) {}

  /** Multiply-shift hash of four characters. */
  private static hash4(c0: number, c1: number, c2: number, c3: number, shift: number) {
    const x = Math.imul(c0, 0x9e3779b1) ^ Math.imul(c1, 0x85ebca6b) ^ Math.imul(c2, 0xc2b2ae35) ^ Math.imul(c3, 0x27d4eb2f);
    return Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> shift;
  }

  private build() {
    const body = this.body;
    const windows = body.length - QuoteFinder.GRAM + 1;
    let bits = 10;
    while (1 << bits < windows * 2) bits++;
    const shift = 32 - bits;
    const heads = new Int32Array(1 << bits).fill(-1);
    const next = new Int32Array(windows);
    let c0 = body.charCodeAt(0);
    let c1 = body.charCodeAt(1);
    let c2 = body.charCodeAt(2);
    for (let at = 0; at < windows; at++) {
      const c3 = body.charCodeAt(at + 3);
      const k = QuoteFinder.hash4(c0, c1, c2, c3, shift);
      next[at] = heads[k] as number;
      heads[k] = at;
      c0 = c1;
      c1 = c2;
      c2 = c3;
    }
    this.shift = shift;
    this.heads = heads;
    this.next = next;
  }

  has(quote: string): boolean {
    if (quote.length < QuoteFinder.GRAM || ++this.lookups <= QuoteFinder.SCANS || this.body.length < 4096) {
      return this.body.includes(quote);
    }
    if (!this.heads) this.build();
    const heads = this.heads as Int32Array;
    const next = this.next as Int32Array;
    const k = QuoteFinder.hash4(quote.charCodeAt(0), quote.charCodeAt(1), quote.charCodeAt(2), quote.charCodeAt(3), this.shift);
    for (let at = heads[k] as number; at >= 0; at = next[at] as number) {
      if (this.body.startsWith(quote, at)) return true;
    }
    return false;
  }
}

/** The document `name` from the first of `dirs` that holds it, squeezed; `undefined` if none does. */
export async function findDocument(name: string, dirs: string[]): Promise<string | undefined> {
  if (basename(name) !== name) return undefined;
  for (const dir of dirs) {
    const text = await readFile(resolve(dir, name), 'utf8').catch(() => undefined);
    if (text !== undefined) return squeeze(text);
  }
  return undefined;
}
