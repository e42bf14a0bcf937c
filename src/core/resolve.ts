/**
 * Name resolution: which one entity a text a person typed means, or the candidates when it could be
 * several, or nothing. One function over a NameIndex, which Neo4j implements (repositories/names.ts)
 * and so does a plain list of entries (`memoryNameIndex`, e.g. over the seed files, with no database).
 */
import {
  BROAD_MATCHES,
  CORE_TAG,
  COVERAGE_MARGIN,
  coreKeys,
  coverage,
  FOLD_TAG,
  foldKey,
  isBroad,
  isDistinctive,
  MIN_COVERAGE,
  matchKeys,
} from './name-forms.js';
import { lookupKey, lookupKeys } from './names.js';

export interface NameEntry {
  id: string;
  name: string;
  aliases: readonly string[];
}

export interface NameIndex<E extends NameEntry> {
  /** The entity with this id (slug), if any. */
  byId(id: string): Promise<E | null>;
  /** Entities with one of these among their exact look-up keys (`lookupKeys`). */
  byLookupKeys(keys: readonly string[]): Promise<E[]>;
  /** Entities with one of these among their match keys (`matchKeys`: tagged folded and core forms). */
  byMatchKeys(keys: readonly string[]): Promise<E[]>;
  /**
   * Entities one of whose names or aliases contains this folded text; at least the first `limit`
   * of them, and more is allowed (the resolver checks containment itself).
   */
  containing(folded: string, limit: number): Promise<E[]>;
}

/** How an entity was found: by id, exact key, folded form, core form, or full-text containment. */
export type ResolvedBy = 'id' | 'exact' | 'folded' | 'core' | 'fulltext';

export type Resolution<E> =
  | { status: 'found'; entity: E; by: ResolvedBy }
  /** Several entities fit equally: nothing is picked. */
  | { status: 'ambiguous'; candidates: E[] }
  /** A class name (管委会, 市政府) or a word in the names of many entities: some of them. */
  | { status: 'broad'; candidates: E[] }
  | { status: 'none' };

/** At most this many candidates are listed. */
export const MAX_CANDIDATES = 10;

const distinct = <E extends NameEntry>(entries: readonly E[]) => [...new Map(entries.map((e) => [e.id, e])).values()];

const decide = <E extends NameEntry>(found: E[], by: ResolvedBy): Resolution<E> | null => {
  const entries = distinct(found).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (entries.length === 0) return null;
  if (entries.length === 1) return { status: 'found', entity: entries[0] as E, by };
  return { status: 'ambiguous', candidates: entries.slice(0, MAX_CANDIDATES) };
};

/**
 * Resolves a text to one entity, in tiers, the first that finds anything deciding:
 * 1. an id (`ids`: the forms of the text that may be one, e.g. a slug or a decoded global id);
 * 2. a broad text (isBroad) resolves to nothing, whatever entity has it as an alias;
 * 3. an exact key: the canonical name or an alias, bracket width and spaces aside (several: the
 *    one whose canonical name it is, else ambiguous);
 * 4. the folded form (simplified characters, no dashes or brackets) of a name or alias;
 * 5. a core form (legal suffix, bracketed place, home-place prefix dropped; distinctive only);
 * 6. full text, **confident** only: the text is distinctive, found inside the names of at most
 *    BROAD_MATCHES entities (more: broad), covers at least MIN_COVERAGE of the best one's name form,
 *    and at least COVERAGE_MARGIN times what it covers of the next one.
 * A tier that finds several entities answers them as candidates and picks none.
 */
export async function resolveName<E extends NameEntry>(
  text: string,
  index: NameIndex<E>,
  ids: readonly string[] = [],
): Promise<Resolution<E>> {
  for (const id of ids) {
    const entity = await index.byId(id);
    if (entity) return { status: 'found', entity, by: 'id' };
  }
  const key = lookupKey(text);
  const folded = foldKey(text);
  if (key === '' || folded === '') return { status: 'none' };
  if (isBroad(folded)) {
    const named = await index.byMatchKeys([FOLD_TAG + folded]);
    return { status: 'broad', candidates: distinct(named).slice(0, MAX_CANDIDATES) };
  }

  const exact = distinct(await index.byLookupKeys([key]));
  const canonical = exact.filter((e) => lookupKey(e.name) === key);
  const byExact = decide(canonical.length === 1 ? canonical : exact, 'exact');
  if (byExact) return byExact;

  const byFolded = decide(await index.byMatchKeys([FOLD_TAG + folded]), 'folded');
  if (byFolded) return byFolded;

  // The longest core form that any entity has decides: the more of the text kept, the better the fit
  // (毫束科技(北京) is 毫束科技北京's, though both 毫束科技 companies have the core 毫束科技).
  const cores = coreKeys(text)
    .map((c) => CORE_TAG + c)
    .sort((x, y) => y.length - x.length);
  const matched = distinct(await index.byMatchKeys(cores)).map((e) => ({ e, keys: new Set(matchKeys(e.name, e.aliases)) }));
  for (const core of cores) {
    const byCore = decide(
      matched.filter(({ keys }) => keys.has(core)).map(({ e }) => e),
      'core',
    );
    if (byCore) return byCore;
  }

  if (!isDistinctive(folded)) return { status: 'none' };
  const scored = distinct(await index.containing(folded, BROAD_MATCHES + 1))
    .map((entity) => ({ entity, coverage: coverage(folded, [entity.name, ...entity.aliases]) }))
    .filter((s) => s.coverage > 0)
    .sort((a, b) => b.coverage - a.coverage || (a.entity.id < b.entity.id ? -1 : 1));
  if (scored.length > BROAD_MATCHES) return { status: 'broad', candidates: scored.slice(0, MAX_CANDIDATES).map((s) => s.entity) };
  const [best, next] = scored;
  if (!best) return { status: 'none' };
  if (best.coverage >= MIN_COVERAGE && (!next || best.coverage >= COVERAGE_MARGIN * next.coverage))
    return { status: 'found', entity: best.entity, by: 'fulltext' };
  return { status: 'ambiguous', candidates: scored.slice(0, MAX_CANDIDATES).map((s) => s.entity) };
}

/** A NameIndex over a list held in memory (the seed files' entities, say): the same keys Neo4j stores. */
export function memoryNameIndex<E extends NameEntry>(entries: readonly E[]): NameIndex<E> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const keyed = (keysOf: (e: E) => string[]) => {
    const map = new Map<string, E[]>();
    for (const e of entries) for (const k of keysOf(e)) map.set(k, [...(map.get(k) ?? []), e]);
    return (keys: readonly string[]) => Promise.resolve(keys.flatMap((k) => map.get(k) ?? []));
  };
  const folds = entries.map((e) => ({ e, forms: [e.name, ...e.aliases].map(foldKey) }));
  return {
    byId: (id) => Promise.resolve(byId.get(id) ?? null),
    byLookupKeys: keyed((e) => lookupKeys(e.name, e.aliases)),
    byMatchKeys: keyed((e) => matchKeys(e.name, e.aliases)),
    containing: (folded) => Promise.resolve(folds.filter(({ forms }) => forms.some((f) => f.includes(folded))).map(({ e }) => e)),
  };
}
