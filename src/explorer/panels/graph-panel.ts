/** The canvas, kept in step with the store: the exploration graph, the paths, or the supply chain; and the counts under it. */
import type { Actions } from '../actions.js';
import { chainKey, type Data, pathsKey } from '../data.js';
import { $ } from '../dom.js';
import { GraphView } from '../graph.js';
import type { NodeData } from '../graph-types.js';
import { t } from '../i18n.js';
import { chainLayout, mergeGraphs, pathEdgeIds, pathsLayout } from '../layouts.js';
import { type AppState, graphMode, LINK_KEYS, type Mode, store, watch } from '../store.js';

type Point = { x: number; y: number };

/** Fetches with at most `width` requests at a time. */
async function mapLimited<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/** Returns the canvas, for the toolbar's buttons and the console. */
export function mountGraphPanel(data: Data, act: Actions): GraphView {
  const graph = new GraphView($('#cy'), {
    nodeTap: (id) => {
      const state = store.get();
      const node = graph.cy.getElementById(id).data() as NodeData | undefined;
      const inspected = node ? { node } : state.inspected;
      if (graphMode(state.view) === 'explore') {
        act.commit({ selected: id, view: state.view === 'browse' ? 'explore' : state.view, inspected }, false);
      } else store.update({ inspected });
    },
    nodeDoubleTap: (id) => void (graphMode(store.get().view) === 'explore' ? act.expand(id) : act.open(id)),
    edgeTap: (edge) => {
      const nameOf = (slug: string) => (graph.cy.getElementById(slug).data('name') as string | undefined) ?? slug;
      store.update({ inspected: { edge, source: nameOf(edge.source), target: nameOf(edge.target) } });
    },
    backgroundTap: () => store.update({ inspected: null }),
  });

  /** What the canvas shows now, so that a change only redraws what it changes. */
  let shown: { mode: Mode; key: string; expanded: Set<string> } = { mode: 'explore', key: '', expanded: new Set() };
  /** The exploration graph's layout, kept while another tab uses the canvas. */
  let savedExplore: { key: string; positions: Map<string, Point> } | null = null;
  /** The supply chain's column labels, in whatever language is current. */
  let chainColumns = new Map<string, () => string>();
  let resets = store.get().resets;
  /** Each redraw's number: one that finds a newer one started stops. */
  let generation = 0;

  function savePositions() {
    if (shown.mode !== 'explore' || !shown.key) return;
    const positions = new Map<string, Point>();
    graph.cy.nodes().forEach((n) => {
      positions.set(n.id(), { ...n.position() });
    });
    savedExplore = { key: `${shown.key}|${[...shown.expanded].join(',')}`, positions };
  }

  /** Draws the exploration graph; returns how many nodes it added when it only grew by expansions. */
  async function drawExplore(gen: number): Promise<number | undefined> {
    const seeds = await data.exploreSeeds(store.get());
    const state = store.get();
    const key = JSON.stringify({ seeds, ov: state.overview });
    if (!seeds.length) {
      if (gen !== generation) return;
      graph.replace([], []);
      shown = { mode: 'explore', key: '', expanded: new Set() };
      return;
    }
    const sameBase = shown.mode === 'explore' && shown.key === key;
    const wanted = state.expanded.filter((x) => !seeds.includes(x));
    if (sameBase && wanted.every((x) => shown.expanded.has(x)) && shown.expanded.size === wanted.length) return;
    if (sameBase && [...shown.expanded].every((x) => wanted.includes(x))) {
      // Only new expansions: grow the graph in place.
      let added = 0;
      for (const id of wanted.filter((x) => !shown.expanded.has(x))) {
        const around = await data.neighbourhoods.get(id);
        if (gen !== generation) return;
        const { nodes, edges } = mergeGraphs([around]);
        added += graph.merge(nodes, edges, id).length;
        shown.expanded.add(id);
      }
      return added;
    }
    const graphs = await mapLimited([...seeds, ...wanted], 6, (id) => data.neighbourhoods.get(id));
    if (gen !== generation) return;
    const { nodes, edges, truncated } = mergeGraphs(graphs);
    const fullKey = `${key}|${wanted.join(',')}`;
    const positions = savedExplore?.key === fullKey ? savedExplore.positions : undefined;
    setFilters(store.get());
    graph.replace(nodes, edges, { positions, roots: seeds });
    if (positions) graph.fit();
    shown = { mode: 'explore', key, expanded: new Set(wanted) };
    if (truncated) act.notify(t('truncated'));
    return undefined;
  }

  async function drawPaths(gen: number) {
    const key = pathsKey(store.get());
    if (!key) {
      graph.replace([], []);
      shown = { mode: 'paths', key: '', expanded: new Set() };
      return;
    }
    if (shown.mode === 'paths' && shown.key === key) return highlightPath();
    const result = await data.pathResults.get(key).catch(() => null);
    if (gen !== generation) return;
    if (!result) {
      graph.replace([], []);
      shown = { mode: 'paths', key, expanded: new Set() };
      return;
    }
    const { nodes, edges, positions, roots } = pathsLayout(result);
    setFilters(store.get());
    graph.replace(nodes, edges, { positions, roots });
    shown = { mode: 'paths', key, expanded: new Set() };
    highlightPath();
    graph.fit();
  }

  function highlightPath() {
    const key = pathsKey(store.get());
    if (!key) return;
    void data.pathResults.peek(key).then((result) => {
      const state = store.get();
      if (!result || graphMode(state.view) !== 'paths') return;
      const path = state.pathIndex >= 0 ? result.paths[state.pathIndex] : undefined;
      // No path picked: every path is highlighted; a picked one stands out and the others fade.
      if (!path)
        return graph.highlight(
          graph.cy.nodes().map((n) => n.id()),
          graph.cy.edges().map((e) => e.id()),
        );
      graph.highlight(
        path.nodes.map((n) => n.slug),
        pathEdgeIds(path),
      );
    });
  }

  async function drawChain(gen: number) {
    const key = chainKey(store.get());
    if (!key) {
      graph.replace([], []);
      shown = { mode: 'chain', key: '', expanded: new Set() };
      return;
    }
    if (shown.mode === 'chain' && shown.key === key) return;
    const chain = await data.chains.get(key).catch(() => null);
    if (gen !== generation) return;
    if (!chain) {
      graph.replace([], []);
      shown = { mode: 'chain', key, expanded: new Set() };
      return;
    }
    const { nodes, edges, positions, roots, columns } = chainLayout(chain);
    chainColumns = columns;
    setFilters(store.get());
    graph.replace(nodes, edges, { positions, roots });
    shown = { mode: 'chain', key, expanded: new Set() };
    graph.fit();
  }

  /** The toolbar's filters, for the graph to apply; true when they changed what is shown. */
  function setFilters(state: AppState): boolean {
    const mode = graphMode(state.view);
    // A path is shown whole: the filters apply to the exploration graph and the supply chain.
    if (mode === 'paths') return graph.filter(null, null);
    const keep = mode === 'explore' ? [...(state.root ? [state.root] : []), ...(state.selected ? [state.selected] : [])] : [];
    return graph.filter(state.types ? new Set(state.types) : null, state.kinds ? new Set(state.kinds) : null, keep);
  }

  function applyFilters() {
    const state = store.get();
    if (setFilters(state) && graphMode(state.view) === 'explore') graph.forceLayout(false);
    if (graphMode(state.view) === 'explore') graph.select(state.selected);
    $('#empty').hidden = graph.cy.nodes().nonempty();
  }

  function updateCounts() {
    const { nodes, edges, hidden } = graph.counts();
    const el = $('#counts');
    el.dataset.nodes = String(nodes);
    el.dataset.edges = String(edges);
    el.textContent = `${t('status.nodes')} ${nodes} · ${t('status.edges')} ${edges}${hidden ? ` · ${t('status.hidden')} ${hidden}` : ''}`;
  }

  async function draw(gen: number) {
    const state = store.get();
    const mode = graphMode(state.view);
    if (state.resets !== resets) {
      // The toolbar's reset: start the current view afresh.
      resets = state.resets;
      if (mode === 'explore') savedExplore = null;
      shown = { ...shown, key: '' };
    }
    if (mode !== 'explore' && shown.mode === 'explore') savePositions();
    let added: number | undefined;
    if (mode === 'explore') added = await drawExplore(gen);
    else if (mode === 'paths') await drawPaths(gen);
    else await drawChain(gen);
    if (gen !== generation) return;
    applyFilters();
    updateCounts();
    if (added !== undefined) act.notify(t('status.added', { n: added }), false, added);
  }

  async function render(gen: number) {
    $('#empty').textContent = t('empty.graph');
    await draw(gen).catch((error) => act.failure(error));
    if (gen !== generation) return;
    graph.refreshLabels(new Map([...chainColumns].map(([id, label]) => [id, label()])));
    updateCounts();
    store.update({ drawn: store.get().drawn + 1 });
  }

  watch([...LINK_KEYS, 'resets'], () => void render(++generation));
  return graph;
}
