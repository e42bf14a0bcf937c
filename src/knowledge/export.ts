import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CompiledGraph } from '../core/graph.js';
import { documentRow, newEntityRow, relationRow } from '../core/rows.js';
import type { SeedFile } from '../core/schema.js';
import { importArguments } from './bulk/admin.js';
import { writeCsv } from './bulk/csv.js';

export type ExportFormat = 'json' | 'csv' | 'graphml';

/**
 * Splits the graph back into one seed file per document, the loader's own format, so that
 * export → import changes nothing. Description, props and the props' inferences go with the first
 * document that evidences the record; aliases, and a relation's inference, with every one (the
 * loader unions aliases, and takes a relation stated in any file as stated).
 */
export function toSeedFiles(graph: CompiledGraph, inCorpus: (file: string) => boolean = () => true): SeedFile[] {
  // A document not in the corpus (evidence written through the API) is marked, so that its quotes
  // are imported unchecked instead of refused.
  const mark = (document: SeedFile['document']) => (inCorpus(document.file) ? document : { ...document, unverified: true as const });
  const files = new Map<string, SeedFile>(
    graph.documents.map((document) => [document.file, { document: mark(document), entities: [], relations: [] }]),
  );
  const fileOf = (document: string) => {
    let file = files.get(document);
    if (!file) {
      file = { document: mark({ file: document }), entities: [], relations: [] };
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
        ...(i === 0 && entity.inferred && Object.keys(entity.inferred).length > 0 ? { inferred: entity.inferred } : {}),
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
        // In every document's record: a record without it would state the relation.
        ...(relation.inferred !== undefined ? { inferred: relation.inferred } : {}),
        evidence: relation.evidence.filter((e) => e.document === document).map(({ quote }) => ({ quote })),
      });
    });
  }
  return [...files.values()];
}

/** The neo4j-admin arguments file `exportCsv` writes next to the CSV files (`neo4j-admin … @<dir>/import.args`). */
export const CSV_ARGUMENTS_FILE = 'import.args';
/** The Cypher to run once the imported database is started: the empty lists CSV cannot hold. */
export const CSV_AFTER_IMPORT_FILE = 'after-import.cypher';

const cypherString = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/**
 * The graph as the files `kg import --bulk` builds its store from (./bulk/csv.ts: one file per label
 * set or type and property signature, typed headers, the stored properties — evidence as
 * `document<TAB>quote`, lookupKeys, aliasText — and the Document nodes), written into `dir` with the
 * neo4j-admin arguments that read them (`import.args`: array delimiter U+001F, multiline fields) and
 * the statements that set the empty lists afterwards. Returns the files written.
 */
export async function exportCsv(graph: CompiledGraph, dir: string): Promise<string[]> {
  const files = writeCsv(graph, resolve(dir));
  // Every argument after the database name, one per line (picocli's @-file: quoted, so paths may hold spaces).
  const args = importArguments('', 'neo4j', files, '')
    .slice(7)
    .filter((a) => !/^--(overwrite-destination|report-file)=/.test(a));
  await writeFile(join(dir, CSV_ARGUMENTS_FILE), `${args.map((a) => JSON.stringify(a)).join('\n')}\n`);
  const set = (props: Record<string, string[]>) =>
    Object.entries(props)
      .map(([key, list]) => `n.${key} = [${list.map(cypherString).join(', ')}]`)
      .join(', ');
  const statements = [
    ...files.pending.nodes.map(
      (n) => `MATCH (n:${n.idSpace} {${n.idSpace === 'Entity' ? 'id' : 'file'}: ${cypherString(n.id)}}) SET ${set(n.props)};`,
    ),
    ...files.pending.relations.map(
      (r) => `MATCH (:Entity {id: ${cypherString(r.from)}})-[n:${r.type}]->(:Entity {id: ${cypherString(r.to)}}) SET ${set(r.props)};`,
    ),
  ];
  await writeFile(join(dir, CSV_AFTER_IMPORT_FILE), statements.map((s) => `${s}\n`).join(''));
  return [...files.arguments.map((a) => a.slice(a.lastIndexOf('=') + 1)), join(dir, CSV_ARGUMENTS_FILE), join(dir, CSV_AFTER_IMPORT_FILE)];
}

const xml = (s: string) => s.replace(/[<>&"'\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);

type KeyType = 'string' | 'double' | 'boolean' | 'list';

/** A key's GraphML type: lists are strings holding a JSON array (the key's `<desc>` says so). */
const keyType = (value: unknown): KeyType =>
  Array.isArray(value) ? 'list' : typeof value === 'number' ? 'double' : typeof value === 'boolean' ? 'boolean' : 'string';

/** GraphML marker, in a list key's `<desc>`, of a value that is a JSON array of strings. */
export const GRAPHML_LIST = 'JSON array of strings';

/**
 * GraphML for Gephi and yEd, and faithful: every Entity and Document node with exactly the
 * properties Neo4j stores (evidence as `document<TAB>quote`, lookupKeys, aliasText), its labels in
 * `labels`, every relationship with its type and properties. Numbers are `double` keys, lists JSON
 * arrays in keys whose `<desc>` is "JSON array of strings". Document nodes' ids are `document:<file>`.
 */
export function toGraphml(graph: CompiledGraph): string {
  const nodes: { id: string; props: Record<string, unknown> }[] = [
    ...graph.documents.map((d) => ({ id: `document:${d.file}`, props: { labels: ['Document'], ...documentRow(d) } })),
    ...graph.entities.map((e) => {
      const { kind, props } = newEntityRow(e);
      return { id: e.id, props: { labels: ['Entity', kind], ...props } };
    }),
  ];
  const edges = graph.relations.map((r) => {
    const { from, to, props, evidence } = relationRow(r);
    return { from, to, props: { type: r.type, ...props, evidence } as Record<string, unknown> };
  });
  const keys = (records: { props: Record<string, unknown> }[], prefix: string) => {
    const found = new Map<string, KeyType>();
    for (const { props } of records)
      for (const [k, v] of Object.entries(props)) if (v !== null && v !== undefined && !found.has(k)) found.set(k, keyType(v));
    return [...found].map(([name, type]) => ({ id: `${prefix}_${name}`, name, type }));
  };
  const nodeKeys = keys(nodes, 'n');
  const edgeKeys = keys(edges, 'e');
  const value = (v: unknown) => (Array.isArray(v) ? JSON.stringify(v) : String(v));
  const data = (props: Record<string, unknown>, prefix: string) =>
    Object.entries(props)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `<data key="${xml(`${prefix}_${k}`)}">${xml(value(v))}</data>`)
      .join('');
  const key = (k: { id: string; name: string; type: KeyType }, target: string) =>
    k.type === 'list'
      ? `<key id="${xml(k.id)}" for="${target}" attr.name="${xml(k.name)}" attr.type="string"><desc>${GRAPHML_LIST}</desc></key>`
      : `<key id="${xml(k.id)}" for="${target}" attr.name="${xml(k.name)}" attr.type="${k.type}"/>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...nodeKeys.map((k) => key(k, 'node')),
    ...edgeKeys.map((k) => key(k, 'edge')),
    '<graph id="kg" edgedefault="directed">',
    ...nodes.map((n) => `<node id="${xml(n.id)}">${data(n.props, 'n')}</node>`),
    ...edges.map((e, i) => `<edge id="e${i}" source="${xml(e.from)}" target="${xml(e.to)}">${data(e.props, 'e')}</edge>`),
    '</graph>',
    '</graphml>',
    '',
  ].join('\n');
}
