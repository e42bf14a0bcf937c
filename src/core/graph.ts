/** The knowledge as plain data: what the seed compiler produces, the importers write and the exporters read. */
import type { Evidence } from './evidence.js';
import type { DocumentInfo, EntityProps, Kind, RelationProps, RelationType } from './schema.js';

export interface CompiledEntity {
  id: string;
  kind: Kind;
  name: string;
  aliases: string[];
  description?: string;
  props: EntityProps;
  evidence: Evidence[];
}

export interface CompiledRelation {
  type: RelationType;
  from: string;
  to: string;
  props: RelationProps;
  evidence: Evidence[];
}

export interface CompiledGraph {
  documents: DocumentInfo[];
  entities: CompiledEntity[];
  relations: CompiledRelation[];
}
