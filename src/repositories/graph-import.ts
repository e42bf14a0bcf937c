import type { ManagedTransaction } from 'neo4j-driver';
import type { Database } from '../db/database.js';
import type { CompiledEntity, CompiledGraph, CompiledRelation } from '../seeds/compile.js';
import { lookupKeys } from '../seeds/normalize.js';
import { KINDS, RELATION_TYPES, type RelationType } from '../seeds/schema.js';

/** Evidence is stored on nodes and relationships as `document<TAB>quote` strings (Neo4j has no map properties). */
export const EVIDENCE_SEPARATOR = '\t';
export const encodeEvidence = (e: { document: string; quote: string }) => `${e.document}${EVIDENCE_SEPARATOR}${e.quote}`;

/** Rows per UNWIND statement. */
const BATCH = 2_000;
/** Rows per transaction in batched mode, unless the caller says otherwise. */
export const DEFAULT_TRANSACTION_ROWS = 20_000;

const chunks = <T>(rows: T[], size = BATCH) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** Appends the items of `$new` missing from `current`, keeping order: re-imports change nothing. */
const union = (current: string, incoming: string) =>
  `reduce(acc = coalesce(${current}, []), x IN ${incoming} | CASE WHEN x IN acc THEN acc ELSE acc + x END)`;

// The importer's three statements: the only Cypher that writes knowledge, for every mode.
const WRITE_DOCUMENTS = `UNWIND $rows AS row MERGE (d:Document {file: row.file})
   SET d.title = coalesce(row.title, d.title), d.publication = coalesce(row.publication, d.publication),
       d.date = coalesce(row.date, d.date)`;

const WRITE_ENTITIES = `UNWIND $rows AS row
   MERGE (n:Entity {id: row.id})
   WITH n, row, [l IN labels(n) WHERE l IN $kinds AND l <> row.kind] AS stale
   REMOVE n:$(stale)
   SET n:$(row.kind), n += row.props, n.kind = row.kind, n.name = row.name,
       n.description = coalesce(row.description, n.description)
   SET n.aliases = ${union('n.aliases', 'row.aliases')}, n.evidence = ${union('n.evidence', 'row.evidence')}
   SET n.aliasText = reduce(s = '', a IN n.aliases | s + a + ' '),
       n.lookupKeys = ${union('n.lookupKeys', 'row.lookupKeys')}`;

/**
 * One statement per relationship type, the type written out (from the validated whitelist): with a
 * dynamic type, `MERGE (a)-[r:$(row.type)]->(b)` planned on a small graph checks for an existing
 * relationship with a scan of all relationships, and that plan stays cached while the graph grows
 * (quadratic: 200 relationships/s at 25 000). A static type is always checked by Expand(Into).
 */
const WRITE_RELATIONS = Object.fromEntries(
  RELATION_TYPES.map((type) => [
    type,
    `UNWIND $rows AS row
     MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
     MERGE (a)-[r:${type}]->(b)
     SET r += row.props, r.evidence = ${union('r.evidence', 'row.evidence')}`,
  ]),
) as Record<RelationType, string>;

const documentRow = (d: CompiledGraph['documents'][number]) => ({ title: null, publication: null, date: null, ...d });
const entityRow = (e: CompiledEntity) => ({
  id: e.id,
  kind: e.kind,
  name: e.name,
  description: e.description ?? null,
  props: e.props,
  aliases: e.aliases,
  lookupKeys: lookupKeys(e.name, e.aliases),
  evidence: e.evidence.map(encodeEvidence),
});
const relationRow = (r: CompiledRelation) => ({ from: r.from, to: r.to, props: r.props, evidence: r.evidence.map(encodeEvidence) });

export interface ImportCounts {
  documents: number;
  entities: number;
  relations: number;
}

export interface ImportOptions {
  /**
   * `single` (the default): everything in one transaction, all or nothing.
   * `batched`: for bulk loads too big for one transaction (a million entities do not fit a 1 GB
   * Neo4j heap): documents, then entities, then relations, committed `batchSize` rows at a time.
   * The input is still validated completely before the first write (compileSeeds), but a failure
   * during the writes (Neo4j down, a constraint) leaves the batches committed before it in the
   * graph. Every statement MERGEs on stable ids, so running the same import again completes it.
   */
  transaction?: 'single' | 'batched';
  /** Rows per transaction in batched mode (default 20 000). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Writes a validated graph, in UNWIND batches. MERGE on stable ids makes a second run a no-op. The
 * third argument may be the progress callback alone (all or nothing, as before).
 */
export async function importGraph(
  db: Database,
  graph: CompiledGraph,
  options: ImportOptions | ImportOptions['onProgress'] = {},
): Promise<ImportCounts> {
  const {
    transaction = 'single',
    batchSize = DEFAULT_TRANSACTION_ROWS,
    onProgress,
  } = typeof options === 'function' ? { onProgress: options } : options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, not ${batchSize}`);
  const total = graph.entities.length + graph.relations.length;
  let done = 0;
  const step = (n: number) => {
    done += n;
    onProgress?.(done, total);
  };
  const writeDocuments = (tx: ManagedTransaction, rows: CompiledGraph['documents']) =>
    tx.run(WRITE_DOCUMENTS, { rows: rows.map(documentRow) });
  // The statements of one transaction are sent without waiting for each other's results: the
  // driver queues them on the connection, so packing the next batch overlaps Neo4j running this one.
  const writeEntities = async (tx: ManagedTransaction, rows: CompiledEntity[]) => {
    await Promise.all(chunks(rows).map((part) => tx.run(WRITE_ENTITIES, { kinds: KINDS, rows: part.map(entityRow) })));
  };
  const writeRelations = async (tx: ManagedTransaction, rows: CompiledRelation[]) => {
    const byType = new Map<RelationType, CompiledRelation[]>();
    for (const row of rows) {
      if (!(row.type in WRITE_RELATIONS)) throw new Error(`unknown relationship type ${row.type}`);
      byType.get(row.type)?.push(row) ?? byType.set(row.type, [row]);
    }
    await Promise.all(
      [...byType].flatMap(([type, typed]) => chunks(typed).map((part) => tx.run(WRITE_RELATIONS[type], { rows: part.map(relationRow) }))),
    );
  };

  if (transaction === 'single') {
    await db.writeTransaction(async (tx: ManagedTransaction) => {
      done = 0;
      await writeDocuments(tx, graph.documents);
      for (const rows of chunks(graph.entities)) {
        await writeEntities(tx, rows);
        step(rows.length);
      }
      for (const rows of chunks(graph.relations)) {
        await writeRelations(tx, rows);
        step(rows.length);
      }
    });
  } else {
    // Every batch is its own transaction; a retried one (transient error) rewrites the same rows.
    for (const rows of chunks(graph.documents, batchSize)) await db.writeTransaction((tx) => writeDocuments(tx, rows));
    for (const rows of chunks(graph.entities, batchSize)) {
      await db.writeTransaction((tx) => writeEntities(tx, rows));
      step(rows.length);
    }
    for (const rows of chunks(graph.relations, batchSize)) {
      await db.writeTransaction((tx) => writeRelations(tx, rows));
      step(rows.length);
    }
  }
  return { documents: graph.documents.length, entities: graph.entities.length, relations: graph.relations.length };
}

/** Which of `ids` already exist: an import may relate its entities to ones already in the graph. */
export async function existingIds(db: Database, ids: string[]): Promise<Set<string>> {
  const rows = await db.read<{ id: string }>('UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id', { ids });
  return new Set(rows.map((r) => r.id));
}
