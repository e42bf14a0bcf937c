/**
 * The floor for any GraphQL layer: a bare node:http handler per benchmark shape, running the
 * equivalent Cypher through the driver (same driver settings as the API: Database.connect) and
 * writing the JSON. No schema, no validation, no resolvers, no cache.
 *
 *   BENCH_NEO4J='{"uri":…}' PORT=… tsx bench/servers/raw.ts
 */
import { createServer } from 'node:http';
import { decodeEvidence } from '../../src/core/evidence.js';
import { lookupKey as key } from '../../src/core/names.js';
import { RELATION_TYPES, SEGMENTS, DEFAULT_PATH_KINDS as VIA } from '../../src/core/ontology.js';
import { Database, int } from '../../src/db/database.js';
import { escapeLucene } from '../../src/repositories/entities.js';

const db = Database.connect(JSON.parse(process.env.BENCH_NEO4J ?? '{}'));

const evidence = (list: string[] | null) => (list ?? []).map(decodeEvidence);

type Handler = (params: Record<string, any>) => Promise<unknown>;

/** Breadth-first like the API: one query per level, at most `limit` nodes. */
async function neighborhood(rootId: string, depth: number, limit: number) {
  const seen = new Map<string, unknown>();
  const edges = new Map<string, { type: string; from: string; to: string }>();
  const [root] = await db.read<{ n: unknown }>('MATCH (n:Entity {id: $id}) RETURN n {.id, .kind, .name} AS n', { id: rootId });
  if (!root) return null;
  seen.set(rootId, root.n);
  let frontier = [rootId];
  let truncated = false;
  for (let level = 0; level < depth && frontier.length > 0 && !truncated; level++) {
    const rows = await db.read<{ type: string; from: string; to: string; m: { id: string } }>(
      `UNWIND $frontier AS id
       MATCH (n:Entity {id: id})-[r]-(m:Entity) WHERE type(r) IN $types
       WITH id, r, m ORDER BY id, type(r), m.id LIMIT $cap
       RETURN type(r) AS type, startNode(r).id AS from, endNode(r).id AS to, m {.id, .kind, .name} AS m`,
      { frontier, types: RELATION_TYPES, cap: int(limit * 4) },
    );
    const next: string[] = [];
    for (const row of rows) {
      if (!seen.has(row.m.id)) {
        if (seen.size >= limit) {
          truncated = true;
          continue;
        }
        seen.set(row.m.id, row.m);
        next.push(row.m.id);
      }
      edges.set(`${row.from}|${row.type}|${row.to}`, { type: row.type, from: row.from, to: row.to });
    }
    if (rows.length === limit * 4) truncated = true;
    frontier = next;
  }
  return { nodes: [...seen.values()], edges: [...edges.values()], truncated };
}

async function tiers(rootId: string, depth: number, limit: number) {
  const seen = new Set([rootId]);
  const out: { level: number; entities: unknown[] }[] = [];
  let frontier = [rootId];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const rows = await db.read<{ m: { id: string } }>(
      `UNWIND $frontier AS id MATCH (n:Entity {id: id})-[r:SUPPLIES|PRODUCES]->(m:Entity)
       RETURN m {.id, .name} AS m ORDER BY m.id LIMIT $limit`,
      { frontier, limit: int(limit) },
    );
    if (rows.length === 0) break;
    const next = rows.map((r) => r.m).filter((m, i, all) => !seen.has(m.id) && all.findIndex((x) => x.id === m.id) === i);
    for (const m of next) seen.add(m.id);
    out.push({ level, entities: next });
    frontier = next.map((m) => m.id);
  }
  return out;
}

