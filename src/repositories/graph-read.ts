import { decodeEvidence } from '../core/evidence.js';
import type { CompiledEntity, CompiledGraph, CompiledRelation } from '../core/graph.js';
import { decodeInferences } from '../core/inference.js';
import { type DocumentInfo, ENTITY_PROP_KEYS, type Kind, RELATION_PROP_KEYS, type RelationType } from '../core/schema.js';
import type { Database } from '../db/database.js';

const pick = (source: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => source[k] !== null && source[k] !== undefined).map((k) => [k, source[k]]));

/** The whole graph as the loader's own input: documents, entities and relations with their evidence. */
export async function readGraph(db: Database): Promise<CompiledGraph> {
  const documents = await db.read<{ d: Record<string, string | null> }>(
    'MATCH (d:Document) RETURN d {.file, .title, .publication, .date} AS d ORDER BY d.file',
  );
  const nodes = await db.read<{ n: Record<string, unknown> }>('MATCH (n:Entity) RETURN properties(n) AS n ORDER BY n.id');
  const rels = await db.read<{ type: RelationType; from: string; to: string; props: Record<string, unknown> }>(
    `MATCH (a:Entity)-[r]->(b:Entity) WHERE r.evidence IS NOT NULL
     RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props ORDER BY from, type, to`,
  );
  const entities: CompiledEntity[] = nodes.map(({ n }) => ({
    id: n.id as string,
    kind: n.kind as Kind,
    name: n.name as string,
    aliases: (n.aliases as string[] | null) ?? [],
    ...(n.description ? { description: n.description as string } : {}),
    props: pick(n, ENTITY_PROP_KEYS),
    ...(n.inferences ? { inferred: decodeInferences(n.inferences as string[]) } : {}),
    evidence: ((n.evidence as string[] | null) ?? []).map(decodeEvidence),
  }));
  const relations: CompiledRelation[] = rels.map((r) => ({
    type: r.type,
    from: r.from,
    to: r.to,
    props: pick(r.props, RELATION_PROP_KEYS),
    ...(typeof r.props.inference === 'string' ? { inferred: r.props.inference } : {}),
    evidence: ((r.props.evidence as string[] | null) ?? []).map(decodeEvidence),
  }));
  return {
    documents: documents.map(({ d }) => pick(d, ['file', 'title', 'publication', 'date']) as DocumentInfo),
    entities,
    relations,
  };
}
