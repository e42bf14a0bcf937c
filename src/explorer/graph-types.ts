/** What Cytoscape draws, as plain data: shared by the graph view, its style, the layouts and the store. */
import type { Kind } from '../core/ontology.js';
import type { Edge } from './api.js';

export interface NodeData {
  id: string;
  name: string;
  kind: Kind;
  aliases?: string[];
  /** A column of a tiered layout (compound parent). */
  column?: boolean;
  label?: string;
  parent?: string;
}

/** An API edge flattened for Cytoscape: ends by slug, and an id. */
export type EdgeData = Omit<Edge, 'source' | 'target'> & { id: string; source: string; target: string };
