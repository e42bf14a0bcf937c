import { type ManagedTransaction, Neo4jError } from 'neo4j-driver';
import { encodeEvidence } from '../core/evidence.js';
import type { CompiledEntity, CompiledGraph, CompiledRelation } from '../core/graph.js';
import { encodeInferences } from '../core/inference.js';
import { matchKeys } from '../core/name-forms.js';
import { lookupKeys } from '../core/names.js';
import { documentRow, newEntityRow, type PendingProps, relationRow } from '../core/rows.js';
import { KINDS, RELATION_TYPES, type RelationType } from '../core/schema.js';
import type { Database } from '../db/database.js';
import { recordChange } from './changes.js';

/** Rows per UNWIND statement. */
const BATCH = 2_000;
/** Rows per transaction in batched mode, unless the caller says otherwise. */
export const DEFAULT_TRANSACTION_ROWS = 20_000;

const chunks = <T>(rows: T[], size = BATCH) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** Appends the items of `$new` missing from `current`, keeping order: re-imports change nothing. */
const union = (current: string, incoming: string) =>
  `reduce(acc = coalesce(${current}, []), x IN ${incoming} | CASE WHEN x IN acc THEN acc ELSE acc + x END)`;

// The importer's statements: the only Cypher that writes knowledge, for every mode. Rows that cannot
// be in the graph yet are CREATEd, the others MERGEd; both give a node or relationship the same properties.
// An article accepted through the API also brings its text and the review's verdicts (ArticleReview):
// the keys rejected now are remembered, those accepted now are no longer rejected.
const WRITE_DOCUMENTS = `UNWIND $rows AS row MERGE (d:Document {file: row.file})
   SET d.title = coalesce(row.title, d.title), d.publication = coalesce(row.publication, d.publication),
       d.date = coalesce(row.date, d.date), d.text = coalesce(row.text, d.text)
   WITH d, row WHERE row.rejected IS NOT NULL OR row.accepted IS NOT NULL
   WITH d, coalesce(row.rejected, []) AS rejected, coalesce(row.accepted, []) AS accepted
   SET d.rejected = [k IN coalesce(d.rejected, []) WHERE NOT k IN accepted AND NOT k IN rejected] + rejected`;

const EXISTING_IDS = 'UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id';
/** From the count store: no scan. */
const NO_ENTITIES = 'MATCH (n:Entity) RETURN count(n) = 0 AS empty';

/** Entities not in the graph: every property in one map, so no MERGE lock and no Eager. */
const CREATE_ENTITIES = 'UNWIND $rows AS row CREATE (n:Entity:$(row.kind)) SET n = row.props';

/**
 * Entities in the graph: merged into what is there (kind label, aliases, evidence). A fact the row
 * gives is inferred only if the row infers it and the graph does not already state that value.
 */
const MERGE_ENTITIES = `UNWIND $rows AS row
   MERGE (n:Entity {id: row.id})
   WITH n, row, [l IN labels(n) WHERE l IN $kinds AND l <> row.kind] AS stale,
        [x IN coalesce(n.inferences, []) | head(split(x, '\t'))] AS wasInferred
   WITH n, row, stale,
        [x IN coalesce(n.inferences, []) WHERE NOT head(split(x, '\t')) IN keys(row.props)] +
        [x IN row.inferences WHERE n[head(split(x, '\t'))] IS NULL OR n[head(split(x, '\t'))] <> row.props[head(split(x, '\t'))]
           OR head(split(x, '\t')) IN wasInferred] AS inferences
   REMOVE n:$(stale)
   SET n.inferences = CASE WHEN size(inferences) = 0 THEN null ELSE inferences END
   SET n:$(row.kind), n += row.props, n.kind = row.kind, n.name = row.name,
       n.description = coalesce(row.description, n.description)
   SET n.aliases = ${union('n.aliases', 'row.aliases')}, n.evidence = ${union('n.evidence', 'row.evidence')}
   SET n.aliasText = reduce(s = '', a IN n.aliases | s + a + ' '),
       n.lookupKeys = ${union('n.lookupKeys', 'row.lookupKeys')}, n.matchKeys = ${union('n.matchKeys', 'row.matchKeys')}`;

