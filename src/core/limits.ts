/** Bounds of the API's arguments and documents: page sizes, hops, depths, and the cost a query may have. */
export const LIMITS = {
  pageSize: 100,
  maxHops: 6,
  depth: 3,
  k: 10,
  complexity: 5_000,
  queryDepth: 12,
} as const;

/** Limits on the document itself, checked before execution: each may be set in the config (KG_MAX_*). */
export const DOCUMENT_LIMITS = { depth: LIMITS.queryDepth, aliases: 30, tokens: 2_000, directives: 20 } as const;

/** Request bodies above this many bytes are refused with 413 before they are parsed (KG_MAX_BODY_BYTES). */
export const MAX_BODY_BYTES = 1024 * 1024;

export type DocumentLimit = keyof typeof DOCUMENT_LIMITS;
