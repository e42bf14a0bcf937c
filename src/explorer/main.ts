/** The explorer: search, entity cards, a growing graph, paths, supply chains — all through /graphql. */

import type { EntityCard, EntityRef, Evidence, Graph, PathsResult, SupplyChain } from './api.js';
import { Api, NotFound } from './api.js';
import { download, fill, h, kindChip, kindDot, Picker } from './dom.js';
import { type EdgeData, edgeData, edgeId, GraphView, type NodeData, nodeData } from './graph.js';
import { KIND_STYLE } from './graph-style.js';
import {
  factText,
  factValue,
  groupText,
  KINDS,
  type Kind,
  kindText,
  type Lang,
  money,
  RELATION_TYPES,
  type RelationType,
  segmentText,
  setLang,
  t,
  typeText,
} from './i18n.js';
import { DEFAULT_VIA, parse, type State, serialize, type View } from './state.js';

const api = new Api((n) => {
  document.body.dataset.busy = String(n);
});
const search = (text: string, kinds: Kind[] | null) => api.search(text, kinds, 8);

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector(selector) as T;

const storedLang = (localStorage.getItem('kg-lang') as Lang | null) ?? 'zh';
let state: State = parse(location.search, storedLang === 'en' ? 'en' : 'zh');

// ---------------------------------------------------------------- caches (every answer is read-only)

const memo = <T>(load: (key: string) => Promise<T>) => {
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
  const peek = async (key: string) => (cache.has(key) ? get(key).catch(() => undefined) : undefined);
  return { get, peek, known: (key: string) => cache.has(key) };
};

const cards = memo((id) => api.entityCard(id));
const neighbourhoods = memo((id) => api.neighborhood(id));
const members = memo((kind) => api.entitiesOfKind(kind as Kind));
const pathResults = memo((key) => api.paths(JSON.parse(key)));
const chains = memo((key) => {
  const { id, depth } = JSON.parse(key) as { id: string; depth: number };
  return api.supplyChain(id, depth);
});
/** Names of entities seen so far, for labels before a card is loaded. */
const names = new Map<string, EntityRef>();
const remember = (...entities: EntityRef[]) => {
  for (const e of entities) if (!names.has(e.slug)) names.set(e.slug, e);
};

// ---------------------------------------------------------------- graph

const graph = new GraphView($('#cy'), {
  nodeTap: (id) => onNodeTap(id),
  nodeDoubleTap: (id) => void (graphMode() === 'explore' ? expand(id) : open(id)),
  edgeTap: (data) => showEdge(data),
  backgroundTap: () => hideSelection(),
});

type Mode = 'explore' | 'paths' | 'chain';
const graphMode = (view: View = state.view): Mode => (view === 'paths' ? 'paths' : view === 'chain' ? 'chain' : 'explore');

/** What the canvas shows now, so that re-renders only redraw on a change. */
let shown: { mode: Mode; key: string; expanded: Set<string> } = { mode: 'explore', key: '', expanded: new Set() };
let savedExplore: { key: string; positions: Map<string, { x: number; y: number }> } | null = null;
let chainColumns = new Map<string, () => string>();

function savePositions() {
  if (shown.mode !== 'explore' || !shown.key) return;
  const positions = new Map<string, { x: number; y: number }>();
  graph.cy.nodes().forEach((n) => {
    positions.set(n.id(), { ...n.position() });
  });
  savedExplore = { key: `${shown.key}|${[...shown.expanded].join(',')}`, positions };
}

async function exploreSeeds(): Promise<string[]> {
  if (state.overview) return (await members.get(state.overview)).entities.map((e) => e.slug);
  return state.root ? [state.root] : [];
}

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

function collect(graphs: Graph[]) {
  const nodes = new Map<string, NodeData>();
  const edges = new Map<string, EdgeData>();
  for (const g of graphs) {
    remember(...g.nodes);
    for (const n of g.nodes) if (!nodes.has(n.slug)) nodes.set(n.slug, nodeData(n));
    for (const e of g.edges) {
      const data = edgeData(e);
      if (!edges.has(data.id)) edges.set(data.id, data);
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated: graphs.some((g) => g.truncated) };
}

let generation = 0;

async function renderGraph(gen: number) {
  const mode = graphMode();
  if (mode !== 'explore' && shown.mode === 'explore') savePositions();
  if (mode === 'explore') await renderExploreGraph(gen);
  else if (mode === 'paths') await renderPathsGraph(gen);
  else await renderChainGraph(gen);
  if (gen !== generation) return;
  applyFilters();
  updateCounts();
}

async function renderExploreGraph(gen: number) {
  const seeds = await exploreSeeds();
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
    for (const id of wanted.filter((x) => !shown.expanded.has(x))) {
      const g = await neighbourhoods.get(id);
      if (gen !== generation) return;
      const { nodes, edges } = collect([g]);
      graph.merge(nodes, edges, id);
      shown.expanded.add(id);
    }
    return;
  }
  const graphs = await mapLimited([...seeds, ...wanted], 6, (id) => neighbourhoods.get(id));
  if (gen !== generation) return;
  const { nodes, edges, truncated } = collect(graphs);
  const fullKey = `${key}|${wanted.join(',')}`;
  const positions = savedExplore?.key === fullKey ? savedExplore.positions : undefined;
  setFilters();
  graph.replace(nodes, edges, { positions, roots: seeds });
  if (positions) graph.fit();
  shown = { mode: 'explore', key, expanded: new Set(wanted) };
  if (truncated) message(t('truncated'));
}

function pathsKey(): string | null {
  if (!state.from || !state.to) return null;
  return JSON.stringify({ from: state.from, to: state.to, maxHops: state.hops, k: state.k, via: state.via });
}