/**
 * Two statements per relationship type, the type written out (from the validated whitelist): with a
 * dynamic type, `MERGE (a)-[r:$(row.type)]->(b)` planned on a small graph checks for an existing
 * relationship with a scan of all relationships, and that plan stays cached while the graph grows
 * (quadratic: 200 relationships/s at 25 000). A static type is always checked by Expand(Into).
 */
/** A row's two ends, `a` and `b`. */
const ENDS = 'UNWIND $rows AS row MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})';
const relationStatements = (type: RelationType) => ({
  create: `${ENDS} CREATE (a)-[r:${type}]->(b) SET r = row.props, r.evidence = row.evidence`,
  // Stated in the graph or in the row, a relationship is stated.
  merge: `${ENDS} OPTIONAL MATCH (a)-[old:${type}]->(b)
      WITH a, b, row, old IS NOT NULL AND old.inference IS NULL AS stated
      MERGE (a)-[r:${type}]->(b)
      ON CREATE SET r = row.props, r.evidence = row.evidence
      ON MATCH SET r += row.props, r.inference = CASE WHEN stated THEN null ELSE row.props.inference END,
        r.evidence = ${union('r.evidence', 'row.evidence')}`,
});
const WRITE_RELATIONS = Object.fromEntries(RELATION_TYPES.map((type) => [type, relationStatements(type)])) as Record<
  RelationType,
  ReturnType<typeof relationStatements>
>;

/** An entity the graph may already hold, for MERGE_ENTITIES (a new one gets `newEntityRow`). */
const entityRow = (e: CompiledEntity) => ({
  id: e.id,
  kind: e.kind,
  name: e.name,
  description: e.description ?? null,
  props: e.props,
  aliases: e.aliases,
  lookupKeys: lookupKeys(e.name, e.aliases),
  matchKeys: matchKeys(e.name, e.aliases),
  evidence: e.evidence.map(encodeEvidence),
  inferences: encodeInferences(e.inferred),
});

export interface ImportCounts {
  documents: number;
  entities: number;
  relations: number;
}

export interface ImportOptions {
  /**
   * `single` (the default): everything in one transaction, all or nothing.
   * `batched`: for bulk loads too big for one transaction (a million entities do not fit a 1 GB
   * Neo4j heap): documents, then entities (two transactions at once), then relations, committed
   * `batchSize` rows at a time. The input is still validated completely before the first write
   * (compileSeeds), but a failure during the writes (Neo4j down, a constraint) leaves the batches
   * committed before it, and possibly the one beside it, in the graph. Running the same import again
   * completes it: what it finds in the graph it MERGEs.
   */
  transaction?: 'single' | 'batched';
  /** Rows per transaction in batched mode (default 20 000). */
  batchSize?: number;
  /** Each transaction's timeout (default: the database's import timeout; an API write passes its own). */
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}

/** What the change log (changes.ts) records of an entity and a relationship. */
const nodeOf = (e: CompiledEntity) => ({ id: e.id, kind: e.kind });
const edgeOf = (r: CompiledRelation) => ({ from: r.from, type: r.type, to: r.to });

/** Entity transactions in flight at once in batched mode: Neo4j runs one while the next is packed, sent, or committed. */
const IN_FLIGHT = 2;

/**
 * Writes a validated graph (its relations distinct, as compileSeeds makes them), in UNWIND
 * batches. An entity not in the graph is CREATEd, and so is a relationship with an end this import
 * created; everything else is MERGEd on stable ids: a second run changes nothing. The third argument
 * may be the progress callback alone (all or nothing, as before).
 */
