/** Chinese word segmentation (jieba, its dictionary inside the package), with the known names as a user dictionary. */
import type { Kind } from '../core/ontology.js';
import type { KnownEntity } from './known.js';

export interface Token {
  word: string;
  tag: string;
  start: number;
  end: number;
}

/** jieba's part-of-speech tag for a kind of name: organisation, place, person, other proper noun. */
const TAG: Record<Kind, string> = {
  Company: 'nt',
  Fund: 'nt',
  Park: 'ns',
  University: 'nt',
  ResearchInstitute: 'nt',
  GovernmentAgency: 'nt',
  Region: 'ns',
  Person: 'nr',
  Product: 'nz',
  Industry: 'nz',
};

/** A frequency high enough that a known name wins over the words it is made of. */
const USER_FREQ = 100_000;

export interface Segmenter {
  tokens(text: string): Token[];
  /** More names to keep whole (the article's own new names, found by a first pass). */
  add(entities: readonly KnownEntity[]): void;
}

/**
 * A segmenter that keeps these names whole. A new one per extraction: a dictionary is loaded into it.
 * The package and its 11 MB dictionary are imported on the first extraction, so a server that never
 * extracts does not hold them.
 */
export async function segmenter(known: readonly KnownEntity[]): Promise<Segmenter> {
  const [{ Jieba }, { dict }] = await Promise.all([import('@node-rs/jieba'), import('@node-rs/jieba/dict.js')]);
  const jieba = Jieba.withDict(dict);
  const add = (entities: readonly KnownEntity[]) => {
    const lines: string[] = [];
    for (const e of entities)
      for (const name of [e.name, ...e.aliases])
        if (!/\s/.test(name) && name.length >= 2) lines.push(`${name} ${USER_FREQ} ${TAG[e.kind]}`);
    if (lines.length > 0) jieba.loadDict(Buffer.from(lines.join('\n')));
  };
  add(known);
  return {
    add,
    tokens(text) {
      const out: Token[] = [];
      let at = 0;
      for (const { word, tag } of jieba.tag(text, false)) {
        const start = text.indexOf(word, at);
        if (start < 0) continue;
        out.push({ word, tag, start, end: start + word.length });
        at = start + word.length;
      }
      return out;
    },
  };
}
