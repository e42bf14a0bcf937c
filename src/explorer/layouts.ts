/** What the canvas draws for each tab, worked out from the API's answers: elements, and places for the tiered ones. */
import type { EntityRef, Graph, Path, PathsResult, SupplyChain } from './api.js';
import { edgeData, edgeId, nodeData } from './graph.js';
import type { EdgeData, NodeData } from './graph-types.js';
import { segmentText, t } from './i18n.js';

type Point = { x: number; y: number };

/** Neighbourhoods drawn together: each node and relationship once. */
export function mergeGraphs(graphs: Graph[]) {
  const nodes = new Map<string, NodeData>();
  const edges = new Map<string, EdgeData>();
  for (const g of graphs) {
    for (const n of g.nodes) if (!nodes.has(n.slug)) nodes.set(n.slug, nodeData(n));
    for (const e of g.edges) {
      const data = edgeData(e);
      if (!edges.has(data.id)) edges.set(data.id, data);
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated: graphs.some((g) => g.truncated) };
}

/** The ids of a path's relationships as drawn (each in its stored direction). */
export const pathEdgeIds = (path: Path) =>
  path.hops.map((hop) =>
    hop.direction === 'FORWARD' ? edgeId(hop.from.slug, hop.type, hop.to.slug) : edgeId(hop.to.slug, hop.type, hop.from.slug),
  );

/**
 * Left to right: the start in column 0, the end in the last column, the others at their place on the
 * first path that has them; the shortest path on the middle row, each later path's new nodes on a row of its own.
 */
export function pathsLayout(result: PathsResult) {
  const longest = Math.max(1, ...result.paths.map((p) => p.length));
  const nodes = new Map<string, NodeData>();
  const edges = new Map<string, EdgeData>();
  const positions = new Map<string, Point>();
  result.paths.forEach((path, p) => {
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
  return { nodes: [...nodes.values()], edges: [...edges.values()], positions, roots: [result.from.slug, result.to.slug] };
}

type Column = { id: string; label: () => string; members: EntityRef[] };

function segmentColumns(c: SupplyChain, side: 'up' | 'down'): Column[] {
  const byOrder = new Map<number, { segment: string; members: EntityRef[] }>();
  for (const s of c.segments) {
    const entry = byOrder.get(s.order) ?? { segment: s.segment, members: [] };
    entry.members.push(...s.members);
    byOrder.set(s.order, entry);
  }
  return [...byOrder.entries()]
    .sort(([a], [b]) => a - b)
    .map(([order, { segment, members }]) => ({
      id: `col:${side}:seg:${order}`,
      label: () => `${t(side === 'up' ? 'chain.up' : 'chain.down')} · ${segmentText(segment)}`,
      members,
    }));
}

const tierColumns = (c: SupplyChain, side: 'up' | 'down'): Column[] =>
  c.tiers.map((tier) => ({
    id: `col:${side}:tier:${tier.level}`,
    label: () => `${t(side === 'up' ? 'chain.up' : 'chain.down')} · ${t('chain.tier', { n: tier.level })}`,
    members: tier.entities,
  }));

/**
 * Columns, left to right: upstream segments, upstream tiers (farthest first), the root, downstream tiers,
 * downstream segments. `columns` gives each column's label in the current language.
 */
export function chainLayout({ up, down }: { up: SupplyChain; down: SupplyChain }) {
  const root = up.root;
  const columns: Column[] = [
    ...segmentColumns(up, 'up'),
    ...tierColumns(up, 'up').reverse(),
    { id: 'col:root', label: () => t('chain.root'), members: [root] },
    ...tierColumns(down, 'down'),
    ...segmentColumns(down, 'down'),
  ];
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
  const positions = new Map<string, Point>();
  const labels = new Map<string, () => string>();
  let x = 0;
  for (const col of columns) {
    const list = membersOf.get(col.id) ?? [];
    if (!list.length) continue;
    labels.set(col.id, col.label);
    nodes.push({ id: col.id, name: '', kind: 'Industry', column: true, label: col.label() });
    list.forEach((m, i) => {
      nodes.push({ ...nodeData(m), parent: col.id });
      positions.set(m.slug, { x, y: (i - (list.length - 1) / 2) * 80 });
    });
    x += 240;
  }
  const edges = [...up.tiers, ...down.tiers].flatMap((tier) => tier.links.map(edgeData));
  return { nodes, edges, positions, roots: [root.slug], columns: labels };
}
