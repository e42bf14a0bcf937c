/** Bounds of the API's arguments and documents: page sizes, hops, depths, and the cost a query may have. */
export const LIMITS = {
  pageSize: 100,
  maxHops: 6,
  depth: 3,
  k: 10,
  complexity: 5_000,
  queryDepth: 12,
} as const;
