/** The knowledge as plain data: what the seed compiler produces, the importers write and the exporters read. */
import type { Evidence } from './evidence.js';
import type { DocumentInfo, EntityInferred, EntityProps, Kind, RelationProps, RelationType } from './schema.js';

export interface CompiledEntity {
  id: string;
  kind: Kind;
  name: string;
  aliases: string[];
  description?: string;
  props: EntityProps;
  /** The facts among `props` that rest on a reading, with the reason; absent or empty: all stated. */
  inferred?: EntityInferred;
  evidence: Evidence[];
}

export interface CompiledRelation {
  type: RelationType;
  from: string;
  to: string;
  props: RelationProps;
  /** Why the relation rests on a reading; absent: stated. */
  inferred?: string;
  evidence: Evidence[];
}

/**
 * What an article accepted through the API adds to its document: the text its quotes are checked
 * against, and the review's verdicts (proposal keys, see src/core/proposals.ts): the rejected ones
 * are remembered, the accepted ones forgotten as rejected.
 */
export interface ArticleReview {
  text?: string;
  rejected?: string[];
  accepted?: string[];
}

export interface CompiledGraph {
  documents: (DocumentInfo & ArticleReview)[];
  entities: CompiledEntity[];
  relations: CompiledRelation[];
}
