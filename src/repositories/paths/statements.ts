/**
 * The path search's Cypher, all of it. Relationship types and kinds are written into the statements
 * from the ontology's lists (validated enums), never from a request's text; everything else is a
 * parameter.
 */
import { KINDS, type Kind, RELATION_TYPES, type RelationType } from '../../core/schema.js';
import { type Database, int } from '../../db/database.js';
import type { Nid, ScanRow } from './known.js';

type ScanTuple = [Nid, boolean, number, Nid[] | null];
const scanRow = ([nid, ok, degree, ms]: ScanTuple): ScanRow => ({ nid, ok, degree, ms });

/** What one round trip reads (see `expandAndJoin`), by Neo4j id. */
export interface RoundTrip {
  /** The nodes to scan and expand. */
  nodes: Nid[];
  /** Those of them expanded in full, however many neighbours they have. */
  full: Nid[];
  /** Neighbours not shipped again: expanded nodes whose relationships are all known. */
  skip: Nid[];
  /** The search's two ends, which may be on a path whatever their kind. */
  ends: Nid[];
  /** Every relationship between a node of `direct` and one of `directTo` is read. */
  direct: Nid[];
  directTo: Nid[];
  /** Every relationship and every common neighbour between a node of `common` and one of `commonTo` is read. */
  common: Nid[];
  commonTo: Nid[];
  /** Each pair is checked for a relationship between its two nodes. */
  pairs: [Nid, Nid][];
}

/** A relationship between two nodes of a path: its type, whether it points forward, its properties if asked for. */
export type Hop = { type: string; out: boolean; props?: Record<string, unknown> };

export class PathStatements {
  private readonly rel: string;
  private readonly allowed: (node: string) => string;
  private readonly related: string;

  /** `heavy`: neighbours shipped for a node at most, unless it is expanded in full (PathSearchSettings). */
  constructor(
    private readonly db: Database,
    types: readonly RelationType[],
    via: readonly Kind[],
    private readonly heavy: number,
  ) {
    const kinds = KINDS.filter((kind) => via.includes(kind));
    this.rel = types.length === RELATION_TYPES.length ? '' : `:${types.join('|')}`;
    this.allowed = (node) => (kinds.length === 0 ? 'false' : `${node}:${kinds.join('|')}`);
    // One existence test per type and direction, so that Neo4j reads the smaller of the two hubs'
    // relationship groups of that type (one undirected test of any type reads a whole hub).
    this.related = types.flatMap((t) => [`EXISTS { (a)-[:${t}]->(b) }`, `EXISTS { (a)<-[:${t}]-(b) }`]).join(' OR ');
  }

  /**
   * A node's kind check and its neighbours, read along its relationships only (not the neighbours'
   * records, as a kind test on each would: that halves the cost, and each neighbour's kind is read
   * once, when it is scanned in turn): at most `$limit` of them unless it is in `$full`, so that
   * meeting a hub costs a hundred relationships, not its thousands.
   */
  private scanColumns(ends: string, carry = '', filter = 'true') {
    const neighbours = `MATCH (n)-[${this.rel}]-(m) WHERE ${filter} RETURN id(m)`;
    return `WITH n, nid${carry}, nid IN ${ends} OR ${this.allowed('n')} AS ok
       WITH n, nid${carry}, ok, CASE WHEN NOT ok THEN [] WHEN nid IN $full THEN COLLECT { ${neighbours} } ELSE COLLECT { ${neighbours} LIMIT $limit } END AS ms
       WITH n, nid${carry}, ok, ms, ok AND size(ms) >= $limit AND NOT nid IN $full AS heavy
       WITH nid${carry}, ok, CASE WHEN heavy THEN COUNT { (n)-[${this.rel}]-() } ELSE size(ms) END AS degree,
         CASE WHEN heavy OR NOT ok THEN null ELSE ms END AS ms`;
  }