async function renderPathsGraph(gen: number) {
  const key = pathsKey();
  if (!key) {
    graph.replace([], []);
    shown = { mode: 'paths', key: '', expanded: new Set() };
    return;
  }
  if (shown.mode === 'paths' && shown.key === key) return highlightPath();
  const result = await pathResults.get(key).catch(() => null);
  if (gen !== generation) return;
  if (!result) {
    graph.replace([], []);
    shown = { mode: 'paths', key, expanded: new Set() };
    return;
  }
  // Left to right: the start in column 0, the end in the last column, the others at their place on the
  // first path that has them; the shortest path on the middle row, each later path's new nodes on a row of its own.
  const longest = Math.max(1, ...result.paths.map((p) => p.length));
  const nodes = new Map<string, NodeData>();
  const edges = new Map<string, EdgeData>();
  const positions = new Map<string, { x: number; y: number }>();
  result.paths.forEach((path, p) => {
    remember(...path.nodes);
    const row = p === 0 ? 0 : (p % 2 === 1 ? 1 : -1) * Math.ceil(p / 2);
    path.nodes.forEach((n, i) => {
      if (!nodes.has(n.slug)) nodes.set(n.slug, nodeData(n));
      if (positions.has(n.slug)) return;
      const column = n.slug === result.from.slug ? 0 : n.slug === result.to.slug ? longest : i;
      const onAxis = n.slug === result.from.slug || n.slug === result.to.slug;
      positions.set(n.slug, { x: column * 220, y: onAxis ? 0 : row * 120 });
    });
    for (const hop of path.hops) {
      const [source, target] = hop.direction === 'FORWARD' ? [hop.from.slug, hop.to.slug] : [hop.to.slug, hop.from.slug];
      const id = edgeId(source, hop.type, target);
      if (!edges.has(id)) edges.set(id, { ...hop.relation, id, source, target, type: hop.type });
    }
  });
  setFilters();
  graph.replace([...nodes.values()], [...edges.values()], { positions, roots: [result.from.slug, result.to.slug] });
  shown = { mode: 'paths', key, expanded: new Set() };
  highlightPath();
  graph.fit();
}

function highlightPath() {
  const key = pathsKey();
  if (!key) return;
  void pathResults.peek(key).then((result) => {
    if (!result || graphMode() !== 'paths') return;
    const path = state.pathIndex >= 0 ? result.paths[state.pathIndex] : undefined;
    // No path picked: every path is highlighted; a picked one stands out and the others fade.
    if (!path)
      return graph.highlight(
        graph.cy.nodes().map((n) => n.id()),
        graph.cy.edges().map((e) => e.id()),
      );
    const edgeIds = path.hops.map((hop) =>
      hop.direction === 'FORWARD' ? edgeId(hop.from.slug, hop.type, hop.to.slug) : edgeId(hop.to.slug, hop.type, hop.from.slug),
    );
    graph.highlight(
      path.nodes.map((n) => n.slug),
      edgeIds,
    );
  });
}

function chainKey(): string | null {
  return state.chain ? JSON.stringify({ id: state.chain, depth: state.depth }) : null;
}

async function renderChainGraph(gen: number) {
  const key = chainKey();
  if (!key) {
    graph.replace([], []);
    shown = { mode: 'chain', key: '', expanded: new Set() };
    return;
  }
  if (shown.mode === 'chain' && shown.key === key) return;
  const chain = await chains.get(key).catch(() => null);
  if (gen !== generation) return;
  if (!chain) {
    graph.replace([], []);
    shown = { mode: 'chain', key, expanded: new Set() };
    return;
  }
  const { up, down } = chain;
  const root = up.root;
  remember(root);
  // Columns, left to right: upstream segments, upstream tiers (farthest first), the root, downstream tiers, downstream segments.
  type Column = { id: string; label: () => string; members: EntityRef[] };
  const columns: Column[] = [];
  const segmentColumns = (c: SupplyChain, side: 'up' | 'down') => {
    const byOrder = new Map<number, { segment: string; members: EntityRef[] }>();
    for (const s of c.segments) {
      const entry = byOrder.get(s.order) ?? { segment: s.segment, members: [] };
      entry.members.push(...s.members);
      byOrder.set(s.order, entry);
    }
    return [...byOrder.entries()]
      .sort(([a], [b]) => a - b)
      .map(([order, { segment, members: list }]) => ({
        id: `col:${side}:seg:${order}`,
        label: () => `${t(side === 'up' ? 'chain.up' : 'chain.down')} · ${segmentText(segment)}`,
        members: list,
      }));
  };
  const tierColumns = (c: SupplyChain, side: 'up' | 'down') =>
    c.tiers.map((tier) => ({
      id: `col:${side}:tier:${tier.level}`,
      label: () => `${t(side === 'up' ? 'chain.up' : 'chain.down')} · ${t('chain.tier', { n: tier.level })}`,
      members: tier.entities,
    }));
  columns.push(...segmentColumns(up, 'up'));
  columns.push(...tierColumns(up, 'up').reverse());
  columns.push({ id: 'col:root', label: () => t('chain.root'), members: [root] });
  columns.push(...tierColumns(down, 'down'));
  columns.push(...segmentColumns(down, 'down'));
  // An entity is drawn once: the supply tiers (direct links) win over the segments.
  const placed = new Set<string>();
  const tierFirst = [...columns].sort((a, b) => Number(a.id.includes(':seg:')) - Number(b.id.includes(':seg:')));
  const membersOf = new Map<string, EntityRef[]>();
  for (const col of tierFirst) {
    const list = col.members.filter((m) => !placed.has(m.slug));
    for (const m of list) placed.add(m.slug);
    membersOf.set(col.id, list);
  }
  const nodes: NodeData[] = [];
  const positions = new Map<string, { x: number; y: number }>();
  chainColumns = new Map();
  let x = 0;
  for (const col of columns) {
    const list = membersOf.get(col.id) ?? [];
    if (!list.length) continue;
    chainColumns.set(col.id, col.label);
    nodes.push({ id: col.id, name: '', kind: 'Industry', column: true, label: col.label() });
    list.forEach((m, i) => {
      remember(m);
      nodes.push({ ...nodeData(m), parent: col.id });
      positions.set(m.slug, { x, y: (i - (list.length - 1) / 2) * 80 });
    });
    x += 240;
  }
  const edges = [...up.tiers, ...down.tiers].flatMap((tier) => tier.links.map(edgeData));
  setFilters();
  graph.replace(nodes, edges, { positions, roots: [root.slug] });
  shown = { mode: 'chain', key, expanded: new Set() };
  graph.fit();
}

