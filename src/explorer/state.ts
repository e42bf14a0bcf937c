/** What the page shows, and its round trip through the URL: a link opens the same view. */
import { KINDS, type Kind, RELATION_TYPES, type RelationType } from '../core/ontology.js';

/** The page's language: Chinese (the default) or English. */
export type Lang = 'zh' | 'en';

export type View = 'explore' | 'paths' | 'chain' | 'browse' | 'import';
export const VIEWS: readonly View[] = ['explore', 'paths', 'chain', 'browse', 'import'];

export interface State {
  view: View;
  /** The entity whose neighbourhood the graph starts from (`r`). */
  root: string | null;
  /** The entity whose card is open (`e`; the root when absent). */
  selected: string | null;
  /** Nodes expanded since (`x`). */
  expanded: string[];
  /** Every entity of a kind, each with its neighbourhood, instead of one root (`ov`). */
  overview: Kind | null;
  /** Relationship types shown (`rt`); null: all. */
  types: RelationType[] | null;
  /** Kinds shown (`ks`); null: all. */
  kinds: Kind[] | null;
  /** The path query: from (`pf`), to (`pt`), max hops (`ph`), k (`pk`), kinds allowed on the way (`pv`; null: the API's default). */
  from: string | null;
  to: string | null;
  hops: number;
  k: number;
  via: Kind[] | null;
  /** The highlighted path (`pi`), or all (-1). */
  pathIndex: number;
  /** The supply-chain query: entity (`c`) and depth (`cd`). */
  chain: string | null;
  depth: number;
  /** The kind listed by "browse" (`bk`). */
  browse: Kind | null;
  lang: Lang;
}

export const DEFAULTS = { hops: 4, k: 3, depth: 2 } as const;
/** The API's own default for `via`: everything but Region and Industry. */
export { DEFAULT_PATH_KINDS as DEFAULT_VIA } from '../core/ontology.js';

const list = <T extends string>(value: string | null, allowed: readonly T[]): T[] | null => {
  if (value === null) return null;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v): v is T => (allowed as readonly string[]).includes(v));
};

const int = (value: string | null, fallback: number, min: number, max: number) => {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
};

const one = <T extends string>(value: string | null, allowed: readonly T[]): T | null =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;

export function parse(search: string, fallbackLang: Lang): State {
  const q = new URLSearchParams(search);
  const root = q.get('r') || q.get('e') || null;
  return {
    view: one(q.get('v'), VIEWS) ?? 'explore',
    root,
    selected: q.get('e') || root,
    expanded: (q.get('x') ?? '').split(',').filter(Boolean),
    overview: one(q.get('ov'), KINDS),
    types: list(q.get('rt'), RELATION_TYPES),
    kinds: list(q.get('ks'), KINDS),
    from: q.get('pf') || null,
    to: q.get('pt') || null,
    hops: int(q.get('ph'), DEFAULTS.hops, 1, 6),
    k: int(q.get('pk'), DEFAULTS.k, 1, 10),
    via: list(q.get('pv'), KINDS),
    pathIndex: int(q.get('pi'), -1, -1, 9),
    chain: q.get('c') || null,
    depth: int(q.get('cd'), DEFAULTS.depth, 1, 3),
    browse: one(q.get('bk'), KINDS),
    lang: one(q.get('lang'), ['zh', 'en'] as const) ?? fallbackLang,
  };
}

/** The query string for a state: only what differs from the defaults. */
export function serialize(state: State): string {
  const q = new URLSearchParams();
  if (state.view !== 'explore') q.set('v', state.view);
  if (state.root) q.set('r', state.root);
  if (state.selected && state.selected !== state.root) q.set('e', state.selected);
  if (state.expanded.length) q.set('x', state.expanded.join(','));
  if (state.overview) q.set('ov', state.overview);
  if (state.types) q.set('rt', state.types.join(','));
  if (state.kinds) q.set('ks', state.kinds.join(','));
  if (state.from) q.set('pf', state.from);
  if (state.to) q.set('pt', state.to);
  if (state.hops !== DEFAULTS.hops) q.set('ph', String(state.hops));
  if (state.k !== DEFAULTS.k) q.set('pk', String(state.k));
  if (state.via) q.set('pv', state.via.join(','));
  if (state.pathIndex >= 0) q.set('pi', String(state.pathIndex));
  if (state.chain) q.set('c', state.chain);
  if (state.depth !== DEFAULTS.depth) q.set('cd', String(state.depth));
  if (state.browse) q.set('bk', state.browse);
  if (state.lang !== 'zh') q.set('lang', state.lang);
  const text = q.toString().replace(/%2C/gi, ',');
  return text ? `?${text}` : '';
}
