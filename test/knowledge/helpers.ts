/**
 * What the knowledge tests share: where the seeds' corpus and the test fixture are, the ids the tests
 * write, and snapshots of the whole graph (counts by label and type, a record-by-record dump of every
 * property, readGraph's digest) to claim it unchanged.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { CompiledGraph } from '../../src/core/graph.js';
import type { Database } from '../../src/db/database.js';
import { readGraph } from '../../src/repositories/graph-read.js';
import { canonical } from '../graph-digest.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CORPUS = join(ROOT, 'seeds', 'documents');
export const FIXTURE = join(ROOT, 'test', 'fixtures', 'knowledge', 'valid.yaml');
/** Every id these tests write starts with one of these; none is a seed id. */
const OWN_ID_PREFIXES = ['kt-', 'ktb-'];

/** The entities the tests wrote, by id. */
export const ownIds = async (db: Database) =>
  (
    await db.read<{ id: string }>('MATCH (n:Entity) WHERE any(p IN $prefixes WHERE n.id STARTS WITH p) RETURN n.id AS id ORDER BY id', {
      prefixes: OWN_ID_PREFIXES,
    })
  ).map((r) => r.id);

export const deleteOwn = (db: Database) =>
  db.write('MATCH (n:Entity) WHERE any(p IN $prefixes WHERE n.id STARTS WITH p) DETACH DELETE n', { prefixes: OWN_ID_PREFIXES });

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface Snapshot {
  labels: Record<string, number>;
  types: Record<string, number>;
  /** One canonical line per node and per relationship, every property included, sorted. */
  records: string[];
  readGraphDigest: string;
}

export async function snapshot(db: Database): Promise<Snapshot> {
  // The change log (GraphMeta, GraphChange) is bookkeeping that every write adds to, not content.
  const content = 'MATCH (n) WHERE NOT n:GraphMeta AND NOT n:GraphChange';
  const labels = await db.read<{ label: string; n: number }>(`${content} UNWIND labels(n) AS label RETURN label, count(*) AS n`);
  const types = await db.read<{ type: string; n: number }>('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n');
  const nodes = await db.read<{ labels: string[]; props: Record<string, unknown> }>(
    `${content} RETURN labels(n) AS labels, properties(n) AS props`,
  );
  const rels = await db.read<{ from: string; type: string; to: string; props: Record<string, unknown> }>(
    'MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.file) AS from, type(r) AS type, coalesce(b.id, b.file) AS to, properties(r) AS props',
  );
  return {
    labels: Object.fromEntries(labels.map((r) => [r.label, r.n]).sort()),
    types: Object.fromEntries(types.map((r) => [r.type, r.n]).sort()),
    records: [
      ...nodes.map((n) => `node ${canonical({ labels: [...n.labels].sort(), props: n.props })}`),
      ...rels.map((r) => `rel ${canonical(r)}`),
    ].sort(),
    readGraphDigest: sha256(JSON.stringify(await readGraph(db))),
  };
}

/** Equal snapshots, reported as the records that appeared or disappeared rather than two hashes. */
export function expectUnchanged(after: Snapshot, before: Snapshot) {
  expect(after.labels).toEqual(before.labels);
  expect(after.types).toEqual(before.types);
  const was = new Set(before.records);
  const now = new Set(after.records);
  expect({ added: after.records.filter((r) => !was.has(r)), removed: before.records.filter((r) => !now.has(r)) }).toEqual({
    added: [],
    removed: [],
  });
  expect(after.readGraphDigest).toBe(before.readGraphDigest);
}

/** Order-independent form of a graph: records sorted by identity, object keys sorted. */
export const normalise = (graph: CompiledGraph) => ({
  documents: [...graph.documents].sort((a, b) => a.file.localeCompare(b.file)).map((d) => JSON.parse(canonical(d))),
  entities: [...graph.entities].sort((a, b) => a.id.localeCompare(b.id)).map((e) => JSON.parse(canonical(e))),
  relations: [...graph.relations]
    .sort((a, b) => `${a.from}|${a.type}|${a.to}`.localeCompare(`${b.from}|${b.type}|${b.to}`))
    .map((r) => JSON.parse(canonical(r))),
});