/** The toolbar's filters, for the graph to apply; true when they changed what is shown. */
function setFilters(): boolean {
  const mode = graphMode();
  const keep = mode === 'explore' ? [...(state.root ? [state.root] : []), ...(state.selected ? [state.selected] : [])] : [];
  // A path is shown whole: the filters apply to the exploration graph and the supply chain.
  if (mode === 'paths') return graph.filter(null, null);
  return graph.filter(state.types ? new Set(state.types) : null, state.kinds ? new Set(state.kinds) : null, keep);
}

function applyFilters() {
  if (setFilters() && graphMode() === 'explore') graph.forceLayout(false);
  if (graphMode() === 'explore') graph.select(state.selected);
  $('#empty').hidden = graph.cy.nodes().nonempty();
}

function updateCounts() {
  const { nodes, edges, hidden } = graph.counts();
  const el = $('#counts');
  el.dataset.nodes = String(nodes);
  el.dataset.edges = String(edges);
  el.textContent = `${t('status.nodes')} ${nodes} · ${t('status.edges')} ${edges}${hidden ? ` · ${t('status.hidden')} ${hidden}` : ''}`;
}

let messageTimer: ReturnType<typeof setTimeout> | undefined;
function message(text: string, sticky = false) {
  const el = $('#message');
  el.textContent = text;
  clearTimeout(messageTimer);
  if (!sticky) messageTimer = setTimeout(() => (el.textContent = ''), 6000);
}

function failure(error: unknown, id?: string) {
  if (error instanceof NotFound) message(`${t('status.notfound')}${error.message || id || ''}`, true);
  else message(`${t('status.error')}${error instanceof Error ? error.message : String(error)}`, true);
}

// ---------------------------------------------------------------- actions

function commit(change: Partial<State>, push = true) {
  state = { ...state, ...change };
  const url = `${location.pathname}${serialize(state)}`;
  if (url !== `${location.pathname}${location.search}`) history[push ? 'pushState' : 'replaceState'](null, '', url);
  void render();
}

/** Opens an entity: its card, and a fresh graph around it. */
function open(id: string) {
  hideSelection();
  commit({ view: 'explore', root: id, selected: id, expanded: [], overview: null });
}

async function expand(id: string) {
  if (graphMode() !== 'explore') return open(id);
  try {
    const g = await neighbourhoods.get(id);
    const { nodes, edges } = collect([g]);
    const seeds = await exploreSeeds();
    const added = graph.merge(nodes, edges, id);
    if (!seeds.includes(id) && !state.expanded.includes(id)) {
      shown.expanded.add(id);
      state = { ...state, expanded: [...state.expanded, id] };
      history.replaceState(null, '', `${location.pathname}${serialize(state)}`);
    }
    applyFilters();
    updateCounts();
    const el = $('#message');
    el.dataset.added = String(added.length);
    message(t('status.added', { n: added.length }));
  } catch (error) {
    failure(error, id);
  }
}

function onNodeTap(id: string) {
  if (graphMode() === 'explore') {
    commit({ selected: id, view: state.view === 'browse' ? 'explore' : state.view }, false);
  }
  showNode(id);
}

function setEnd(which: 'from' | 'to', id: string) {
  commit({ view: 'paths', [which]: id, pathIndex: -1 });
}

// ---------------------------------------------------------------- selection overlay

function showNode(id: string) {
  const data = graph.cy.getElementById(id).data() as NodeData | undefined;
  if (!data) return;
  const box = $('#selection');
  box.hidden = false;
  box.dataset.of = 'node';
  fill(
    box,
    h('div', { class: 'sel-head' }, kindChip(data.kind), h('strong', {}, data.name)),
    h(
      'div',
      { class: 'sel-actions' },
      graphMode() === 'explore'
        ? h('button', { type: 'button', class: 'btn', 'data-action': 'expand', onclick: () => void expand(id) }, t('sel.expand'))
        : h('button', { type: 'button', class: 'btn', 'data-action': 'card', onclick: () => open(id) }, t('sel.card')),
      h('button', { type: 'button', class: 'btn', onclick: () => setEnd('from', id) }, t('card.from')),
      h('button', { type: 'button', class: 'btn', onclick: () => setEnd('to', id) }, t('card.to')),
      h('button', { type: 'button', class: 'btn close', 'aria-label': '×', onclick: hideSelection }, '×'),
    ),
  );
}

