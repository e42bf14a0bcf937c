/**
 * How the graph looks: colour and shape by kind, edge colour and label by relationship type; an
 * inferred relationship (one resting on a reading, not a plain statement) dashed, its label marked.
 */
import type cytoscape from 'cytoscape';
import type { EdgeData } from './graph-types.js';
import { type Kind, money, t, typeText } from './i18n.js';

export const KIND_STYLE: Record<Kind, { color: string; shape: cytoscape.Css.NodeShape }> = {
  Company: { color: '#2563eb', shape: 'round-rectangle' },
  Fund: { color: '#d97706', shape: 'diamond' },
  Park: { color: '#16a34a', shape: 'hexagon' },
  University: { color: '#7c3aed', shape: 'round-triangle' },
  ResearchInstitute: { color: '#0891b2', shape: 'round-pentagon' },
  GovernmentAgency: { color: '#dc2626', shape: 'rectangle' },
  Region: { color: '#64748b', shape: 'ellipse' },
  Person: { color: '#db2777', shape: 'ellipse' },
  Product: { color: '#0d9488', shape: 'round-tag' },
  Industry: { color: '#65a30d', shape: 'star' },
};

function edgeLabel(data: EdgeData): string {
  const parts = [typeText(data.type)];
  if (typeof data.amountCny === 'number') parts.push(money(data.amountCny));
  if (data.round) parts.push(data.round);
  if (data.inference) parts.push(t('inferred'));
  return parts.join(' · ');
}

const FONT =
  'system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

export const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(name)',
      'font-family': FONT,
      'font-size': 11,
      color: '#1e293b',
      'text-valign': 'bottom',
      'text-halign': 'center',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': '110px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
      'text-background-padding': '1px',
      width: 26,
      height: 26,
      'border-width': 2,
      'border-color': '#ffffff',
      'overlay-padding': 4,
    },
  },
  ...Object.entries(KIND_STYLE).map(([kind, { color, shape }]) => ({
    selector: `node[kind = "${kind}"]`,
    style: { 'background-color': color, shape },
  })),
  { selector: 'node[kind = "Person"]', style: { width: 18, height: 18 } },
  { selector: 'node[kind = "Region"], node[kind = "Industry"]', style: { width: 22, height: 22, 'background-opacity': 0.75 } },
  {
    selector: 'node.root',
    style: { width: 40, height: 40, 'border-width': 4, 'border-color': '#fbbf24', 'font-size': 13, 'font-weight': 'bold' },
  },
  {
    selector: 'node:selected',
    style: { 'border-width': 4, 'border-color': '#f97316', 'overlay-color': '#f97316', 'overlay-opacity': 0.12 },
  },
  {
    selector: 'node.column',
    style: {
      label: 'data(label)',
      shape: 'round-rectangle',
      'background-color': '#f1f5f9',
      'background-opacity': 1,
      'border-width': 1,
      'border-color': '#cbd5e1',
      'border-style': 'dashed',
      'text-valign': 'top',
      'text-halign': 'center',
      'text-margin-y': -6,
      'font-size': 12,
      'font-weight': 'bold',
      color: '#334155',
      'text-background-opacity': 0,
      padding: '18px',
    },
  },
  {
    selector: 'edge',
    style: {
      label: (ele: cytoscape.EdgeSingular) => edgeLabel(ele.data() as EdgeData),
      'font-family': FONT,
      'font-size': 9,
      color: '#475569',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      width: 1.5,
      'line-color': '#94a3b8',
      'target-arrow-color': '#94a3b8',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8,
      'curve-style': 'bezier',
    },
  },
  { selector: 'edge[type = "PARTNERS_WITH"]', style: { 'target-arrow-shape': 'none', 'line-color': '#7c3aed' } },
  {
    selector: 'edge[type = "INVESTS_IN"]',
    style: { 'line-color': '#d97706', 'target-arrow-color': '#d97706', width: 2.5, color: '#92400e' },
  },
  { selector: 'edge[type = "LOCATED_IN"]', style: { 'line-color': '#16a34a', 'target-arrow-color': '#16a34a' } },
  { selector: 'edge[type = "PRODUCES"], edge[type = "SUPPLIES"]', style: { 'line-color': '#0d9488', 'target-arrow-color': '#0d9488' } },
  { selector: 'edge[?inference]', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
  { selector: 'edge:selected', style: { width: 4, 'line-color': '#f97316', 'target-arrow-color': '#f97316' } },
  { selector: '.filtered', style: { display: 'none' } },
  { selector: '.faded', style: { opacity: 0.15 } },
  { selector: 'node.hl', style: { 'border-color': '#f97316', 'border-width': 4 } },
  { selector: 'edge.hl', style: { width: 4, 'line-color': '#f97316', 'target-arrow-color': '#f97316', color: '#9a3412', 'font-size': 10 } },
];
