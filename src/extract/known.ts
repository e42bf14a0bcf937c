/** The known entities as the extractor finds them in a text: every name, alias and core form, by its look-up key. */
import { coreKeys, foldKey, isBroad, LEGAL_SUFFIXES, ORGANISATION_WORDS, PLACE_PREFIXES } from '../core/name-forms.js';
import { lookupKey } from '../core/names.js';
import type { Kind } from '../core/ontology.js';

/** An entity the graph (or the --known seed files) already holds. */
export interface KnownEntity {
  id: string;
  kind: Kind;
  name: string;
  aliases: readonly string[];
}

/** Names shorter than this are not looked for in a text: two characters name too many things. */
const MIN_FORM_CHARS = 2;
/** The longest form looked for, in characters. */
export const MAX_FORM_CHARS = 40;

/** One character of the text as names are compared: width, bracket and case folded, length kept. */
export const normChar = (c: string) => {
  const k = lookupKey(c);
  return k.length === 1 ? k : c.toLowerCase();
};

export interface KnownForms {
  /** Entities by the folded form of one of their names (exact forms first, then core forms). */
  forms: Map<string, { entity: KnownEntity; exact: boolean }[]>;
  byId: Map<string, KnownEntity>;
  longest: number;
}

export function knownForms(entities: readonly KnownEntity[]): KnownForms {
  return addForms({ forms: new Map(), byId: new Map(), longest: 0 }, entities);
}

/** The same forms with more entities' (an extraction's own object: it is extended in place). */
export function addForms(known: KnownForms, entities: readonly KnownEntity[]): KnownForms {
  const { forms } = known;
  const add = (form: string, entity: KnownEntity, exact: boolean) => {
    if (Array.from(form).length < MIN_FORM_CHARS || form.length > MAX_FORM_CHARS) return;
    if (isBroad(foldKey(form))) return;
    const list = forms.get(form) ?? [];
    if (list.some((x) => x.entity.id === entity.id)) return;
    list.push({ entity, exact });
    forms.set(form, list);
    known.longest = Math.max(known.longest, form.length);
  };
  for (const entity of entities) {
    known.byId.set(entity.id, entity);
    for (const name of [entity.name, ...entity.aliases]) {
      add(Array.from(name.replace(/\s+/g, ''), normChar).join(''), entity, true);
      add(foldKey(name), entity, true);
    }
    for (const name of [entity.name, ...entity.aliases]) for (const core of coreKeys(name)) add(core, entity, false);
  }
  return known;
}

/**
 * The entities that may be named in `text`: those with a name or alias sharing at least one pair of
 * adjacent characters with it (every form looked for is a piece of a name). With a graph of a million
 * entities, the forms, the segmenter's dictionary and the resolver are built for a few hundred.
 */
export function inText(text: string, entities: readonly KnownEntity[]): KnownEntity[] {
  const norm = Array.from(text, normChar).join('');
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < norm.length; i++) pairs.add(norm.slice(i, i + 2));
  return entities.filter((e) =>
    [e.name, ...e.aliases].some((name) => {
      const key = properStart(lookupKey(name));
      return pairs.has(key.slice(0, 2));
    }),
  );
}

/**
 * A name from its proper part on: without a bracketed place, its leading home places and the
 * organisation words at its end. Every form that can name the entity in a text holds its first two
 * characters (a core form drops only what is cut here).
 */
function properStart(key: string): string {
  let rest = key.replace(/\([^()]*\)/g, '');
  for (let again = true; again; ) {
    again = false;
    const prefix = PLACE_PREFIXES.find((p) => rest.startsWith(p) && rest.length > p.length + 1);
    if (prefix) {
      rest = rest.slice(prefix.length);
      again = true;
    }
  }
  for (let again = true; again; ) {
    again = false;
    const word = [...LEGAL_SUFFIXES, ...ORGANISATION_WORDS].find((w) => rest.endsWith(w) && rest.length - w.length >= 2);
    if (word) {
      rest = rest.slice(0, -word.length);
      again = true;
    }
  }
  return rest.length >= 2 ? rest : key;
}

/** The one entity a form names: the one whose own name or alias it is, when several share it. */
export function pick(list: readonly { entity: KnownEntity; exact: boolean }[] | undefined): KnownEntity | undefined {
  if (!list || list.length === 0) return undefined;
  if (list.length === 1) return list[0]?.entity;
  const exact = list.filter((x) => x.exact);
  return exact.length === 1 ? exact[0]?.entity : undefined;
}