function showEdge(data: EdgeData) {
  const box = $('#selection');
  box.hidden = false;
  box.dataset.of = 'edge';
  const nameOf = (slug: string) => (graph.cy.getElementById(slug).data('name') as string | undefined) ?? slug;
  fill(
    box,
    h(
      'div',
      { class: 'sel-head' },
      h('strong', {}, nameOf(data.source)),
      h('span', { class: 'arrow' }, ` —${typeText(data.type)}→ `),
      h('strong', {}, nameOf(data.target)),
      h('button', { type: 'button', class: 'btn close', 'aria-label': '×', onclick: hideSelection }, '×'),
    ),
    relationFacts(data),
    evidenceList(data.evidence),
  );
}

function hideSelection() {
  $('#selection').hidden = true;
}

// ---------------------------------------------------------------- panels

const entityLink = (e: EntityRef) =>
  h(
    'button',
    { type: 'button', class: 'ent', 'data-slug': e.slug, title: kindText(e.kind), onclick: () => open(e.slug) },
    kindDot(e.kind),
    e.name,
  );

function evidenceList(evidence: readonly Evidence[]) {
  if (!evidence.length) return null;
  return h(
    'ul',
    { class: 'evidence' },
    evidence.map((e) =>
      h(
        'li',
        {},
        h('q', { class: 'quote' }, e.quote),
        h('cite', { title: e.document }, e.title ? `《${e.title}》` : e.document, ' ', h('span', { class: 'doc' }, e.document)),
      ),
    ),
  );
}

const RELATION_FACTS = ['amountCny', 'round', 'since', 'date', 'kind', 'role', 'product'] as const;

function relationFacts(data: Partial<Record<(typeof RELATION_FACTS)[number] | 'note', unknown>>) {
  const facts = RELATION_FACTS.filter((f) => data[f] !== null && data[f] !== undefined && data[f] !== '');
  if (!facts.length && !data.note) return null;
  return h(
    'div',
    { class: 'rel-facts' },
    facts.map((f) =>
      h('span', { class: 'rel-fact', 'data-fact': f }, f === 'amountCny' ? money(Number(data[f])) : `${factText(f)} ${String(data[f])}`),
    ),
    data.note ? h('span', { class: 'rel-note' }, String(data.note)) : null,
  );
}

/** The first quotes, the rest behind a "more". */
function shortEvidence(evidence: readonly Evidence[], shown = 2) {
  if (evidence.length <= shown + 1) return evidenceList(evidence);
  return [
    evidenceList(evidence.slice(0, shown)),
    h('details', { class: 'more' }, h('summary', {}, `+${evidence.length - shown}`), evidenceList(evidence.slice(shown))),
  ];
}

function welcome() {
  const q = (key: string, search: string) => h('li', {}, h('a', { href: search, class: 'question', onclick: navigate }, t(key)));
  return h(
    'div',
    { class: 'welcome' },
    h('h2', {}, t('welcome.title')),
    h('p', {}, t('welcome.text')),
    h(
      'ul',
      { class: 'questions' },
      q('q.parks', '?v=browse&bk=Park&ov=Park&rt=LOCATED_IN'),
      q('q.investors', '?r=xin-sheng-ji-yuan'),
      q('q.path', '?v=paths&pf=jin-jiang-an-xin-ji-jin&pt=fu-zhou-da-xue'),
      q('q.chain', '?v=chain&c=hao-shu-ke-ji'),
    ),
    h(
      'div',
      { class: 'legend' },
      KINDS.map((k) => h('span', { class: 'legend-item' }, kindDot(k), kindText(k))),
    ),
  );
}

/** In-page links: keep the language, and no reload. */
function navigate(this: HTMLAnchorElement, e: MouseEvent) {
  e.preventDefault();
  const next = parse(new URL(this.href).search, state.lang);
  hideSelection();
  commit({ ...next, lang: state.lang });
}

async function renderExplorePanel(gen: number) {
  const panel = $('#panel-explore');
  const id = state.selected;
  if (!id) {
    fill(panel, welcome());
    return;
  }
  if (!cards.known(id)) fill(panel, h('p', { class: 'loading' }, t('status.loading')));
  let card: EntityCard;
  let around: Graph;
  try {
    [card, around] = await Promise.all([cards.get(id), neighbourhoods.get(id)]);
  } catch (error) {
    if (gen !== generation) return;
    fill(panel, welcome());
    failure(error, id);
    return;
  }
  if (gen !== generation) return;
  remember(card);
  const facts = Object.entries(card).filter(
    ([field, value]) =>
      !['slug', 'name', 'kind', 'aliases', 'description', 'evidence', '__typename'].includes(field) &&
      value !== null &&
      value !== undefined,
  );
  fill(
    panel,
    h(
      'article',
      { class: 'card', 'data-slug': card.slug },
      h('header', { class: 'card-head' }, kindChip(card.kind), h('h2', { class: 'card-name' }, card.name)),
      card.aliases.length ? h('p', { class: 'aliases' }, h('span', { class: 'label' }, t('aliases')), card.aliases.join('、')) : null,
      h(
        'div',
        { class: 'card-actions' },
        state.root !== card.slug || state.overview
          ? h('button', { type: 'button', class: 'btn', onclick: () => open(card.slug) }, t('card.focus'))
          : null,
        h('button', { type: 'button', class: 'btn', 'data-action': 'expand', onclick: () => void expand(card.slug) }, t('card.expand')),
        h('button', { type: 'button', class: 'btn', 'data-action': 'from', onclick: () => setEnd('from', card.slug) }, t('card.from')),
        h('button', { type: 'button', class: 'btn', 'data-action': 'to', onclick: () => setEnd('to', card.slug) }, t('card.to')),
        card.kind === 'Company' || card.kind === 'Product'
          ? h('button', { type: 'button', class: 'btn', onclick: () => commit({ view: 'chain', chain: card.slug }) }, t('card.chain'))
          : null,
      ),
      card.description ? h('p', { class: 'description' }, card.description) : null,
      facts.length
        ? h(
            'section',
            { class: 'facts' },
            h('h3', {}, t('facts')),
            h(
              'dl',
              {},
              facts.map(([field, value]) => [h('dt', {}, factText(field)), h('dd', { 'data-fact': field }, factValue(field, value))]),
            ),
          )
        : null,
      card.evidence.length
        ? h('section', { class: 'card-evidence' }, h('h3', {}, `${t('evidence')} (${card.evidence.length})`), shortEvidence(card.evidence))
        : null,
      relationsSection(card.slug, around),
    ),
  );
}