  /** The ends (by entity id, those that exist), and the neighbours of light ones: every search's first two levels, in one round trip. */
  async firstLevels(from: string, to: string): Promise<{ ends: (ScanRow & { key: string })[]; next: ScanRow[] }> {
    const [first] = await this.db.read<{ ends: [string, ...ScanTuple][]; next: ScanTuple[] }>(
      `MATCH (x:Entity) WHERE x.id IN [$from, $to]
       WITH collect(x) AS found
       WITH found, [x IN found | id(x)] AS ends
       CALL (found, ends) {
         UNWIND found AS n
         WITH n, id(n) AS nid, n.id AS key, ends
         ${this.scanColumns('ends', ', key, ends')}
         RETURN collect([key, nid, ok, degree, ms]) AS scanned
       }
       CALL (scanned, ends) {
         WITH scanned, ends, [row IN scanned WHERE row[4] IS NOT NULL | row[1]] AS expanded
         UNWIND scanned AS row
         UNWIND coalesce(row[4], []) AS nid
         WITH DISTINCT nid, ends, expanded WHERE NOT nid IN ends
         MATCH (n) WHERE id(n) = nid
         ${this.scanColumns('ends', ', ends, expanded', 'NOT id(m) IN expanded')}
         RETURN collect([nid, ok, degree, ms]) AS next
       }
       RETURN scanned AS ends, next`,
      { from, to, full: [-1], limit: int(this.heavy + 1) },
    );
    return {
      ends: (first?.ends ?? []).map(([key, ...scan]) => ({ key, ...scanRow(scan) })),
      next: (first?.next ?? []).map(scanRow),
    };
  }

  /** One round trip: the nodes to expand, then the joins, in one statement. */
  async expandAndJoin(trip: RoundTrip): Promise<{ scanned: ScanRow[]; found: [Nid, Nid][] }> {
    // Every list ends with -1, which no node has: Neo4j caches a plan per statement and parameter
    // types, and an empty list is of another type than a list of numbers, so that each new mix of
    // empty and non-empty lists would be planned anew (hundreds of milliseconds for this statement).
    const nid = (list: Nid[]) => [...list, -1];
    const [row] = await this.db.read<{ scanned: ScanTuple[]; found: [Nid, Nid][] }>(
      `CALL () {
         UNWIND $nodes AS nid
         MATCH (n) WHERE id(n) = nid
         ${this.scanColumns('$ends', '', 'NOT id(m) IN $skip')}
         RETURN collect([nid, ok, degree, ms]) AS scanned
       }
       CALL () {
         CALL () {
           UNWIND $direct AS nid
           MATCH (a) WHERE id(a) = nid
           MATCH (a)-[${this.rel}]-(b) WHERE id(b) IN $directTo
           RETURN id(a) AS x, id(b) AS y
           UNION
           UNWIND $common AS nid
           MATCH (a) WHERE id(a) = nid
           MATCH (a)-[${this.rel}]-(m)
           WITH a, m, [(m)-[${this.rel}]-(b) WHERE id(b) IN $commonTo | id(b)] AS bs
           WHERE id(m) IN $commonTo OR (size(bs) > 0 AND (id(m) IN $ends OR ${this.allowed('m')}))
           UNWIND [[id(a), id(m)]] + [b IN bs | [id(m), b]] AS edge
           RETURN edge[0] AS x, edge[1] AS y
           UNION
           UNWIND $pairs AS pair
           MATCH (a) WHERE id(a) = pair[0]
           MATCH (b) WHERE id(b) = pair[1]
           WITH a, b WHERE ${this.related}
           RETURN id(a) AS x, id(b) AS y
         }
         RETURN collect([x, y]) AS found
       }
       RETURN scanned, found`,
      {
        nodes: nid(trip.nodes),
        full: nid(trip.full),
        skip: nid(trip.skip),
        limit: int(this.heavy + 1),
        ends: trip.ends,
        direct: nid(trip.direct),
        directTo: nid(trip.directTo),
        common: nid(trip.common),
        commonTo: nid(trip.commonTo),
        pairs: [...trip.pairs, [-1, -1]],
      },
    );
    return { scanned: (row?.scanned ?? []).map(scanRow), found: row?.found ?? [] };
  }

  /** The nodes' properties, and the relationships between each two consecutive nodes (`hops`) of the paths found. */
  async readPaths(nodes: Nid[], hops: [Nid, Nid][], withProps: boolean) {
    const [row] = await this.db.read<{ nodes: [Nid, Record<string, unknown>][]; hops: [Nid, Nid, Hop[]][] }>(
      `CALL () {
         UNWIND $nodes AS nid
         MATCH (n) WHERE id(n) = nid
         RETURN collect([nid, properties(n)]) AS nodes
       }
       CALL () {
         UNWIND $hops AS hop
         MATCH (a) WHERE id(a) = hop[0]
         MATCH (b) WHERE id(b) = hop[1]
         // Both ends bound: Neo4j reads the lighter end's relationships (Expand(Into)), not a hub's thousands.
         WITH hop, [(a)-[r${this.rel}]-(b) | {type: type(r), out: startNode(r) = a${withProps ? ', props: properties(r)' : ''}}] AS rels
         RETURN collect([hop[0], hop[1], rels]) AS hops
       }
       RETURN nodes, hops`,
      { nodes, hops },
    );
    return { nodes: row?.nodes ?? [], hops: row?.hops ?? [] };
  }
}
