/**
 * The graph's content, for tests that claim it unchanged: every node (labels, properties and each
 * property's Cypher type) and every relationship (type, ends, properties and their types) as one
 * canonical line, sorted, and a hash of those lines. Counts would let a renamed entity, a swapped
 * label or an edited property pass; this does not. The change log (GraphMeta, GraphChange) is
 * bookkeeping, not content, and is left out.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { Database } from '../src/db/database.js';

/** JSON with every object's keys sorted, so that equal values print alike. */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

/** Every node and relationship as a canonical line: labels, properties and each property's Cypher type; sorted. */
export async function graphRecords(db: Database): Promise<string[]> {
  const nodes = await db.read<{ labels: string[]; props: unknown; types: string[] }>(
    `MATCH (n) WHERE NOT n:GraphMeta AND NOT n:GraphChange RETURN labels(n) AS labels, properties(n) AS props, [k IN keys(n) | k + ': ' + valueType(n[k])] AS types`,
  );
  const rels = await db.read<{ from: string; type: string; to: string; props: unknown; types: string[] }>(
    `MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.file) AS from, type(r) AS type, coalesce(b.id, b.file) AS to,
       properties(r) AS props, [k IN keys(r) | k + ': ' + valueType(r[k])] AS types`,
  );
  return [
    ...nodes.map((n) => `node ${canonical({ ...n, labels: [...n.labels].sort(), types: [...n.types].sort() })}`),
    ...rels.map((r) => `rel ${canonical({ ...r, types: [...r.types].sort() })}`),
  ].sort();
}

export interface GraphDigest {
  /** SHA-256 of the sorted records, one per line. */
  sha256: string;
  records: string[];
}

export async function graphDigest(db: Database): Promise<GraphDigest> {
  const records = await graphRecords(db);
  return { sha256: createHash('sha256').update(records.join('\n')).digest('hex'), records };
}

/** Fails unless the two digests are equal, naming the records that appeared and disappeared. */
export function expectSameGraph(after: GraphDigest, before: GraphDigest, context = '') {
  if (after.sha256 === before.sha256) return;
  const was = new Set(before.records);
  const now = new Set(after.records);
  const changes = {
    added: after.records.filter((r) => !was.has(r)),
    removed: before.records.filter((r) => !now.has(r)),
    records: { before: before.records.length, after: after.records.length },
  };
  expect.fail(`the graph changed${context ? ` (${context})` : ''}: ${JSON.stringify(changes, null, 2).slice(0, 4_000)}`);
}

/** Reads the graph again and fails unless it is what `before` recorded. */
export async function expectGraphUnchanged(db: Database, before: GraphDigest, context = '') {
  expectSameGraph(await graphDigest(db), before, context);
}