function relationsSection(slug: string, around: Graph) {
  remember(...around.nodes);
  const byNode = new Map(around.nodes.map((n) => [n.slug, n]));
  const groups = new Map<string, { type: RelationType; out: boolean; rows: { other: EntityRef; edge: EdgeData }[] }>();
  for (const e of around.edges) {
    const out = e.source.slug === slug;
    if (!out && e.target.slug !== slug) continue;
    const other = byNode.get(out ? e.target.slug : e.source.slug);
    if (!other) continue;
    const key = e.type === 'PARTNERS_WITH' ? e.type : `${e.type}:${out ? 'out' : 'in'}`;
    const group = groups.get(key) ?? { type: e.type, out, rows: [] };
    group.rows.push({ other, edge: edgeData(e) });
    groups.set(key, group);
  }
  const order = (g: { type: RelationType; out: boolean }) => RELATION_TYPES.indexOf(g.type) * 2 + (g.out ? 0 : 1);
  const sorted = [...groups.values()].sort((a, b) => order(a) - order(b));
  return h(
    'section',
    { class: 'relations' },
    h('h3', {}, t('relations')),
    sorted.length ? null : h('p', { class: 'muted' }, t('relations.none')),
    sorted.map((g) =>
      h(
        'div',
        { class: 'rel-group', 'data-type': g.type, 'data-dir': g.type === 'PARTNERS_WITH' ? 'both' : g.out ? 'out' : 'in' },
        h('h4', {}, groupText(g.type, g.out), h('span', { class: 'count' }, String(g.rows.length))),
        h(
          'ul',
          {},
          g.rows.map(({ other, edge }) => h('li', { class: 'rel' }, entityLink(other), relationFacts(edge), evidenceList(edge.evidence))),
        ),
      ),
    ),
    around.truncated ? h('p', { class: 'muted' }, t('truncated')) : null,
  );
}

// Paths

const fromPicker = new Picker({ name: 'path-from', placeholder: 'paths.from', search, onPick: (e) => void pickEnd('from', e) });
const toPicker = new Picker({ name: 'path-to', placeholder: 'paths.to', search, onPick: (e) => void pickEnd('to', e) });
const chainPicker = new Picker({
  name: 'chain-of',
  placeholder: 'chain.of',
  kinds: ['Company', 'Product'],
  search,
  onPick: (e) => commit({ view: 'chain', chain: e.slug }),
});

function pickEnd(which: 'from' | 'to', e: EntityRef) {
  remember(e);
  state = { ...state, [which]: e.slug };
}

/** Shows the current ends in the pickers, by name when known. */
function syncPicker(picker: Picker, id: string | null, resolved?: EntityRef) {
  if (document.activeElement === picker.input) return;
  if (!id) return picker.set(null);
  if (picker.value?.slug === id) return;
  picker.set(resolved ?? names.get(id) ?? { slug: id, name: id, kind: 'Company' });
}

function numberSelect(name: string, value: number, max: number, onchange: (n: number) => void) {
  return h(
    'select',
    { name, class: 'num', onchange: (e: Event) => onchange(Number((e.target as HTMLSelectElement).value)) },
    Array.from({ length: max }, (_, i) => h('option', { value: i + 1, selected: i + 1 === value }, String(i + 1))),
  );
}

let pathForm: { hops: number; k: number; via: Set<Kind> } | null = null;

async function renderPathsPanel(gen: number) {
  const panel = $('#panel-paths');
  const key = pathsKey();
  const result = key ? await pathResults.get(key).catch((error: unknown) => error) : null;
  if (gen !== generation) return;
  const ok = result && !(result instanceof Error) ? (result as PathsResult) : null;
  if (ok) remember(ok.from, ok.to);
  syncPicker(fromPicker, state.from, ok?.from);
  syncPicker(toPicker, state.to, ok?.to);
  pathForm = { hops: state.hops, k: state.k, via: new Set(state.via ?? DEFAULT_VIA) };
  const form = pathForm;
  const run = () => {
    const from = fromPicker.value?.slug ?? state.from;
    const to = toPicker.value?.slug ?? state.to;
    if (!from || !to) return message(t('paths.pick'));
    const via = KINDS.filter((k) => form.via.has(k));
    const isDefault = via.length === DEFAULT_VIA.length && via.every((k) => DEFAULT_VIA.includes(k));
    commit({ view: 'paths', from, to, hops: form.hops, k: form.k, via: isDefault ? null : via, pathIndex: -1 });
  };
  fill(
    panel,
    h(
      'form',
      {
        class: 'paths-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          run();
        },
      },
      h('h2', {}, t('paths.title')),
      h('label', { class: 'field' }, h('span', {}, t('paths.from')), fromPicker.el),
      h(
        'button',
        {
          type: 'button',
          class: 'btn swap',
          onclick: () => {
            const a = fromPicker.value;
            fromPicker.set(toPicker.value);
            toPicker.set(a);
            state = { ...state, from: state.to, to: state.from };
          },
        },
        '⇅ ',
        t('paths.swap'),
      ),
      h('label', { class: 'field' }, h('span', {}, t('paths.to')), toPicker.el),
      h(
        'div',
        { class: 'row' },
        h(
          'label',
          {},
          t('paths.hops'),
          ' ',
          numberSelect('hops', form.hops, 6, (n) => (form.hops = n)),
        ),
        h(
          'label',
          {},
          t('paths.k'),
          ' ',
          numberSelect('k', form.k, 10, (n) => (form.k = n)),
        ),
      ),
      h(
        'fieldset',
        { class: 'via' },
        h('legend', {}, t('paths.via')),
        KINDS.map((k) =>
          h(
            'label',
            { class: 'check' },
            h('input', {
              type: 'checkbox',
              name: 'via',
              value: k,
              checked: form.via.has(k),
              onchange: (e: Event) => ((e.target as HTMLInputElement).checked ? form.via.add(k) : form.via.delete(k)),
            }),
            kindDot(k),
            kindText(k),
          ),
        ),
      ),
      h('button', { type: 'submit', class: 'btn primary', 'data-action': 'find-paths' }, t('paths.go')),
    ),
    result instanceof Error
      ? h('p', { class: 'error' }, result instanceof NotFound ? `${t('status.notfound')}${result.message}` : result.message)
      : null,
    ok ? pathList(ok) : null,
  );
}

