import { encodeEvidence } from '../core/evidence.js';
import type { CompiledEntity, CompiledRelation } from '../core/graph.js';
import { matchKeys } from '../core/name-forms.js';
import { lookupKeys } from '../core/names.js';
import { ENTITY_TEXT_LIMITS, type Kind, RELATION_TYPES, type RelationType } from '../core/schema.js';
import type { Database } from '../db/database.js';
import { recordChange } from './changes.js';
import { type EntityRecord, projectRelation, type RelationRecord, type RelationRow, toEntity, toRelation } from './records.js';

/*
 * The API's writes. Each checks what it depends on and writes in one transaction, after taking the
 * locks that make the check hold until commit: concurrent requests give what one serial order would.
 * Every transaction is idempotent (MERGE, list unions), so the driver may rerun it after a deadlock.
 * The properties written are the importer's (src/repositories/graph-write.ts), for one row.
 */

/** Appends the items of `incoming` missing from `current`, keeping order: a repeated write changes nothing. */
const union = (current: string, incoming: string) =>
  `reduce(acc = coalesce(${current}, []), x IN ${incoming} | CASE WHEN x IN acc THEN acc ELSE acc + x END)`;

/** An API document has no title, publication or date, so the importer's coalescing SET would change nothing. */
const WRITE_DOCUMENTS = 'UNWIND $files AS file MERGE (:Document {file: file})';
/** Sorted: two transactions creating the same documents take their locks in one order. */
const filesOf = (evidence: { document: string }[]) => [...new Set(evidence.map((e) => e.document))].sort();

/**
 * MERGE on the unique id locks it: of two creators, the second waits for the first to commit and then
 * matches its node. ON MATCH takes the node's write lock (setting a property does, even to its value)
 * before the kind, name and aliases are read, so that nobody changes them until this transaction ends.
 * The entity is written only if it is of the kind asked for: an entity's kind never changes.
 */
const UPSERT_ENTITY = `MERGE (n:Entity {id: $id})
  ON CREATE SET n:$($kind), n.kind = $kind
  ON MATCH SET n.kind = n.kind
WITH n, n.kind AS kind, [x IN [n.name] + coalesce(n.aliases, []) WHERE x IS NOT NULL] AS before
CALL (n, kind) {
  WITH n WHERE kind = $kind
  // A fact written through the API carries its evidence: it is stated, whatever a seed inferred.
  WITH n, [x IN coalesce(n.inferences, []) WHERE NOT head(split(x, '\t')) IN keys($props)] AS inferences
  SET n.inferences = CASE WHEN size(inferences) = 0 THEN null ELSE inferences END
  SET n += $props, n.name = $name, n.description = coalesce($description, n.description),
      n.aliases = ${union('n.aliases', '$aliases')}, n.evidence = ${union('n.evidence', '$evidence')},
      n.lookupKeys = ${union('n.lookupKeys', '$lookupKeys')}, n.matchKeys = ${union('n.matchKeys', '$matchKeys')}
  SET n.aliasText = reduce(s = '', a IN n.aliases | s + a + ' ')
}
RETURN kind, before, properties(n) AS node`;

export type EntityRefusal = { refused: 'kind'; kind: Kind } | { refused: 'lookupKeyBytes' };

/** Thrown inside the transaction to roll it back; never leaves this module. */
class Refused extends Error {
  constructor(readonly refusal: EntityRefusal) {
    super(refusal.refused);
  }
}

/** The look-up keys the entity will hold (an upsert adds to what is there), in UTF-8 bytes. */
const lookupKeyBytes = (before: string[], entity: CompiledEntity) =>
  lookupKeys(entity.name, [...before, ...entity.aliases]).reduce((sum, key) => sum + Buffer.byteLength(key), 0);

/**
 * Creates the entity, or merges it into the one with its id (aliases and evidence are added); refused,
 * with nothing written, if that one is of another kind, or if the name and aliases would exceed
 * ENTITY_TEXT_LIMITS.lookupKeyBytes.
 */
