/** What a click asks for, as changes to the store: the panels only ever call these, never each other. */
import { NotFound } from './api.js';
import type { Data } from './data.js';
import { t } from './i18n.js';
import { parse, type State, serialize } from './state.js';
import { type AppState, graphMode, store } from './store.js';

/** Slugs are kebab-case; anything else in a link is a name to look up. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function createActions(data: Data) {
  /** A change a link should carry: the URL follows (a new history entry when `push`), then the panels. */
  function commit(change: Partial<AppState>, push = true) {
    const url = `${location.pathname}${serialize({ ...store.get(), ...change })}`;
    if (url !== `${location.pathname}${location.search}`) history[push ? 'pushState' : 'replaceState'](null, '', url);
    store.update(change);
  }

  function notify(text: string, sticky = false, added?: number) {
    store.update({ notice: { text, sticky, ...(added === undefined ? {} : { added }) } });
  }

  function failure(error: unknown, id?: string) {
    if (error instanceof NotFound) notify(`${t('status.notfound')}${error.message || id || ''}`, true);
    else notify(`${t('status.error')}${error instanceof Error ? error.message : String(error)}`, true);
  }

  /** Opens an entity: its card, and a fresh graph around it. */
  function open(id: string) {
    commit({ view: 'explore', root: id, selected: id, expanded: [], overview: null, inspected: null });
  }

  /** Grows the exploration graph by an entity's neighbours (the graph panel draws them and says how many). */
  async function expand(id: string) {
    if (graphMode(store.get().view) !== 'explore') return open(id);
    try {
      await data.neighbourhoods.get(id);
      const seeds = await data.exploreSeeds(store.get());
      const { expanded } = store.get();
      if (seeds.includes(id) || expanded.includes(id)) {
        // Its neighbours are all drawn already.
        notify(t('status.added', { n: 0 }), false, 0);
        return;
      }
      commit({ expanded: [...expanded, id] }, false);
    } catch (error) {
      failure(error, id);
    }
  }

  function setEnd(which: 'from' | 'to', id: string) {
    commit({ view: 'paths', ...(which === 'from' ? { from: id } : { to: id }), pathIndex: -1 });
  }

  /** An in-page link: keep the language, and no reload. */
  function navigate(href: string) {
    const lang = store.get().lang;
    commit({ ...parse(new URL(href).search, lang), lang, inspected: null });
  }

  /** A link may name entities instead of giving their slugs: swap in the slugs, so the view is keyed by them. */
  async function canonical(state: State): Promise<State> {
    const fields = ['root', 'selected', 'from', 'to', 'chain'] as const;
    const named = [...new Set(fields.map((f) => state[f]).filter((v): v is string => Boolean(v) && !SLUG.test(v as string)))];
    if (!named.length) return state;
    const slugs = new Map<string, string>();
    await Promise.all(
      named.map(async (name) => {
        const card = await data.cards.get(name).catch(() => null);
        if (card) slugs.set(name, card.slug);
      }),
    );
    const change: Partial<State> = {};
    for (const f of fields) {
      const slug = slugs.get(state[f] ?? '');
      if (slug) change[f] = slug;
    }
    const next = { ...state, ...change };
    history.replaceState(null, '', `${location.pathname}${serialize(next)}`);
    return next;
  }

  /** Shows the view in the address bar (on load, and on back and forward). */
  async function load() {
    const state = await canonical(parse(location.search, store.get().lang));
    store.update({ ...state, inspected: null });
  }

  return { commit, notify, failure, open, expand, setEnd, navigate, load };
}

export type Actions = ReturnType<typeof createActions>;