const handlers: Record<string, Handler> = {
  async lookup({ id }) {
    const [row] = await db.read<{ n: Record<string, any> }>(
      'MATCH (n:Entity {id: $id}) RETURN n {.id, .kind, .name, .aliases, .description, .evidence} AS n',
      { id },
    );
    return row ? { ...row.n, evidence: evidence(row.n.evidence) } : null;
  },

  async search({ text, first }) {
    const [row] = await db.read<{ total: number; hits: unknown[] }>(
      `CALL () {
         CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node
         RETURN count(node) AS total
       }
       CALL () {
         CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $limit}) YIELD node, score
         WITH node, score + CASE WHEN $key IN node.lookupKeys THEN 1000.0 ELSE 0.0 END AS score
         ORDER BY score DESC, node.id LIMIT $limit
         RETURN collect({score: score, node: node {.id, .kind, .name}}) AS hits
       }
       RETURN total, hits`,
      { query: escapeLucene(text), key: key(text), limit: int(first) },
    );
    return { totalCount: row?.total ?? 0, hits: row?.hits ?? [] };
  },

  async nested({ ids }) {
    return db.read(
      `MATCH (c:Entity) WHERE c.id IN $ids AND c:Company
       RETURN c.id AS id, c.name AS name,
         COLLECT { MATCH (c)-[l:LOCATED_IN]->(p:Entity) RETURN p {.id, .name, since: l.since} } AS parks,
         COLLECT { MATCH (c)<-[i:INVESTS_IN]-(f:Entity) RETURN f {.id, .name, amountCny: i.amountCny, round: i.round} } AS investors
       ORDER BY name`,
      { ids },
    );
  },

  async neighborhood({ id, depth, limit }) {
    return neighborhood(id, depth, limit);
  },

  async paths({ from, to, maxHops, k }) {
    // What a service without an engine of its own would run: Neo4j's SHORTEST k, with the same hop
    // bound and the same kinds allowed between the ends, under the API's read timeout (a time-out is
    // a failure). Both numbers go into the statement, as SHORTEST and a quantifier need literals.
    const [hops, paths] = [Number(maxHops), Number(k)];
    if (!Number.isInteger(hops) || !Number.isInteger(paths)) throw new Error('maxHops and k must be integers');
    return db.read(
      `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       MATCH p = SHORTEST ${paths} (a)-[]-{1,${hops}}(b)
       WHERE all(n IN nodes(p)[1..-1] WHERE n.kind IN $via)
       RETURN [n IN nodes(p) | n {.id, .name}] AS nodes,
         [r IN relationships(p) | {type: type(r), from: startNode(r).id, to: endNode(r).id}] AS hops`,
      { from, to, via: VIA },
    );
  },

  async supplyChain({ id, depth }) {
    const [chain, segments] = await Promise.all([
      tiers(id, depth, 200),
      db.read(
        `MATCH (root:Entity {id: $id})
         OPTIONAL MATCH (root)-[:PRODUCES]->(p:Product)
         WITH root, collect(p) AS products
         UNWIND [root] + products AS anchor
         MATCH (anchor)-[own:IN_INDUSTRY]->(industry:Industry)
         WITH industry, coalesce(own.segment, anchor.segment) AS ownSegment WHERE ownSegment IS NOT NULL
         WITH industry, min($order[ownSegment]) AS ownOrder
         MATCH (member:Entity)-[m:IN_INDUSTRY]->(industry)
         WITH industry, ownOrder, member, coalesce(m.segment, member.segment) AS segment
         WHERE segment IS NOT NULL AND member.id <> $id AND $order[segment] > ownOrder
         WITH industry, segment, member.id AS memberId ORDER BY memberId
         RETURN industry {.id, .name} AS industry, segment, $order[segment] AS order, collect(memberId) AS memberIds`,
        { id, order: Object.fromEntries(SEGMENTS.map((s, i) => [s, i + 1])) },
      ),
    ]);
    return { tiers: chain, segments: segments.map((s) => ({ ...s, memberIds: undefined })) };
  },
};

const server = createServer((req, res) => {
  const shape = req.url?.replace(/^\/query\//, '') ?? '';
  const handler = handlers[shape];
  if (req.method !== 'POST' || !handler) {
    res.writeHead(req.url === '/healthz' ? 200 : 404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    handler(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      .then((data) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
      })
      .catch((error: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message }));
      });
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void db.close().then(() => process.exit(0));
  });
}