export async function upsertEntity(db: Database, entity: CompiledEntity): Promise<{ entity: EntityRecord } | EntityRefusal> {
  const params = {
    id: entity.id,
    kind: entity.kind,
    name: entity.name,
    description: entity.description ?? null,
    props: entity.props,
    aliases: entity.aliases,
    evidence: entity.evidence.map(encodeEvidence),
    lookupKeys: lookupKeys(entity.name, entity.aliases),
    matchKeys: matchKeys(entity.name, entity.aliases),
  };
  try {
    const written = await db.writeTransaction(async (tx) => {
      const [row] = (await tx.run<{ kind: Kind; before: string[]; node: Record<string, unknown> }>(UPSERT_ENTITY, params)).records;
      if (!row) throw new Error(`MERGE of entity ${entity.id} returned no row`);
      const kind = row.get('kind');
      if (kind !== entity.kind) throw new Refused({ refused: 'kind', kind });
      if (lookupKeyBytes(row.get('before'), entity) > ENTITY_TEXT_LIMITS.lookupKeyBytes) throw new Refused({ refused: 'lookupKeyBytes' });
      await tx.run(WRITE_DOCUMENTS, { files: filesOf(entity.evidence) });
      // A new node has no name yet when `before` is read. A segment given may move the entity on its
      // industries' chain-segment ladders.
      if (row.get('before').length === 0 || entity.props.segment !== undefined)
        await recordChange(tx, { nodes: [{ id: entity.id, kind }], added: [], removed: [] });
      return toEntity(row.get('node'));
    }, db.timeouts.writeMs);
    return { entity: written };
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
}

/**
 * Both ends, looked up and write-locked in id order before the relationship is: a MERGE that matches
 * a relationship does not lock it, and a concurrent unrelate could delete it before this SET. With
 * the ends locked, writes of one pair wait for each other, in an order that cannot deadlock.
 */
const LOCK_ENDS = `OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
FOREACH (n IN [n IN CASE WHEN $from < $to THEN [a, b] ELSE [b, a] END WHERE n IS NOT NULL] | SET n.kind = n.kind)`;

/** The type is written out, from the whitelist: a static type is matched by Expand(Into). */
const statements = (type: RelationType) => ({
  relate: `${LOCK_ENDS}
WITH a, b
OPTIONAL CALL (a, b) {
  WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:${type}]->(b)
    ON CREATE SET r = $props, r.evidence = $evidence
    ON MATCH SET r += $props, r.inference = null, r.evidence = ${union('r.evidence', '$evidence')}
  RETURN ${projectRelation('r')} AS relation
}
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, relation`,
  unrelate: `${LOCK_ENDS}
WITH a, b
OPTIONAL CALL (a, b) {
  WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL
  OPTIONAL MATCH (a)-[r:${type}]->(b)
  DELETE r
  RETURN count(r) AS removed
}
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, removed`,
});
const STATEMENTS = Object.fromEntries(RELATION_TYPES.map((type) => [type, statements(type)])) as Record<
  RelationType,
  ReturnType<typeof statements>
>;
const statementsOf = (type: RelationType) => {
  const found = STATEMENTS[type];
  if (!found) throw new Error(`unknown relationship type ${type}`);
  return found;
};

type Ends = { fromFound: boolean; toFound: boolean };
/** The end not in the graph, `from` first, or null. */
const missingEnd = (row: Ends | undefined) => (!row?.fromFound ? 'from' : !row.toFound ? 'to' : null);

/** Creates the relationship or merges into it (evidence is added); `missing` names an end not in the graph, and nothing is written. */
export async function upsertRelation(
  db: Database,
  relation: CompiledRelation,
): Promise<{ relation: RelationRecord } | { missing: 'from' | 'to' }> {
  const params = {
    from: relation.from,
    to: relation.to,
    props: relation.props,
    evidence: [...new Set(relation.evidence.map(encodeEvidence))],
  };
  const statement = statementsOf(relation.type).relate;
  return db.writeTransaction(async (tx) => {
    const result = await tx.run<Ends & { relation: RelationRow | null }>(statement, params);
    const row = result.records[0]?.toObject();
    const missing = missingEnd(row);
    if (missing) return { missing };
    if (!row?.relation) throw new Error(`MERGE of ${relation.from} -${relation.type}-> ${relation.to} returned no relationship`);
    await tx.run(WRITE_DOCUMENTS, { files: filesOf(relation.evidence) });
    // A segment given to an existing IN_INDUSTRY relationship moves its member on the ladder.
    if (
      result.summary.counters.updates().relationshipsCreated > 0 ||
      (relation.type === 'IN_INDUSTRY' && relation.props.segment !== undefined)
    )
      await recordChange(tx, { nodes: [], added: [{ from: relation.from, type: relation.type, to: relation.to }], removed: [] });
    return { relation: toRelation(row.relation) };
  }, db.timeouts.writeMs);
}

/** Deletes the relationship: how many were removed (0 or 1), or the end not in the graph. */
export async function deleteRelation(
  db: Database,
  type: RelationType,
  from: string,
  to: string,
): Promise<{ removed: number } | { missing: 'from' | 'to' }> {
  return db.writeTransaction(async (tx) => {
    const row = (await tx.run<Ends & { removed: number | null }>(statementsOf(type).unrelate, { from, to })).records[0]?.toObject();
    const missing = missingEnd(row);
    if (missing) return { missing };
    const removed = row?.removed ?? 0;
    if (removed > 0) await recordChange(tx, { nodes: [], added: [], removed: [{ from, type, to }] });
    return { removed };
  }, db.timeouts.writeMs);
}
