/** A draft as a seed file: what `kg extract` writes for a person to review and `kg import` reads back. */
import type { Draft } from './extract.js';

/** The draft in the seed format (document.draft, proposal and confidence kept; spans and `known` left out). */
export function draftToSeed(draft: Draft) {
  return {
    document: draft.document,
    entities: draft.entities.map(({ span: _span, known: _known, aliases, ...e }) => ({
      id: e.id,
      kind: e.kind,
      name: e.name,
      ...(aliases.length > 0 ? { aliases } : {}),
      evidence: e.evidence,
      proposal: e.proposal,
      confidence: e.confidence,
    })),
    relations: draft.relations.map(({ span: _span, props, ...r }) => ({
      type: r.type,
      from: r.from,
      to: r.to,
      ...(Object.keys(props).length > 0 ? { props } : {}),
      evidence: r.evidence,
      proposal: r.proposal,
      confidence: r.confidence,
    })),
  };
}

/** One line per relation type and the counts: what `kg extract` prints. */
export function summary(draft: Draft): string {
  const known = draft.entities.filter((e) => e.known).length;
  const byType = new Map<string, number>();
  for (const r of draft.relations) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  const types = [...byType].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`);
  return `${draft.entities.length} entities (${known} known, ${draft.entities.length - known} new), ${draft.relations.length} relations${types.length ? ` (${types.join(', ')})` : ''}`;
}
