/**
 * Names an article introduces for its own new organisations: the short forms it goes on to use
 * (某地某某微电子有限公司 → 某某微电子, 某某微; a name given with 简称). A first pass finds the new
 * organisations; their short forms then count as names for the rest of the article.
 */
import { coreKeys, foldKey, isBroad } from '../core/name-forms.js';
import type { KnownEntity, KnownForms } from './known.js';
import { brandMentions, knownMentions, organisationMentions } from './mentions.js';
import type { Segmenter } from './segment.js';
import type { Sentence } from './text.js';

/** Ids of the entities an article introduces start so; they are new entities, not known ones. */
export const INTRODUCED = 'new:';

/** Words at the end of a company's name that are not its brand. */
const GENERIC_TAIL = [
  ...['科技', '技术', '医疗', '生物', '电子', '微电子', '光电', '材料', '制药', '药业', '化工', '发展', '实业', '控股'],
  ...['股份', '投资', '创投', '产业', '国际', '智能', '信息', '网络', '能源', '装备', '设备', '工业'],
];
const SHORT_FOR = /^[（(](?:以下)?简称[“"「‘]?([^”"」’）)，,]{2,12})[”"」’]?[）)]/;
const HAN = /\p{Script=Han}/gu;

/** The short forms of a new company's name: its core forms, then without the generic words at their end. */
function shortForms(name: string, kind: KnownEntity['kind']): string[] {
  const out = new Set<string>();
  for (const core of coreKeys(name)) {
    if (core === foldKey(name)) continue;
    out.add(core);
    if (kind !== 'Company') continue;
    for (let rest = core, again = true; again; ) {
      again = false;
      const tail = GENERIC_TAIL.find((t) => rest.endsWith(t) && rest.length > t.length);
      if (tail) {
        rest = rest.slice(0, -tail.length);
        // 新 (new) before a trade word goes with it.
        if (rest.endsWith('新') && rest.length > 2) rest = rest.slice(0, -1);
        if ((rest.match(HAN)?.length ?? 0) >= 2) out.add(rest);
        again = true;
      }
    }
  }
  return [...out].filter((f) => !isBroad(foldKey(f)));
}

export function introducedNames(sentences: readonly Sentence[], seg: Segmenter, forms: KnownForms): KnownEntity[] {
  const byKey = new Map<string, KnownEntity & { aliases: string[] }>();
  for (const sentence of sentences) {
    const s = sentence.text;
    const tokens = seg.tokens(s);
    const known = knownMentions(s, forms);
    for (const m of [...organisationMentions(s, tokens, known), ...brandMentions(s, tokens)]) {
      if (known.some((k) => k.start === m.start && k.end === m.end)) continue;
      // A maker's base (某公司某产品生产基地) is named in full; its maker's name inside it must stay visible.
      if (m.kind === 'Park' && /基地$/.test(m.text)) continue;
      const id = `${INTRODUCED}${m.kind}|${foldKey(m.text)}`;
      const entity = byKey.get(id) ?? { id, kind: m.kind, name: m.text, aliases: shortForms(m.text, m.kind) };
      const short = s.slice(m.end).match(SHORT_FOR)?.[1];
      if (short && !entity.aliases.includes(short)) entity.aliases.push(short);
      byKey.set(id, entity);
    }
  }
  return [...byKey.values()];
}