function pathList(result: PathsResult) {
  if (!result.paths.length) return h('p', { class: 'paths-none muted' }, t('paths.none', { n: state.hops }));
  const nameOf = new Map<string, string>();
  for (const p of result.paths) for (const n of p.nodes) nameOf.set(n.slug, n.name);
  return h(
    'div',
    { class: 'paths' },
    h(
      'p',
      { class: 'paths-summary' },
      t('paths.found', { n: result.paths.length }),
      state.pathIndex >= 0
        ? h('button', { type: 'button', class: 'link', onclick: () => commit({ pathIndex: -1 }, false) }, t('paths.all'))
        : null,
    ),
    h(
      'ol',
      { class: 'path-list' },
      result.paths.map((path, i) =>
        h(
          'li',
          {
            class: `path${state.pathIndex === i ? ' active' : ''}`,
            'data-index': i,
            onclick: (e: Event) => {
              if ((e.target as HTMLElement).closest('button.ent')) return;
              commit({ pathIndex: state.pathIndex === i ? -1 : i }, false);
            },
          },
          h(
            'div',
            { class: 'path-head' },
            h('strong', {}, t('paths.path', { i: i + 1 })),
            h('span', { class: 'muted' }, t('paths.len', { n: path.length })),
          ),
          h('div', { class: 'path-chain' }, path.nodes.map((n) => n.name).join(' → ')),
          h(
            'ol',
            { class: 'hops' },
            path.hops.map((hop) => {
              const from = nameOf.get(hop.from.slug) ?? hop.from.slug;
              const to = nameOf.get(hop.to.slug) ?? hop.to.slug;
              const arrow = hop.direction === 'FORWARD' ? ` —${typeText(hop.type)}→ ` : ` ←${typeText(hop.type)}— `;
              return h(
                'li',
                { class: 'hop', 'data-type': hop.type, 'data-direction': hop.direction },
                h(
                  'div',
                  { class: 'hop-line' },
                  h('span', { class: 'hop-from' }, from),
                  h('span', { class: 'arrow' }, arrow),
                  h('span', { class: 'hop-to' }, to),
                ),
                relationFacts(hop.relation),
                evidenceList(hop.relation.evidence),
              );
            }),
          ),
        ),
      ),
    ),
  );
}

// Supply chain

async function renderChainPanel(gen: number) {
  const panel = $('#panel-chain');
  const key = chainKey();
  const result = key ? await chains.get(key).catch((error: unknown) => error) : null;
  if (gen !== generation) return;
  const ok = result && !(result instanceof Error) ? (result as { up: SupplyChain; down: SupplyChain }) : null;
  syncPicker(chainPicker, state.chain, ok?.up.root);
  let depth = state.depth;
  fill(
    panel,
    h(
      'form',
      {
        class: 'chain-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const id = chainPicker.value?.slug ?? state.chain;
          if (id) commit({ view: 'chain', chain: id, depth });
        },
      },
      h('h2', {}, t('chain.title')),
      h('label', { class: 'field' }, h('span', {}, t('chain.of')), chainPicker.el),
      h(
        'div',
        { class: 'row' },
        h(
          'label',
          {},
          t('chain.depth'),
          ' ',
          numberSelect('depth', depth, 3, (n) => (depth = n)),
        ),
        h('button', { type: 'submit', class: 'btn primary' }, t('chain.go')),
      ),
    ),
    result instanceof Error ? h('p', { class: 'error' }, result.message) : null,
    ok ? chainSide(ok.up, 'up') : null,
    ok ? chainSide(ok.down, 'down') : null,
  );
}

function chainSide(chain: SupplyChain, side: 'up' | 'down') {
  const names2 = (list: EntityRef[]) => h('div', { class: 'ents' }, list.map(entityLink));
  return h(
    'section',
    { class: `chain-side ${side}`, 'data-side': side },
    h('h3', {}, t(side === 'up' ? 'chain.up' : 'chain.down')),
    h('h4', {}, t('chain.tiers')),
    chain.tiers.length
      ? chain.tiers.map((tier) =>
          h('div', { class: 'tier' }, h('span', { class: 'label' }, t('chain.tier', { n: tier.level })), names2(tier.entities)),
        )
      : h('p', { class: 'muted' }, t('chain.none')),
    h('h4', {}, t('chain.segments')),
    chain.segments.length
      ? [...chain.segments]
          .sort((a, b) => a.order - b.order)
          .map((s) =>
            h(
              'div',
              { class: 'tier' },
              h('span', { class: 'label' }, `${s.order} · ${segmentText(s.segment)}`, h('span', { class: 'muted' }, ` ${s.industry.name}`)),
              names2(s.members),
            ),
          )
      : h('p', { class: 'muted' }, t('chain.none')),
  );
}

