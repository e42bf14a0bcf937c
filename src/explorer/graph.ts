/** The graph canvas (Cytoscape.js): draws, grows, filters, highlights and exports what the panels give it. */
import cytoscape, { type Core, type ElementDefinition, type EventObject, type NodeSingular } from 'cytoscape';
import type { Edge, EntityRef } from './api.js';
import { STYLE } from './graph-style.js';
import type { EdgeData, NodeData } from './graph-types.js';
import { kindText } from './i18n.js';

export const edgeId = (source: string, type: string, target: string) => `${source}|${type}|${target}`;

export function edgeData(edge: Edge): EdgeData {
  const { source, target, type, ...rest } = edge;
  return { ...rest, id: edgeId(source.slug, type, target.slug), source: source.slug, target: target.slug, type };
}

export const nodeData = (entity: EntityRef): NodeData => ({
  id: entity.slug,
  name: entity.name,
  kind: entity.kind,
  aliases: entity.aliases,
});

export interface GraphHandlers {
  nodeTap(id: string): void;
  nodeDoubleTap(id: string): void;
  edgeTap(data: EdgeData): void;
  backgroundTap(): void;
}

export class GraphView {
  readonly cy: Core;

  constructor(container: HTMLElement, handlers: GraphHandlers) {
    this.cy = cytoscape({
      container,
      style: STYLE,
      minZoom: 0.15,
      maxZoom: 3,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    // A window turned or resized (tablets): keep the graph in view.
    let resizing: ReturnType<typeof setTimeout> | undefined;
    new ResizeObserver(() => {
      clearTimeout(resizing);
      resizing = setTimeout(() => {
        this.cy.resize();
        this.fit();
      }, 120);
    }).observe(container);
    this.cy.on('tap', 'node', (e: EventObject) => {
      const node = e.target as NodeSingular;
      if (!node.hasClass('column')) handlers.nodeTap(node.id());
    });
    this.cy.on('dbltap', 'node', (e: EventObject) => {
      const node = e.target as NodeSingular;
      if (!node.hasClass('column')) handlers.nodeDoubleTap(node.id());
    });
    this.cy.on('tap', 'edge', (e: EventObject) => handlers.edgeTap(e.target.data() as EdgeData));
    this.cy.on('tap', (e: EventObject) => {
      if (e.target === this.cy) handlers.backgroundTap();
    });
  }

  /** Replaces everything; `positions` for a preset layout, otherwise a force layout. */
  replace(
    nodes: NodeData[],
    edges: EdgeData[],
    options: { roots?: readonly string[]; positions?: Map<string, { x: number; y: number }> } = {},
  ) {
    this.cy.elements().remove();
    this.cy.add(this.definitions(nodes, edges, options.positions));
    for (const root of options.roots ?? []) this.cy.getElementById(root).addClass('root');
    this.applyFilter();
    if (options.positions) this.cy.layout({ name: 'preset', fit: false }).run();
    else this.forceLayout(true);
  }

  /** Adds what is not there yet, placing new nodes around `around`; returns the ids of the new nodes. */
  merge(nodes: NodeData[], edges: EdgeData[], around?: string): string[] {
    const fresh = nodes.filter((n) => this.cy.getElementById(n.id).empty());
    const freshEdges = edges.filter((e) => this.cy.getElementById(e.id).empty());
    if (fresh.length === 0 && freshEdges.length === 0) return [];
    const anchor = around ? this.cy.getElementById(around) : undefined;
    const centre = anchor?.nonempty() ? anchor.position() : { x: 0, y: 0 };
    const added = this.cy.add(this.definitions(fresh, freshEdges));
    added.nodes().forEach((node, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, fresh.length);
      node.position({ x: centre.x + 120 * Math.cos(angle), y: centre.y + 120 * Math.sin(angle) });
    });
    this.applyFilter();
    this.forceLayout(false);
    return fresh.map((n) => n.id);
  }

  private definitions(nodes: NodeData[], edges: EdgeData[], positions?: Map<string, { x: number; y: number }>): ElementDefinition[] {
    const defs: ElementDefinition[] = [];
    for (const node of nodes) {
      const position = positions?.get(node.id);
      defs.push({ group: 'nodes', data: { ...node }, classes: node.column ? 'column' : '', ...(position ? { position } : {}) });
    }
    const ids = new Set(nodes.map((n) => n.id));
    for (const edge of edges) {
      if ((ids.has(edge.source) || this.has(edge.source)) && (ids.has(edge.target) || this.has(edge.target))) {
        defs.push({ group: 'edges', data: { ...edge } });
      }
    }
    return defs;
  }

  has(id: string) {
    return this.cy.getElementById(id).nonempty();
  }

  /**
   * A force layout per connected component, then the components packed in rows to the canvas's
   * shape, biggest first: one cose over a disconnected graph leaves a long, sparse strip.
   */
  forceLayout(randomize: boolean) {
    const visible = this.cy.elements().not('.filtered').not('.column');
    const components = visible.components().sort((a, b) => b.nodes().length - a.nodes().length);
    const aspect = Math.max(0.5, this.cy.width() / Math.max(1, this.cy.height()));
    const boxes = components.map((component) => {
      if (component.nodes().length > 1) {
        component
          .layout({
            name: 'cose',
            randomize,
            animate: false,
            fit: false,
            nodeRepulsion: () => 9000,
            idealEdgeLength: () => 70,
            edgeElasticity: () => 80,
            gravity: 0.8,
            numIter: 1500,
            nodeDimensionsIncludeLabels: true,
          } as cytoscape.CoseLayoutOptions)
          .run();
        // Turn a component that came out tall to the canvas's orientation.
        const box = component.boundingBox({});
        if ((box.h > box.w * 1.2 && aspect > 1) || (box.w > box.h * 1.2 && aspect < 1)) {
          component.nodes().positions((node) => ({ x: node.position('y'), y: node.position('x') }));
        }
      }
      return component.boundingBox({ includeLabels: true });
    });
    const gap = 40;
    const area = boxes.reduce((sum, b) => sum + (b.w + gap) * (b.h + gap), 0);
    const rowWidth = Math.max(...boxes.map((b) => b.w + gap), Math.sqrt(area * aspect));
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    components.forEach((component, i) => {
      const box = boxes[i]!;
      if (x > 0 && x + box.w > rowWidth) {
        x = 0;
        y += rowHeight + gap;
        rowHeight = 0;
      }
      const dx = x - box.x1;
      const dy = y - box.y1;
      component.nodes().positions((node) => ({ x: node.position('x') + dx, y: node.position('y') + dy }));
      x += box.w + gap;
      rowHeight = Math.max(rowHeight, box.h);
    });
    this.fit();
  }

  private filters: { types: ReadonlySet<string> | null; kinds: ReadonlySet<string> | null; keep: readonly string[] } = {
    types: null,
    kinds: null,
    keep: [],
  };

  /**
   * Hides relationships whose type is not in `types` and nodes whose kind is not in `kinds` (null: all);
   * `keep` stay whatever their kind. Returns whether anything changed.
   */
  filter(types: ReadonlySet<string> | null, kinds: ReadonlySet<string> | null, keep: readonly string[] = []): boolean {
    const key = (f: typeof this.filters) => JSON.stringify([f.types && [...f.types], f.kinds && [...f.kinds]]);
    const next = { types, kinds, keep };
    const changed = key(next) !== key(this.filters);
    this.filters = next;
    const before = this.cy.elements('.filtered').length;
    this.applyFilter();
    return changed || before !== this.cy.elements('.filtered').length;
  }

  private applyFilter() {
    const { types, kinds, keep } = this.filters;
    this.cy.batch(() => {
      this.cy.elements().removeClass('filtered');
      if (types)
        this.cy
          .edges()
          .filter((e) => !types.has(e.data('type')))
          .addClass('filtered');
      if (kinds) {
        this.cy
          .nodes()
          .filter((n) => !n.hasClass('column') && !kinds.has(n.data('kind')) && !keep.includes(n.id()))
          .addClass('filtered');
      }
      this.cy.nodes('.filtered').connectedEdges().addClass('filtered');
      // With a type filter, a node left without any visible relationship is noise (the kept ones stay).
      if (types) {
        this.cy
          .nodes()
          .filter(
            (n) => !n.hasClass('column') && !keep.includes(n.id()) && n.connectedEdges().not('.filtered').empty() && n.degree(false) > 0,
          )
          .addClass('filtered');
      }
    });
  }

  highlight(nodeIds: readonly string[] | null, edgeIds: readonly string[] = []) {
    this.cy.batch(() => {
      this.cy.elements().removeClass('hl faded');
      if (!nodeIds) return;
      const nodes = new Set(nodeIds);
      const edges = new Set(edgeIds);
      this.cy.nodes().forEach((n) => {
        if (n.hasClass('column')) return;
        n.addClass(nodes.has(n.id()) ? 'hl' : 'faded');
      });
      this.cy.edges().forEach((e) => {
        e.addClass(edges.has(e.id()) ? 'hl' : 'faded');
      });
    });
  }

  select(id: string | null) {
    this.cy.elements().unselect();
    if (id) this.cy.getElementById(id).select();
  }

  fit() {
    const visible = this.cy.elements().not('.filtered');
    this.cy.fit(visible.nonempty() ? visible : undefined, 40);
  }

  /** Re-evaluates the style functions, e.g. edge labels after a language switch. */
  refreshLabels(columnLabels?: Map<string, string>) {
    if (columnLabels) for (const [id, label] of columnLabels) this.cy.getElementById(id).data('label', label);
    this.cy.style().update();
  }

  counts() {
    const nodes = this.cy.nodes().not('.column');
    return {
      nodes: nodes.not('.filtered').length,
      edges: this.cy.edges().not('.filtered').length,
      hidden: nodes.filter('.filtered').length,
    };
  }

  png(): Blob {
    return this.cy.png({ output: 'blob', bg: '#ffffff', full: true, scale: 2, maxWidth: 4096, maxHeight: 4096 });
  }

  /** The visible view: nodes and relationships with their properties and evidence. */
  json() {
    const visible = this.cy.elements().not('.filtered');
    return {
      nodes: visible
        .nodes()
        .not('.column')
        .map((n) => ({
          slug: n.id(),
          name: n.data('name'),
          kind: n.data('kind'),
          kindLabel: kindText(n.data('kind')),
          aliases: n.data('aliases') ?? [],
        })),
      relationships: visible.edges().map((e) => {
        const { id: _id, ...data } = e.data() as EdgeData;
        return data;
      }),
    };
  }

  /** Centre of a node on the page, for tests and tooltips. */
  screenPosition(id: string) {
    const node = this.cy.getElementById(id);
    if (node.empty()) return null;
    const box = this.cy.container()!.getBoundingClientRect();
    const p = node.renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y };
  }
}
