import type { ManagedTransaction } from 'neo4j-driver';
import type { Database } from '../db/database.js';
import type { CompiledGraph } from '../seeds/compile.js';
import { lookupKeys } from '../seeds/normalize.js';
import { KINDS } from '../seeds/schema.js';

/** Evidence is stored on nodes and relationships as `document<TAB>quote` strings (Neo4j has no map properties). */
export const EVIDENCE_SEPARATOR = '\t';
export const encodeEvidence = (e: { document: string; quote: string }) => `${e.document}${EVIDENCE_SEPARATOR}${e.quote}`;

const BATCH = 2_000;

const chunks = <T>(rows: T[]) => Array.from({ length: Math.ceil(rows.length / BATCH) }, (_, i) => rows.slice(i * BATCH, (i + 1) * BATCH));

/** Appends the items of `$new` missing from `current`, keeping order: re-imports change nothing. */
const union = (current: string, incoming: string) =>
  `reduce(acc = coalesce(${current}, []), x IN ${incoming} | CASE WHEN x IN acc THEN acc ELSE acc + x END)`;

export interface ImportCounts {
  documents: number;
  entities: number;
  relations: number;
}

/**
 * Writes a validated graph in one transaction (all or nothing), in UNWIND batches. MERGE on stable
 * ids makes a second run a no-op.
 */
export async function importGraph(
  db: Database,
  graph: CompiledGraph,
  onBatch?: (done: number, total: number) => void,
): Promise<ImportCounts> {
  const total = graph.entities.length + graph.relations.length;
  let done = 0;
  const step = (n: number) => {
    done += n;
    onBatch?.(done, total);
  };
  await db.writeTransaction(async (tx: ManagedTransaction) => {
    done = 0;
    await tx.run(
      `UNWIND $rows AS row MERGE (d:Document {file: row.file})
       SET d.title = coalesce(row.title, d.title), d.publication = coalesce(row.publication, d.publication),
           d.date = coalesce(row.date, d.date)`,
      { rows: graph.documents.map((d) => ({ title: null, publication: null, date: null, ...d })) },
    );
    for (const rows of chunks(graph.entities)) {
      await tx.run(
        `UNWIND $rows AS row
         MERGE (n:Entity {id: row.id})
         WITH n, row, [l IN labels(n) WHERE l IN $kinds AND l <> row.kind] AS stale
         REMOVE n:$(stale)
         SET n:$(row.kind), n += row.props, n.kind = row.kind, n.name = row.name,
             n.description = coalesce(row.description, n.description)
         SET n.aliases = ${union('n.aliases', 'row.aliases')}, n.evidence = ${union('n.evidence', 'row.evidence')}
         SET n.aliasText = reduce(s = '', a IN n.aliases | s + a + ' '),
             n.lookupKeys = ${union('n.lookupKeys', 'row.lookupKeys')}`,
        {
          kinds: KINDS,
          rows: rows.map((e) => ({
            id: e.id,
            kind: e.kind,
            name: e.name,
            description: e.description ?? null,
            props: e.props,
            aliases: e.aliases,
            lookupKeys: lookupKeys(e.name, e.aliases),
            evidence: e.evidence.map(encodeEvidence),
          })),
        },
      );
      step(rows.length);
    }
    for (const rows of chunks(graph.relations)) {
      await tx.run(
        `UNWIND $rows AS row
         MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
         MERGE (a)-[r:$(row.type)]->(b)
         SET r += row.props, r.evidence = ${union('r.evidence', 'row.evidence')}`,
        { rows: rows.map((r) => ({ ...r, evidence: r.evidence.map(encodeEvidence) })) },
      );
      step(rows.length);
    }
  });
  return { documents: graph.documents.length, entities: graph.entities.length, relations: graph.relations.length };
}

/** Which of `ids` already exist: an import may relate its entities to ones already in the graph. */
export async function existingIds(db: Database, ids: string[]): Promise<Set<string>> {
  const rows = await db.read<{ id: string }>('UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id', { ids });
  return new Set(rows.map((r) => r.id));
}