export async function importGraph(
  db: Database,
  graph: CompiledGraph,
  options: ImportOptions | ImportOptions['onProgress'] = {},
): Promise<ImportCounts> {
  const {
    transaction = 'single',
    batchSize = DEFAULT_TRANSACTION_ROWS,
    timeoutMs = db.timeouts.importMs,
    onProgress,
  } = typeof options === 'function' ? { onProgress: options } : options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, not ${batchSize}`);
  for (const { type } of graph.relations) if (!(type in WRITE_RELATIONS)) throw new Error(`unknown relationship type ${type}`);
  const total = graph.entities.length + graph.relations.length;
  let done = 0;
  const step = (n: number) => {
    done += n;
    onProgress?.(done, total);
  };
  const writeDocuments = (tx: ManagedTransaction, rows: CompiledGraph['documents']) =>
    tx.run(WRITE_DOCUMENTS, { rows: rows.map(documentRow) });
  // The statements of one transaction are sent without waiting for each other's results: the
  // driver queues them on the connection, so packing the next chunk overlaps Neo4j running this one.
  /**
   * Which ids exist is read in the transaction that writes them, so a retried transaction decides
   * afresh; the ids it CREATEs are added to `created` (an id met twice is MERGEd the second time).
   * Into a graph that held no entity when the import began, a first attempt CREATEs without reading
   * (a tenth of Neo4j's work on an entity): should anyone have created one of the ids meanwhile, the
   * unique constraint fails the transaction, and its second run reads.
   */
  const writeEntities = async (tx: ManagedTransaction, rows: CompiledEntity[], created: Set<string>, read: boolean) => {
    const found = read ? (await tx.run<{ id: string }>(EXISTING_IDS, { ids: rows.map((e) => e.id) })).records : [];
    const existing = new Set(found.map((r) => r.get('id')));
    const fresh: CompiledEntity[] = [];
    const known: CompiledEntity[] = [];
    for (const e of rows) {
      if (existing.has(e.id) || created.has(e.id)) known.push(e);
      else {
        fresh.push(e);
        created.add(e.id);
      }
    }
    await Promise.all([
      ...chunks(fresh).map((part) => tx.run(CREATE_ENTITIES, { rows: part.map(newEntityRow) })),
      ...chunks(known).map((part) => tx.run(MERGE_ENTITIES, { kinds: KINDS, rows: part.map(entityRow) })),
    ]);
  };
  const writeRelations = async (tx: ManagedTransaction, rows: CompiledRelation[], how: 'create' | 'merge') => {
    const byType = new Map<RelationType, CompiledRelation[]>();
    for (const row of rows) byType.get(row.type)?.push(row) ?? byType.set(row.type, [row]);
    await Promise.all(
      [...byType].flatMap(([type, typed]) =>
        chunks(typed).map((part) => tx.run(WRITE_RELATIONS[type][how], { rows: part.map(relationRow) })),
      ),
    );
  };
  /**
   * The relations in batches of `size`: first those with an end this import created, which cannot be
   * in the graph yet (the import's relations are distinct) and are CREATEd, unless another client
   * wrote that very relationship to the new node meanwhile (then it is there twice); then the others,
   * MERGEd.
   */
  function* relationBatches(created: Set<string>, size: number) {
    const fresh: CompiledRelation[] = [];
    const others: CompiledRelation[] = [];
    for (const r of graph.relations) (created.has(r.from) || created.has(r.to) ? fresh : others).push(r);
    for (const rows of chunks(fresh, size)) yield ['create', rows] as const;
    for (const rows of chunks(others, size)) yield ['merge', rows] as const;
  }

  const noEntities = async (tx: ManagedTransaction) => (await tx.run<{ empty: boolean }>(NO_ENTITIES)).records[0]?.get('empty') === true;

  if (transaction === 'single') {
    let attempts = 0;
    await writeCreating(db, timeoutMs, async (tx: ManagedTransaction) => {
      done = 0;
      const read = attempts++ > 0 || !(await noEntities(tx));
      await writeDocuments(tx, graph.documents);
      const created = new Set<string>();
      for (const rows of chunks(graph.entities, batchSize)) {
        await writeEntities(tx, rows, created, read);
        step(rows.length);
      }
      // Nobody else sees this transaction's nodes: a relationship to one of them is certainly new.
      for (const [how, rows] of relationBatches(created, BATCH)) {
        await writeRelations(tx, rows, how);
        step(rows.length);
      }
      await recordChange(tx, { nodes: graph.entities.map(nodeOf), added: graph.relations.map(edgeOf), removed: [] });
    });
    return { documents: graph.documents.length, entities: graph.entities.length, relations: graph.relations.length };
  }

  // Every batch is its own transaction; a retried one (transient error) rewrites the same rows.
  for (const rows of chunks(graph.documents, batchSize)) await db.writeTransaction((tx) => writeDocuments(tx, rows), timeoutMs);
  // Entity batches hold disjoint ids, so two at once never wait on each other's locks. Only a
  // committed transaction's creations count: a retried one may find its own nodes and MERGE them.
  const created = new Set<string>();
  const empty = await db.writeTransaction(noEntities, timeoutMs);
  await inFlight(chunks(graph.entities, batchSize), IN_FLIGHT, async (rows) => {
    let attempt = new Set<string>();
    let attempts = 0;
    await writeCreating(db, timeoutMs, async (tx) => {
      attempt = new Set();
      await writeEntities(tx, rows, attempt, attempts++ > 0 || !empty);
      await recordChange(tx, { nodes: rows.map(nodeOf), added: [], removed: [] });
    });
    for (const id of attempt) created.add(id);
    step(rows.length);
  });
  // Relationship batches go one at a time: two at once share nodes (every Industry and Region is a
  // hub), so MERGEs could deadlock, and even CREATEs, which lock only at commit and in node order,
  // cost more than they gain (measured: 4x the GC, in Neo4j, for no time saved). A retried CREATE
  // transaction may have committed before its connection failed: the retry MERGEs.
  for (const [how, rows] of relationBatches(created, batchSize)) {
    let attempts = 0;
    await db.writeTransaction(async (tx) => {
      await writeRelations(tx, rows, attempts++ === 0 ? how : 'merge');
      await recordChange(tx, { nodes: [], added: rows.map(edgeOf), removed: [] });
    }, timeoutMs);
    step(rows.length);
  }
  return { documents: graph.documents.length, entities: graph.entities.length, relations: graph.relations.length };
}

/**
 * A transaction that CREATEs entities, run once more if one of them was created by someone else
 * since the transaction read which ids exist: the unique constraint refuses the duplicate, and the
 * second run MERGEs that entity.
 */
async function writeCreating(db: Database, timeoutMs: number, work: (tx: ManagedTransaction) => Promise<void>) {
  try {
    await db.writeTransaction(work, timeoutMs);
  } catch (error) {
    if (!(error instanceof Neo4jError && error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed')) throw error;
    await db.writeTransaction(work, timeoutMs);
  }
}

/** Runs `run` over `items`, `width` at a time, in order; after a failure starts no more, and throws it once all have settled. */
async function inFlight<T>(items: T[], width: number, run: (item: T) => Promise<void>) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      await run(item).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(width, items.length) }, worker));
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Whether the graph holds no entity (the service seeds such a graph on its first start). */
export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await db.read<{ empty: boolean }>(NO_ENTITIES);
  return row?.empty === true;
}

/** Which of `ids` already exist: an import may relate its entities to ones already in the graph. */
export async function existingIds(db: Database, ids: string[]): Promise<Set<string>> {
  const rows = await db.read<{ id: string }>(EXISTING_IDS, { ids });
  return new Set(rows.map((r) => r.id));
}

/** Rows per transaction of `setListProperties`. */
const LIST_BATCH = 10_000;

/**
 * The list properties a bulk load could not write (neo4j-admin reads an empty list as no property),
 * set on the nodes and relationships it created.
 */
export async function setListProperties(db: Database, pending: PendingProps) {
  const match = { Entity: '(n:Entity {id: row.id})', Document: '(n:Document {file: row.id})' } as const;
  for (const idSpace of ['Entity', 'Document'] as const) {
    const rows = pending.nodes.filter((n) => n.idSpace === idSpace).map(({ id, props }) => ({ id, props }));
    for (const part of chunks(rows, LIST_BATCH)) {
      await db.writeTransaction((tx) => tx.run(`UNWIND $rows AS row MATCH ${match[idSpace]} SET n += row.props`, { rows: part }));
    }
  }
  for (const type of RELATION_TYPES) {
    const rows = pending.relations.filter((r) => r.type === type).map(({ from, to, props }) => ({ from, to, props }));
    for (const part of chunks(rows, LIST_BATCH)) {
      await db.writeTransaction((tx) => tx.run(`${ENDS} MATCH (a)-[r:${type}]->(b) SET r += row.props`, { rows: part }));
    }
  }
}