// Browse

async function renderBrowsePanel(gen: number) {
  const panel = $('#panel-browse');
  const kind = state.browse;
  const kinds = h(
    'div',
    { class: 'kind-grid' },
    KINDS.map((k) =>
      h(
        'button',
        {
          type: 'button',
          class: `chip${k === kind ? ' on' : ''}`,
          'data-kind': k,
          'aria-pressed': k === kind ? 'true' : 'false',
          onclick: () => commit({ browse: k }),
        },
        kindDot(k),
        kindText(k),
      ),
    ),
  );
  if (!kind) {
    fill(panel, h('h2', {}, t('browse.title')), h('p', { class: 'muted' }, t('browse.hint')), kinds);
    return;
  }
  const list = await members.get(kind).catch(() => null);
  if (gen !== generation) return;
  const overview = state.overview === kind;
  // With the overview drawn, each entry says what it is linked to (through the visible relationship types).
  const summary = async (slug: string) => {
    if (!overview) return null;
    const around = await neighbourhoods.peek(slug);
    if (!around) return null;
    const byNode = new Map(around.nodes.map((n) => [n.slug, n]));
    const groups = new Map<string, string[]>();
    for (const e of around.edges) {
      if (state.types && !state.types.includes(e.type)) continue;
      const out = e.source.slug === slug;
      const other = byNode.get(out ? e.target.slug : e.source.slug);
      if (!other || (state.kinds && !state.kinds.includes(other.kind))) continue;
      const label = groupText(e.type, out);
      groups.set(label, [...(groups.get(label) ?? []), other.name]);
    }
    return [...groups.entries()].map(([label, list2]) =>
      h('div', { class: 'summary' }, h('span', { class: 'label' }, `${label}：`), list2.join('、')),
    );
  };
  const items = list ? await Promise.all(list.entities.map(async (e) => ({ e, summary: await summary(e.slug) }))) : [];
  if (gen !== generation) return;
  fill(
    panel,
    h('h2', {}, t('browse.title')),
    kinds,
    list
      ? h(
          'div',
          { class: 'browse' },
          h(
            'div',
            { class: 'row' },
            h('span', { class: 'muted' }, t('browse.count', { n: list.total })),
            h(
              'button',
              {
                type: 'button',
                class: 'btn primary',
                'data-action': 'overview',
                disabled: overview,
                onclick: () => commit({ overview: kind, root: null, selected: null, expanded: [] }),
              },
              t('browse.all'),
            ),
          ),
          h(
            'ul',
            { class: 'browse-list' },
            items.map(({ e, summary: lines }) => h('li', { 'data-slug': e.slug }, entityLink(e), lines)),
          ),
        )
      : null,
  );
}

// ---------------------------------------------------------------- toolbar

function renderToolbar() {
  const mode = graphMode();
  const visibleKinds = new Set(state.kinds ?? KINDS);
  const visibleTypes = new Set(state.types ?? RELATION_TYPES);
  const setKinds = (next: Set<Kind>) => commit({ kinds: next.size === KINDS.length ? null : KINDS.filter((k) => next.has(k)) }, false);
  const setTypes = (next: Set<RelationType>) =>
    commit({ types: next.size === RELATION_TYPES.length ? null : RELATION_TYPES.filter((k) => next.has(k)) }, false);
  const filtersOn = mode !== 'paths';
  const typesOpen = ($('#toolbar details.types') as HTMLDetailsElement | null)?.open ?? false;
  $('#toolbar').replaceChildren(
    h(
      'div',
      { class: 'kinds', role: 'group', 'aria-label': t('tool.kinds') },
      KINDS.map((k) =>
        h(
          'button',
          {
            type: 'button',
            class: `chip${visibleKinds.has(k) ? ' on' : ''}`,
            'data-kind': k,
            'aria-pressed': visibleKinds.has(k) ? 'true' : 'false',
            disabled: !filtersOn,
            title: t('tool.kinds'),
            onclick: () => {
              const next = new Set(visibleKinds);
              if (next.has(k)) next.delete(k);
              else next.add(k);
              setKinds(next);
            },
          },
          h('span', { class: 'dot', style: { '--kind': KIND_STYLE[k].color } }),
          kindText(k),
        ),
      ),
    ),
    h(
      'div',
      { class: 'tools' },
      h(
        'details',
        { class: 'types dropdown', open: typesOpen },
        h('summary', { class: 'btn' }, `${t('tool.types')}${state.types ? ` (${state.types.length})` : ''} ▾`),
        h(
          'div',
          { class: 'menu' },
          h(
            'div',
            { class: 'row' },
            h('button', { type: 'button', class: 'link', onclick: () => setTypes(new Set(RELATION_TYPES)) }, t('tool.all')),
            h('button', { type: 'button', class: 'link', onclick: () => setTypes(new Set()) }, t('tool.none')),
          ),
          RELATION_TYPES.map((type) =>
            h(
              'label',
              { class: 'check' },
              h('input', {
                type: 'checkbox',
                name: 'type',
                value: type,
                checked: visibleTypes.has(type),
                disabled: !filtersOn,
                onchange: () => {
                  const next = new Set(visibleTypes);
                  if (next.has(type)) next.delete(type);
                  else next.add(type);
                  setTypes(next);
                },
              }),
              typeText(type),
            ),
          ),
        ),
      ),
      h('button', { type: 'button', class: 'btn', 'data-action': 'fit', onclick: () => graph.fit() }, t('tool.fit')),
      h('button', { type: 'button', class: 'btn', 'data-action': 'reset', onclick: reset }, t('tool.reset')),
      h('button', { type: 'button', class: 'btn', 'data-action': 'png', onclick: exportPng }, t('tool.png')),
      h('button', { type: 'button', class: 'btn', 'data-action': 'json', onclick: exportJson }, t('tool.json')),
      h('button', { type: 'button', class: 'btn', 'data-action': 'copy', onclick: copyLink }, t('tool.copy')),
    ),
  );
}

