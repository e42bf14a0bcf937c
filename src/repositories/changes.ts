/**
 * The graph's change log: what every writer of the project records, in its own transaction, so that
 * each API instance's topology index (src/traversal/) can follow writes made anywhere.
 *
 * One `(:GraphMeta {key: 'graph'})` node holds the store's `token` (a random id given when the node is
 * first made: a store rebuilt from files gets a new one) and `seq`, the number of the last change. A
 * writer increments `seq` and creates a `(:GraphChange {seq})` with the entities and relationships it
 * wrote or removed. Incrementing write-locks the meta node until commit, so changes commit in the order
 * of their numbers: a reader that sees change n has seen every change before it. Only the newest
 * CHANGES_KEPT changes are kept; a reader further behind rebuilds from the graph.
 *
 * Neo4j reads at read committed, and a commit becomes visible piece by piece as it is applied: a
 * reader may see the meta node's new `seq` before the change, or the count store's new counts
 * before the nodes. So the change log is read up to the first change not yet visible, and a graph
 * read that a `seq` must describe takes the meta node's lock first (settledGraphVersion).
 */
import type { ManagedTransaction } from 'neo4j-driver';
import { KINDS, type Kind, RELATION_TYPES, type RelationType, SEGMENTS, type Segment } from '../core/schema.js';
import { type Database, int } from '../db/database.js';
import { COUNT_BY_TYPE } from './counts.js';

export const CHANGES_KEPT = 1_000;
/** A change of more entities and relationships than this is recorded as "rebuild" instead of listed. */
export const CHANGE_ITEMS_LISTED = 50_000;

export interface TopologyChange {
  seq: number;
  /** Entities written (new or not: applying one twice changes nothing). */
  nodes: { id: string; kind: Kind }[];
  added: { from: string; type: RelationType; to: string }[];
  removed: { from: string; type: RelationType; to: string }[];
  /**
   * The chain segment, as of this change, of every IN_INDUSTRY relationship of the entities written
   * and of the IN_INDUSTRY relationships added (the relationship's own, else its member's): what the
   * supply chain's segment ladder reads. Filled in by recordChange.
   */
  segments?: { from: string; to: string; segment: Segment | null }[];
  /** Too big to list (an import of more than CHANGE_ITEMS_LISTED items): readers rebuild from the graph. */
  rebuild?: boolean;
}

export type ChangeSet = Omit<TopologyChange, 'seq' | 'segments'>;

const RECORD_CHANGE = `CALL () {
  UNWIND $touched AS id
  MATCH (e:Entity {id: id})-[r:IN_INDUSTRY]->(i:Entity)
  RETURN collect(e.id) AS segFrom, collect(i.id) AS segTo, collect(coalesce(r.segment, e.segment, '')) AS segments
}
MERGE (m:GraphMeta {key: 'graph'})
  ON CREATE SET m.token = randomUUID(), m.seq = 0
SET m.seq = m.seq + 1
CREATE (:GraphChange {seq: m.seq, at: datetime(), rebuild: $rebuild, nodeIds: $nodeIds, nodeKinds: $nodeKinds,
  addFrom: $addFrom, addType: $addType, addTo: $addTo, delFrom: $delFrom, delType: $delType, delTo: $delTo,
  segFrom: segFrom, segTo: segTo, segments: segments})
WITH m
OPTIONAL MATCH (old:GraphChange) WHERE old.seq <= m.seq - $kept
DELETE old
RETURN DISTINCT m.seq AS seq`;

const isEmptyChange = (c: ChangeSet) => c.nodes.length === 0 && c.added.length === 0 && c.removed.length === 0;

/**
 * Records `change` in the writer's transaction; its last statement, so that the meta node's lock,
 * which every writer takes, is held the shortest time and always last (no deadlock). Returns the
 * change's number, or null when there was nothing to record.
 */
export async function recordChange(tx: ManagedTransaction, change: ChangeSet): Promise<number | null> {
  if (isEmptyChange(change) && !change.rebuild) return null;
  const rebuild = change.rebuild === true || change.nodes.length + change.added.length + change.removed.length > CHANGE_ITEMS_LISTED;
  if (rebuild) change = { nodes: [], added: [], removed: [], rebuild };
  const result = await tx.run<{ seq: number }>(RECORD_CHANGE, {
    nodeIds: change.nodes.map((n) => n.id),
    nodeKinds: change.nodes.map((n) => n.kind),
    addFrom: change.added.map((r) => r.from),
    addType: change.added.map((r) => r.type),
    addTo: change.added.map((r) => r.to),
    delFrom: change.removed.map((r) => r.from),
    delType: change.removed.map((r) => r.type),
    delTo: change.removed.map((r) => r.to),
    touched: [...new Set([...change.nodes.map((n) => n.id), ...change.added.filter((r) => r.type === 'IN_INDUSTRY').map((r) => r.from)])],
    kept: int(CHANGES_KEPT),
    rebuild,
  });
  return result.records[0]?.get('seq') ?? null;
}

