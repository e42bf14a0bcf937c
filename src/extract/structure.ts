/**
 * Relations a name states by its own structure: a college inside its university's name, a branch
 * inside its centre's, a park's committee managing the park it is named after, an organisation
 * named after its industry.
 */
import type { Kind } from '../core/ontology.js';
import type { Mention } from './mentions.js';
import { trimProduct } from './products.js';
import type { Found, Ref } from './relations.js';

/** Organisation words that may end a parent's name inside a longer name, with the parent's kind. */
const PARENT_WORDS: readonly (readonly [string, Kind])[] = [
  ['科学院', 'ResearchInstitute'],
  ['研究院', 'ResearchInstitute'],
  ['研究所', 'ResearchInstitute'],
  ['大学', 'University'],
  ['学院', 'University'],
  ['常委会', 'GovernmentAgency'],
  ['人民政府', 'GovernmentAgency'],
  ['中心', 'GovernmentAgency'],
  ['高新区', 'Park'],
  ['开发区', 'Park'],
  ['产业园区', 'Park'],
  ['产业园', 'Park'],
];
const CHILD_KINDS: readonly Kind[] = ['University', 'ResearchInstitute', 'Park', 'GovernmentAgency'];
const COMMITTEE = /(管理委员会|管委会)$/;
const PARK_END = /(园区|高新区|开发区|产业园|工业园)$/;

export async function structuralRelations(
  mentions: readonly Ref[],
  lost: readonly Mention[],
  refOf: (m: Mention) => Promise<string>,
): Promise<Found[]> {
  const out: Found[] = [];
  for (const x of mentions) {
    if (x.known && x.confidence === 1 && !CHILD_KINDS.includes(x.kind)) continue;
    if (!CHILD_KINDS.includes(x.kind)) continue;
    // The parent: the longest name inside this one that ends with an organisation word before this name's own end.
    if (!COMMITTEE.test(x.text)) {
      let parentEnd = -1;
      let parentKind: Kind | undefined;
      for (let e = x.text.length - 2; e >= 4 && parentEnd < 0; e--) {
        const hit = PARENT_WORDS.find(([w]) => x.text.startsWith(w, e - w.length));
        // What follows the parent must be a name of its own (two characters or more, not a bracket).
        if (hit && x.text.length - e >= 3 && !/^[)）]/.test(x.text.slice(e))) {
          parentEnd = e;
          parentKind = hit[1];
        }
      }
      if (parentEnd > 0 && parentKind) {
        // A place before the parent's name (某市某大学某研究院) is where the child is, not part of the parent.
        const place = parentKind === 'University' ? lost.find((m) => m.kind === 'Region' && m.start === x.start) : undefined;
        const start = place && parentEnd - (place.end - x.start) >= 4 ? place.end - x.start : 0;
        const parent: Mention = {
          start: x.start + start,
          end: x.start + parentEnd,
          text: x.text.slice(start, parentEnd).replace(/[-—]$/, ''),
          kind: parentKind,
          confidence: 0.7,
        };
        const ref = await refOf(parent);
        out.push({ type: 'PART_OF', from: x.ref, to: ref, props: {}, at: [x.start, x.end], confidence: 0.75 });
      }
    }
    // A committee manages the park its name holds.
    const committee = x.text.match(COMMITTEE);
    if (committee && x.kind === 'GovernmentAgency') {
      const parkName = x.text.slice(0, -committee[0].length);
      if (PARK_END.test(parkName)) {
        const park: Mention = { start: x.start, end: x.end - committee[0].length, text: parkName, kind: 'Park', confidence: 0.75 };
        out.push({ type: 'MANAGES', from: x.ref, to: await refOf(park), props: {}, at: [x.start, x.end], confidence: 0.8 });
      }
    }
  }
  // A maker's production base (某公司某产品生产基地): the base is part of the maker, which makes the product.
  for (const x of mentions) {
    const base = x.kind === 'Park' ? x.text.match(/(生产基地|产业基地|研发基地|基地)$/) : null;
    if (!base) continue;
    const maker = lost.find((m) => m.start === x.start && (m.kind === 'Company' || m.kind === 'ResearchInstitute') && m.known);
    if (!maker) continue;
    out.push({ type: 'PART_OF', from: x.ref, to: await refOf(maker), props: {}, at: [x.start, x.end], confidence: 0.75 });
    const productEnd = x.end - (base[0] as string).length;
    const product = trimProduct({
      start: maker.end,
      end: productEnd,
      text: x.text.slice(maker.end - x.start, productEnd - x.start),
      kind: 'Product',
      confidence: 0.6,
    });
    if (Array.from(product.text).length >= 2 && /\p{Script=Han}/u.test(product.text))
      out.push({ type: 'PRODUCES', from: await refOf(maker), to: await refOf(product), props: {}, at: [x.start, x.end], confidence: 0.65 });
  }

  // An organisation named after its industry (某某产业创新实验室): the industry mention it swallowed.
  for (const x of mentions) {
    if (!['Company', 'Park', 'ResearchInstitute', 'Fund', 'University', 'GovernmentAgency'].includes(x.kind)) continue;
    for (const i of lost) {
      if (i.kind !== 'Industry' || !i.known || i.start < x.start || i.end > x.end) continue;
      out.push({ type: 'IN_INDUSTRY', from: x.ref, to: await refOf(i), props: {}, at: [x.start, x.end], confidence: 0.7 });
    }
  }
  return out;
}