function reset() {
  hideSelection();
  if (graphMode() === 'explore') {
    savedExplore = null;
    shown = { ...shown, key: '' };
    commit({ expanded: [], types: null, kinds: null, selected: state.root }, false);
  } else if (graphMode() === 'paths') {
    shown = { ...shown, key: '' };
    commit({ pathIndex: -1 }, false);
  } else {
    shown = { ...shown, key: '' };
    void render();
  }
}

const fileStem = () => {
  const id = graphMode() === 'paths' ? `${state.from}-${state.to}` : graphMode() === 'chain' ? state.chain : (state.overview ?? state.root);
  return `kg-${graphMode()}-${id ?? 'view'}`;
};

function exportPng() {
  if (graph.cy.nodes().empty()) return;
  download(graph.png(), `${fileStem()}.png`);
}

async function exportJson() {
  const view = graph.json();
  const extra: Record<string, unknown> = {};
  const key = graphMode() === 'paths' ? pathsKey() : null;
  if (key) extra.paths = await pathResults.peek(key);
  const body = { exportedAt: new Date().toISOString(), url: location.href, view: graphMode(), state, ...view, ...extra };
  download(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }), `${fileStem()}.json`);
}

async function copyLink() {
  try {
    await navigator.clipboard.writeText(location.href);
    message(t('status.copied'));
  } catch {
    message(location.href, true);
  }
}

// ---------------------------------------------------------------- render

const headerSearch = new Picker({ name: 'search-main', placeholder: 'search.placeholder', search, onPick: (e) => open(e.slug) });
$('#search').append(headerSearch.el);

function renderStatic() {
  setLang(state.lang);
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n ?? '');
  document.title = `${t('title')} · Explorer`;
  $('#lang').textContent = state.lang === 'zh' ? 'EN' : '中文';
  for (const picker of [headerSearch, fromPicker, toPicker, chainPicker]) picker.relabel();
  for (const tab of document.querySelectorAll<HTMLButtonElement>('.tabs [data-view]')) {
    const on = tab.dataset.view === state.view;
    tab.setAttribute('aria-selected', on ? 'true' : 'false');
    tab.classList.toggle('on', on);
  }
  for (const panel of document.querySelectorAll<HTMLElement>('[data-panel]')) panel.hidden = panel.dataset.panel !== state.view;
  $('#empty').textContent = t('empty.graph');
  document.body.dataset.view = state.view;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A link may name entities instead of giving their slugs: swap in the slugs, so the view is keyed by them. */
async function canonical() {
  const fields = ['root', 'selected', 'from', 'to', 'chain'] as const;
  const names2 = [...new Set(fields.map((f) => state[f]).filter((v): v is string => Boolean(v) && !SLUG.test(v as string)))];
  if (!names2.length) return;
  const slugs = new Map<string, string>();
  await Promise.all(
    names2.map(async (name) => {
      const card = await cards.get(name).catch(() => null);
      if (card) slugs.set(name, card.slug);
    }),
  );
  const change: Partial<State> = {};
  for (const f of fields) {
    const slug = slugs.get(state[f] ?? '');
    if (slug) change[f] = slug;
  }
  state = { ...state, ...change };
  history.replaceState(null, '', `${location.pathname}${serialize(state)}`);
}

async function render() {
  await canonical();
  const gen = ++generation;
  renderStatic();
  renderToolbar();
  const panel =
    state.view === 'explore'
      ? renderExplorePanel(gen)
      : state.view === 'paths'
        ? renderPathsPanel(gen)
        : state.view === 'chain'
          ? renderChainPanel(gen)
          : renderBrowsePanel(gen);
  await Promise.all([panel, renderGraph(gen).catch((error) => failure(error))]);
  if (gen !== generation) return;
  if (state.view === 'browse') await renderBrowsePanel(gen); // summaries need the overview's neighbourhoods
  graph.refreshLabels(new Map([...chainColumns].map(([id, label]) => [id, label()])));
  updateCounts();
}

for (const tab of document.querySelectorAll<HTMLButtonElement>('.tabs [data-view]')) {
  tab.addEventListener('click', () => {
    hideSelection();
    const view = tab.dataset.view as View;
    // The supply chain opens on the selected company when none is chosen yet.
    const chain = view === 'chain' && !state.chain && state.selected ? state.selected : state.chain;
    const from = view === 'paths' && !state.from && !state.to && state.selected ? state.selected : state.from;
    commit({ view, chain, from });
  });
}

$('#lang').addEventListener('click', () => {
  const next: Lang = state.lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('kg-lang', next);
  commit({ lang: next }, false);
});

window.addEventListener('popstate', () => {
  hideSelection();
  state = parse(location.search, state.lang);
  void render();
});

document.body.dataset.busy = '0';

declare global {
  interface Window {
    /** For the console and the end-to-end tests. */
    explorer: { graph: GraphView; state: () => State };
  }
}
window.explorer = { graph, state: () => state };

void render();
