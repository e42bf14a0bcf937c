/** The answers the panels share, each asked for once (every answer is read-only), and the names seen so far. */
import type { Api, EntityRef, Graph, PathsResult, SupplyChain } from './api.js';
import type { Kind } from './i18n.js';
import type { State } from './state.js';

/** Remembers each load's promise by key; a failure is forgotten, so the next asking tries again. */
function memo<T>(load: (key: string) => Promise<T>) {
  const cache = new Map<string, Promise<T>>();
  const get = (key: string) => {
    let value = cache.get(key);
    if (!value) {
      value = load(key);
      cache.set(key, value);
      value.catch(() => cache.delete(key));
    }
    return value;
  };
  /** The answer if it was asked for already, without asking. */
  const peek = async (key: string) => (cache.has(key) ? get(key).catch(() => undefined) : undefined);
  return { get, peek, known: (key: string) => cache.has(key), clear: () => cache.clear() };
}

/** The key of the path query in a state, or null while an end is missing. */
export function pathsKey(state: State): string | null {
  if (!state.from || !state.to) return null;
  return JSON.stringify({ from: state.from, to: state.to, maxHops: state.hops, k: state.k, via: state.via });
}

/** The key of the supply-chain query in a state. */
export function chainKey(state: State): string | null {
  return state.chain ? JSON.stringify({ id: state.chain, depth: state.depth }) : null;
}

export function createData(api: Api) {
  /** Names of entities seen so far, for labels before a card is loaded. */
  const names = new Map<string, EntityRef>();
  const remember = (...entities: EntityRef[]) => {
    for (const e of entities) if (!names.has(e.slug)) names.set(e.slug, e);
  };
  const seen =
    <T>(entities: (answer: T) => EntityRef[]) =>
    (answer: T) => {
      remember(...entities(answer));
      return answer;
    };

  const cards = memo((id) => api.entityCard(id).then(seen((card) => [card])));
  const neighbourhoods = memo((id) => api.neighborhood(id).then(seen((g: Graph) => g.nodes)));
  const members = memo((kind) => api.entitiesOfKind(kind as Kind));
  const pathResults = memo((key) =>
    api.paths(JSON.parse(key)).then(seen((r: PathsResult) => [r.from, r.to, ...r.paths.flatMap((p) => p.nodes)])),
  );
  const chainMembers = (c: SupplyChain) => [c.root, ...c.tiers.flatMap((t) => t.entities), ...c.segments.flatMap((s) => s.members)];
  const chains = memo((key) => {
    const { id, depth } = JSON.parse(key) as { id: string; depth: number };
    return api.supplyChain(id, depth).then(seen(({ up, down }) => [...chainMembers(up), ...chainMembers(down)]));
  });

  return {
    cards,
    neighbourhoods,
    members,
    pathResults,
    chains,
    remember,
    /** Forgets every answer: the graph was written (an imported article). */
    forget() {
      for (const m of [cards, neighbourhoods, members, pathResults, chains]) m.clear();
    },
    /** An entity seen before, by slug. */
    named: (slug: string) => names.get(slug),
    /** What the pickers search: eight best matches. */
    search: (text: string, kinds: Kind[] | null) => api.search(text, kinds, 8),
    /** The entities the exploration graph starts from: a whole kind, or one root. */
    async exploreSeeds(state: State): Promise<string[]> {
      if (state.overview) return (await members.get(state.overview)).entities.map((e) => e.slug);
      return state.root ? [state.root] : [];
    },
  };
}

export type Data = ReturnType<typeof createData>;
