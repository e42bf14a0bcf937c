/** The known entities as the extractor finds them in a text: every name, alias and core form, by its look-up key. */
import { coreKeys, foldKey, isBroad } from '../core/name-forms.js';
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

/** The one entity a form names: the one whose own name or alias it is, when several share it. */
export function pick(list: readonly { entity: KnownEntity; exact: boolean }[] | undefined): KnownEntity | undefined {
  if (!list || list.length === 0) return undefined;
  if (list.length === 1) return list[0]?.entity;
  const exact = list.filter((x) => x.exact);
  return exact.length === 1 ? exact[0]?.entity : undefined;
}