export interface GraphVersion {
  /** Null until a writer or the start-up made the meta node. */
  token: string | null;
  seq: number;
  /** From the count store (constant time): entities, and relationships of the ontology's types. */
  entities: number;
  relations: number;
}

const VERSION_OF_M = `CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
  ${COUNT_BY_TYPE}
  RETURN m.token AS token, coalesce(m.seq, 0) AS seq, entities, reduce(sum = 0, c IN byType | sum + c) AS relations`;

/** The store's token, last change and counts, all from indexes and the count store: what an index polls. */
export const GRAPH_VERSION = `OPTIONAL MATCH (m:GraphMeta {key: 'graph'})
  ${VERSION_OF_M}`;

/**
 * The same, once the meta node's write lock is held: a writer holds it from its change until its
 * commit is wholly applied, so every change up to the `seq` read is in the graph read after it.
 * Setting `seq` to itself takes the lock and changes nothing.
 */
const SETTLED_VERSION = `OPTIONAL MATCH (m:GraphMeta {key: 'graph'})
  SET m.seq = m.seq
  WITH m
  ${VERSION_OF_M}`;

const NO_VERSION: GraphVersion = { token: null, seq: 0, entities: 0, relations: 0 };

export async function graphVersion(db: Database): Promise<GraphVersion> {
  const [row] = await db.read<GraphVersion>(GRAPH_VERSION);
  return row ?? NO_VERSION;
}

/** graphVersion after the commits it counts are applied in full: what a load of the graph starts from. */
export async function settledGraphVersion(db: Database): Promise<GraphVersion> {
  const [row] = await db.write<GraphVersion>(SETTLED_VERSION);
  return row ?? NO_VERSION;
}

interface ChangeRow {
  seq: number;
  rebuild: boolean | null;
  nodeIds: string[];
  nodeKinds: string[];
  addFrom: string[];
  addType: string[];
  addTo: string[];
  delFrom: string[];
  delType: string[];
  delTo: string[];
  /** Absent on changes recorded before segments were. */
  segFrom: string[] | null;
  segTo: string[] | null;
  segments: string[] | null;
}

const relations = (from: string[], types: string[], to: string[]) =>
  from.flatMap((f, i) => {
    const type = types[i] as RelationType;
    return RELATION_TYPES.includes(type) && to[i] !== undefined ? [{ from: f, type, to: to[i] as string }] : [];
  });

export interface ChangesRead {
  token: string | null;
  /** The newest change a reader may be up to after applying `changes`: the store's, unless one is not visible yet. */
  seq: number;
  changes: TopologyChange[];
  /** False when the log no longer holds the change right after `since` (pruned, or a store that started over). */
  complete: boolean;
  /**
   * The number of a change the meta node counts but the log does not show (yet): a commit still
   * being applied, visible within moments. `changes` stop before it.
   */
  missing?: number;
}

const toChange = (c: ChangeRow): TopologyChange => ({
  seq: c.seq,
  nodes: c.nodeIds.flatMap((id, i) => {
    const kind = c.nodeKinds[i] as Kind;
    return KINDS.includes(kind) ? [{ id, kind }] : [];
  }),
  added: relations(c.addFrom, c.addType, c.addTo),
  removed: relations(c.delFrom, c.delType, c.delTo),
  segments: (c.segFrom ?? []).flatMap((from, i) => {
    const to = c.segTo?.[i];
    const segment = c.segments?.[i];
    if (to === undefined || segment === undefined) return [];
    return [{ from, to, segment: SEGMENTS.includes(segment as Segment) ? (segment as Segment) : null }];
  }),
  ...(c.rebuild ? { rebuild: true } : {}),
});

/** The changes after `since`, oldest first and without a gap, at most `max`. */
export async function changesSince(db: Database, since: number, max = 200): Promise<ChangesRead> {
  const [row] = await db.read<{ token: string | null; seq: number; changes: ChangeRow[] }>(
    `OPTIONAL MATCH (m:GraphMeta {key: 'graph'})
     CALL (m) {
       MATCH (c:GraphChange) WHERE c.seq > $since AND c.seq <= m.seq
       WITH c ORDER BY c.seq LIMIT $max
       RETURN collect(c {.*}) AS changes
     }
     RETURN m.token AS token, coalesce(m.seq, 0) AS seq, changes`,
    { since: int(since), max: int(max) },
  );
  const token = row?.token ?? null;
  const head = row?.seq ?? 0;
  const rows = row?.changes ?? [];
  // The run of changes since+1, since+2, …; a row without its lists is a node whose properties are not visible yet.
  let n = 0;
  while (n < rows.length && rows[n]?.seq === since + 1 + n && rows[n]?.nodeIds != null) n++;
  const changes = rows.slice(0, n).map(toChange);
  const reached = since + n;
  if (head < since) return { token, seq: head, changes: [], complete: false };
  if (reached >= head || n === max) return { token, seq: head, changes, complete: true };
  // Changes at or below head - CHANGES_KEPT are deleted by the writers: that one is gone, not late.
  if (reached + 1 <= head - CHANGES_KEPT) return { token, seq: head, changes: [], complete: false };
  return { token, seq: reached, changes, complete: true, missing: reached + 1 };
}
