/**
 * The graph's topology, read whole for the in-memory index (src/topology/): every entity's id and
 * kind, every relationship of the ontology's types as a pair of positions and a type code. Two
 * streamed statements; Neo4j's internal node ids (stable while the store runs) join them, and
 * never leave this file.
 */
import { KINDS, RELATION_TYPES, SEGMENTS } from '../core/schema.js';
import { type Database, int } from '../db/database.js';
import type { TopologyInput } from '../topology/snapshot.js';
import { type GraphVersion, settledGraphVersion } from './changes.js';

/**
 * A typed array that grows as values are pushed, sized up front from the count store: at a million
 * entities, doubling from a small array left about 100 MB of buffers behind the build.
 */
class TypedList<A extends Int32Array | Uint8Array> {
  length = 0;
  constructor(
    public array: A,
    private readonly make: (size: number) => A,
  ) {}
  push(value: number) {
    if (this.length === this.array.length) {
      const bigger = this.make(Math.max(1024, this.array.length * 2));
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }
  /** The values, without a copy when the list is exactly full. */
  done(): A {
    return this.length === this.array.length ? this.array : (this.array.slice(0, this.length) as A);
  }
}

const int32s = (size: number) => new TypedList(new Int32Array(size), (n) => new Int32Array(n));
const bytes = (size: number) => new TypedList(new Uint8Array(size), (n) => new Uint8Array(n));

export interface LoadedTopology {
  input: TopologyInput;
  /**
   * Read before the load began, once the commits it counts were applied in full: changes after its
   * `seq` may or may not be in `input`, and are applied again.
   */
  version: GraphVersion;
  seconds: number;
}

/** Internal ids per page: the entities and relationships of a page of ids come back as a few lists. */
const PAGE = 25_000;
/** Pages read at once: Neo4j reads one while this process unpacks another. */
const IN_FLIGHT = 2;

interface Page {
  nodes: number[];
  ids: string[];
  kinds: number[];
  from: number[];
  to: number[];
  types: number[];
  segments: number[];
}

const READ_PAGE = `CALL () {
  UNWIND range($lo, $hi - 1) AS nid
  MATCH (n:Entity) WHERE id(n) = nid
  RETURN collect(nid) AS nodes, collect(n.id) AS ids, collect($kindCodes[n.kind]) AS kinds
}
CALL () {
  UNWIND range($lo, $hi - 1) AS nid
  MATCH (n:Entity)-[r]->(m:Entity) WHERE id(n) = nid AND type(r) IN $types
  RETURN collect(nid) AS from, collect(id(m)) AS to, collect($typeCodes[type(r)]) AS types,
    collect(CASE type(r) WHEN 'IN_INDUSTRY' THEN coalesce($segmentCodes[coalesce(r.segment, n.segment)], 0) ELSE 0 END) AS segments
}
RETURN nodes, ids, kinds, from, to, types, segments`;

export async function loadTopology(db: Database): Promise<LoadedTopology> {
  const started = performance.now();
  const version = await settledGraphVersion(db);
  const [top] = await db.read<{ top: number | null }>('MATCH (n:Entity) RETURN max(id(n)) AS top');
  const end = (top?.top ?? -1) + 1;
  // The version's counts (the count store's, of what a page reads): room unless the graph grows meanwhile.
  const { entities, relations } = version;
  const params = {
    types: RELATION_TYPES,
    typeCodes: Object.fromEntries(RELATION_TYPES.map((t, i) => [t, i])),
    kindCodes: Object.fromEntries(KINDS.map((k, i) => [k, i])),
    segmentCodes: Object.fromEntries(SEGMENTS.map((s, i) => [s, i + 1])),
  };
  const ids: string[] = [];
  const nodes = int32s(entities);
  const kinds = bytes(entities);
  // Relationships by internal ids first; once every entity is known, by position.
  const from = int32s(relations);
  const to = int32s(relations);
  const types = bytes(relations);
  const segments = bytes(relations);
  let next = 0;
  const worker = async () => {
    while (next < end) {
      const lo = next;
      next += PAGE;
      const [page] = await db.read<Page>(READ_PAGE, { ...params, lo: int(lo), hi: int(Math.min(end, lo + PAGE)) }, 600_000);
      if (!page) continue;
      for (let i = 0; i < page.nodes.length; i++) {
        const kind = page.kinds[i];
        if (kind === null || kind === undefined) continue;
        nodes.push(page.nodes[i]!);
        ids.push(page.ids[i]!);
        kinds.push(kind);
      }
      for (let i = 0; i < page.from.length; i++) {
        from.push(page.from[i]!);
        to.push(page.to[i]!);
        types.push(page.types[i]!);
        segments.push(page.segments[i]!);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

  // Internal id → position + 1 (0: not an entity).
  const position = new Int32Array(end);
  for (let i = 0; i < nodes.length; i++) position[nodes.array[i]!] = i + 1;
  let kept = 0;
  for (let i = 0; i < from.length; i++) {
    const a = position[from.array[i]!] ?? 0;
    const b = position[to.array[i]!] ?? 0;
    // An end created after its page was read: the change log brings it.
    if (a === 0 || b === 0) continue;
    from.array[kept] = a - 1;
    to.array[kept] = b - 1;
    segments.array[kept] = segments.array[i]!;
    types.array[kept++] = types.array[i]!;
  }
  from.length = to.length = types.length = segments.length = kept;
  return {
    input: {
      ids,
      kinds: kinds.done(),
      from: from.done(),
      to: to.done(),
      types: types.done(),
      segments: segments.done(),
    },
    version,
    seconds: (performance.now() - started) / 1000,
  };
}
