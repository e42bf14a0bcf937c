import type { CompiledGraph } from '../core/graph.js';
import type { SeedFile } from '../core/schema.js';

export type ExportFormat = 'json' | 'csv' | 'graphml';

/**
 * Splits the graph back into one seed file per document, the loader's own format, so that
 * export → import changes nothing. Description and props go with the first document that
 * evidences the record; aliases with every one (the loader unions them).
 */
export function toSeedFiles(graph: CompiledGraph): SeedFile[] {
  const files = new Map<string, SeedFile>(graph.documents.map((document) => [document.file, { document, entities: [], relations: [] }]));
  const fileOf = (document: string) => {
    let file = files.get(document);
    if (!file) {
      file = { document: { file: document }, entities: [], relations: [] };
      files.set(document, file);
    }
    return file;
  };
  for (const entity of graph.entities) {
    const documents = [...new Set(entity.evidence.map((e) => e.document))];
    documents.forEach((document, i) => {
      fileOf(document).entities.push({
        id: entity.id,
        kind: entity.kind,
        name: entity.name,
        aliases: entity.aliases,
        ...(i === 0 && entity.description ? { description: entity.description } : {}),
        props: i === 0 ? entity.props : {},
        evidence: entity.evidence.filter((e) => e.document === document).map(({ quote }) => ({ quote })),
      });
    });
  }
  for (const relation of graph.relations) {
    const documents = [...new Set(relation.evidence.map((e) => e.document))];
    documents.forEach((document, i) => {
      fileOf(document).relations.push({
        type: relation.type,
        from: relation.from,
        to: relation.to,
        props: i === 0 ? relation.props : {},
        evidence: relation.evidence.filter((e) => e.document === document).map(({ quote }) => ({ quote })),
      });
    });
  }
  return [...files.values()];
}

/** neo4j-admin's CSV: arrays joined by `;`, cells with a comma, quote or line break quoted. */
const csvCell = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  const text = Array.isArray(value) ? value.join(';') : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const csv = (header: string[], rows: unknown[][]) => `${[header.join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\n')}\n`;

/** Two files in the shape `neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv` reads. */
export function toCsv(graph: CompiledGraph): { 'nodes.csv': string; 'relationships.csv': string } {
  const entityProps = [...new Set(graph.entities.flatMap((e) => Object.keys(e.props)))].sort();
  const relationProps = [...new Set(graph.relations.flatMap((r) => Object.keys(r.props)))].sort();
  const typed = (key: string, sample: unknown) =>
    typeof sample === 'number' ? `${key}:${Number.isInteger(sample) ? 'long' : 'double'}` : key;
  const sampleOf = <T extends { props: Record<string, unknown> }>(rows: T[], key: string) =>
    rows.find((r) => r.props[key] !== undefined)?.props[key];
  return {
    'nodes.csv': csv(
      [
        'id:ID',
        ':LABEL',
        'kind',
        'name',
        'aliases:string[]',
        'description',
        ...entityProps.map((k) => typed(k, sampleOf(graph.entities, k))),
        'evidence:string[]',
      ],
      graph.entities.map((e) => [
        e.id,
        `Entity;${e.kind}`,
        e.kind,
        e.name,
        e.aliases,
        e.description,
        ...entityProps.map((k) => (e.props as Record<string, unknown>)[k]),
        e.evidence.map((x) => `${x.document}|${x.quote}`),
      ]),
    ),
    'relationships.csv': csv(
      [':START_ID', ':END_ID', ':TYPE', ...relationProps.map((k) => typed(k, sampleOf(graph.relations, k))), 'evidence:string[]'],
      graph.relations.map((r) => [
        r.from,
        r.to,
        r.type,
        ...relationProps.map((k) => (r.props as Record<string, unknown>)[k]),
        r.evidence.map((x) => `${x.document}|${x.quote}`),
      ]),
    ),
  };
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** GraphML for Gephi and yEd: every property a `<data>` element, lists joined with ` | `. */
export function toGraphml(graph: CompiledGraph): string {
  const nodeKeys = ['kind', 'name', 'aliases', 'description', ...new Set(graph.entities.flatMap((e) => Object.keys(e.props))), 'evidence'];
  const edgeKeys = ['type', ...new Set(graph.relations.flatMap((r) => Object.keys(r.props))), 'evidence'];
  const value = (v: unknown) => (Array.isArray(v) ? v.join(' | ') : String(v));
  const data = (values: Record<string, unknown>, keys: string[], prefix: string) =>
    keys
      .filter((k) => values[k] !== undefined && values[k] !== null && !(Array.isArray(values[k]) && values[k].length === 0))
      .map((k) => `<data key="${prefix}_${xml(k)}">${xml(value(values[k]))}</data>`)
      .join('');
  const evidence = (list: { document: string; quote: string }[]) => list.map((x) => `${x.document}: ${x.quote}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...nodeKeys.map((k) => `<key id="n_${xml(k)}" for="node" attr.name="${xml(k)}" attr.type="string"/>`),
    ...edgeKeys.map((k) => `<key id="e_${xml(k)}" for="edge" attr.name="${xml(k)}" attr.type="string"/>`),
    '<graph id="kg" edgedefault="directed">',
    ...graph.entities.map(
      (e) =>
        `<node id="${xml(e.id)}">${data({ kind: e.kind, name: e.name, aliases: e.aliases, description: e.description, ...e.props, evidence: evidence(e.evidence) }, nodeKeys, 'n')}</node>`,
    ),
    ...graph.relations.map(
      (r, i) =>
        `<edge id="e${i}" source="${xml(r.from)}" target="${xml(r.to)}">${data({ type: r.type, ...r.props, evidence: evidence(r.evidence) }, edgeKeys, 'e')}</edge>`,
    ),
    '</graph>',
    '</graphml>',
    '',
  ].join('\n');
}
