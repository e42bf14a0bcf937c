/** How evidence is stored: one `document<TAB>quote` string per fact, in the `evidence` list property. */

export interface Evidence {
  document: string;
  quote: string;
}

/** A tab cannot occur in a document name or a quote (both are trimmed single-line text). */
export const EVIDENCE_SEPARATOR = '\t';

export const encodeEvidence = (e: Evidence) => `${e.document}${EVIDENCE_SEPARATOR}${e.quote}`;

export const decodeEvidence = (encoded: string): Evidence => {
  const at = encoded.indexOf(EVIDENCE_SEPARATOR);
  return { document: encoded.slice(0, at), quote: encoded.slice(at + 1) };
};
