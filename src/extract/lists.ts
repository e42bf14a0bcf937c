/** Lists and names made by their place in a sentence: A、B、C等…, A、B四大方向, 以A、B为龙头, 由A、B设立, 出资某某项目, 巨头Xyz. */
import { NAME_STOP_WORDS, TRIGGERS } from './lexicon.js';
import type { Mention } from './mentions.js';

const VERBS = new Set<string>(Object.values(TRIGGERS).flat());

/** The items of a list ending in 等 (A、B、C等…企业): each one a name. */
export function listItems(sentence: string): { start: number; end: number; text: string }[][] {
  const lists: { start: number; end: number; text: string }[][] = [];
  const re = /((?:[^\s、，,。；;：:“”"（）()等]{2,24}、)+[^\s、，,。；;：:“”"（）()等]{2,24})等/gu;
  for (const m of sentence.matchAll(re)) {
    let at = m.index as number;
    const parts = (m[1] as string).split('、');
    // The first item starts after the last word that cannot be in a name (持续与某行 → 某行).
    const head = parts[0] as string;
    let cut = 0;
    for (const w of [
      ...NAME_STOP_WORDS,
      ...VERBS,
      '持续',
      '积极',
      '已经',
      '聚焦',
      '围绕',
      '覆盖',
      '涉及',
      '包括',
      '锚定',
      '发展',
      '集聚',
      '聚集',
      '引进',
      '引入',
      '拥有',
      '已有',
      '汇聚',
    ]) {
      const i = head.lastIndexOf(w);
      if (i >= 0 && i + w.length > cut && i + w.length <= head.length - 2) cut = i + w.length;
    }
    parts[0] = head.slice(cut);
    at += cut;
    const items = parts.map((text) => {
      const item = { start: at, end: at + text.length, text };
      at += text.length + 1;
      return item;
    });
    lists.push(items);
  }
  return lists;
}

/** Lists that end in a count of kinds instead of 等 (聚焦A、B、C、D四大方向): returned with where they end. */
export function countedLists(sentence: string): { start: number; end: number; text: string }[][] {
  const lists: { start: number; end: number; text: string }[][] = [];
  const re =
    /((?:[^\s、，,。；;：:“”"（）()等]{2,12}、)+[^\s、，,。；;：:“”"（）()等]{2,12}?)(?=[一二三四五六七八九十两几]大(方向|领域|赛道|产业|板块)|为(龙头|支柱|核心|主导))/gu;
  for (const m of sentence.matchAll(re)) {
    const at = m.index as number;
    const parts = (m[1] as string).split('、');
    const head = parts[0] as string;
    const cut = Math.max(
      0,
      ...['聚焦', '围绕', '覆盖', '涉及', '包括', '锚定', '发展', '在', '于', '以'].map((w) =>
        head.lastIndexOf(w) >= 0 ? head.lastIndexOf(w) + w.length : 0,
      ),
    );
    parts[0] = head.slice(cut);
    let pos = at + cut;
    lists.push(
      parts.map((text) => {
        const item = { start: pos, end: pos + text.length, text };
        pos += text.length + 1;
        return item;
      }),
    );
  }
  return lists;
}

/**
 * Names that only their place in a sentence makes names: the founders listed in 由A、B联合C共同设立
 * (and the parent in 甲旗下乙), a project invested in (出资某某项目).
 */
export function namesByPosition(sentence: string): Mention[] {
  const out: Mention[] = [];
  for (const m of sentence.matchAll(/由([^，,。；;]{2,40}?)(共同)?(发起设立|设立|创办|创建|组建)/gu)) {
    let at = (m.index as number) + 1;
    for (const piece of (m[1] as string).split(/(、|联合|和|及|与)/)) {
      const start = at;
      at += piece.length;
      if (/^(、|联合|和|及|与)$/.test(piece) || piece.length < 2) continue;
      const under = piece.indexOf('旗下');
      if (under > 0) {
        out.push({ start, end: start + under, text: piece.slice(0, under), kind: 'Company', confidence: 0.55 });
        out.push({ start: start + under + 2, end: start + piece.length, text: piece.slice(under + 2), kind: 'Company', confidence: 0.55 });
      } else if (piece.length <= 12 && !/[\d于在]/.test(piece))
        out.push({ start, end: start + piece.length, text: piece, kind: 'Company', confidence: 0.55 });
    }
  }
  for (const m of sentence.matchAll(/(出资|投资|注资|领投)(了)?([\p{Script=Han}A-Za-z]{2,6}?)项目/gu)) {
    const start = (m.index as number) + (m[1] as string).length + (m[2]?.length ?? 0);
    out.push({ start, end: start + (m[3] as string).length, text: m[3] as string, kind: 'Company', confidence: 0.5 });
  }
  return out;
}

/** Latin-script company names that a word for a company introduces (国际巨头Xyz, 企业Abc). */
export function latinCompanies(sentence: string): Mention[] {
  const out: Mention[] = [];
  for (const m of sentence.matchAll(/(巨头|企业|公司|厂商|品牌)([A-Z][A-Za-z0-9&-]{2,20})/g)) {
    const start = (m.index as number) + (m[1] as string).length;
    out.push({ start, end: start + (m[2] as string).length, text: m[2] as string, kind: 'Company', confidence: 0.55 });
  }
  return out;
}
