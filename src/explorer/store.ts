/**
 * The explorer's one mutable place: what the page shows, published to the panels that draw it.
 * Panels read it with `store.get()`, change it with `store.update(patch)` (actions.ts adds the URL
 * for changes a link should carry) and redraw from it in `watch`.
 */
import type { EdgeData, NodeData } from './graph-types.js';
import { parse, type State, type View } from './state.js';

/** Told the state after an update, and the fields the update set (set again to the same value counts). */
export type Listener<S> = (state: S, fields: ReadonlySet<keyof S>) => void;

export interface Store<S> {
  get(): S;
  /** Merges `patch` and tells every listener; `quiet`: a draft (a picked path end) that nothing redraws for. */
  update(patch: Partial<S>, options?: { quiet?: boolean }): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: Listener<S>): () => void;
}

export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<Listener<S>>();
  // An update made by a listener waits for the round under way, so every listener sees the updates in order.
  const pending: [S, ReadonlySet<keyof S>][] = [];
  let notifying = false;
  return {
    get: () => state,
    update(patch, { quiet = false } = {}) {
      state = { ...state, ...patch };
      if (quiet) return;
      pending.push([state, new Set(Object.keys(patch) as (keyof S)[])]);
      if (notifying) return;
      notifying = true;
      try {
        for (let next = pending.shift(); next; next = pending.shift()) {
          for (const listener of [...listeners]) listener(...next);
        }
      } finally {
        notifying = false;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** What the overlay on the graph shows: a node or a relationship clicked on. */
export type Inspected = { node: NodeData } | { edge: EdgeData; source: string; target: string };

/** The status line's message; a sticky one stays until the next. */
export interface Notice {
  text: string;
  sticky: boolean;
  /** After an expansion: how many nodes it added (the page's `data-added`, for tests). */
  added?: number;
}

/** The view a link carries (state.ts), and what only this page needs. */
export interface AppState extends State {
  inspected: Inspected | null;
  notice: Notice | null;
  /** Bumped by the toolbar's reset: the graph redraws from scratch. */
  resets: number;
  /** Bumped each time the graph has drawn: the browse list summarises what the graph loaded. */
  drawn: number;
}

/** The fields of State (a link's view), in the order parse() gives them. */
export const LINK_KEYS = Object.keys(parse('', 'zh')) as (keyof State)[];

/** The view a link carries, without the page's own fields. */
export const linkState = (state: AppState): State => Object.fromEntries(LINK_KEYS.map((key) => [key, state[key]])) as unknown as State;

const storedLang = localStorage.getItem('kg-lang') === 'en' ? 'en' : 'zh';

export const store = createStore<AppState>({
  ...parse(location.search, storedLang),
  inspected: null,
  notice: null,
  resets: 0,
  drawn: 0,
});

/**
 * Calls `effect` now, and after every update that sets one of `keys`: a search run again with the same
 * ends redraws, as a draft (a quiet update) never does.
 */
export function watch(keys: readonly (keyof AppState)[], effect: (state: AppState) => void) {
  effect(store.get());
  return store.subscribe((state, fields) => {
    if (keys.some((key) => fields.has(key))) effect(state);
  });
}

/** What the canvas shows for a tab: browsing draws on the exploration graph. */
export type Mode = 'explore' | 'paths' | 'chain';
export const graphMode = (view: View): Mode => (view === 'paths' ? 'paths' : view === 'chain' ? 'chain' : 'explore');
