/** The small integers the index stores for kinds, relationship types and chain segments. */
import { KINDS, type Kind, RELATION_TYPES, type RelationType, SEGMENTS, type Segment } from '../core/ontology.js';

export const kindCode = (k: Kind) => KINDS.indexOf(k);
export const typeCode = (t: RelationType) => RELATION_TYPES.indexOf(t);
/** 0 for none, else 1 + the segment's index (its order along the chain). */
export const segmentCode = (s: Segment | null | undefined) => (s ? SEGMENTS.indexOf(s) + 1 : 0);
/** The only relationship type whose entries carry a segment. */
export const SEGMENTED = RELATION_TYPES.indexOf('IN_INDUSTRY');

export const checkCode = (code: number, count: number, what: string) => {
  if (!Number.isInteger(code) || code < 0 || code >= count) throw new RangeError(`not a ${what} code: ${code}`);
};
