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

/**
 * An article given to the API (`extract`, `acceptArticle`) or to `kg extract`: above this many
 * characters (about 30 newspaper pages) it is refused before any work. An accepted article is stored
 * with its Document node, so this also bounds the text a document holds.
 */
export const MAX_ARTICLE_CHARS = 300_000;
/** Proposals a document remembers as rejected, and a request may reject at once. */
export const MAX_REJECTED = 2_000;

/** Request bodies above this many bytes are refused with 413 before they are parsed (KG_MAX_BODY_BYTES). */
export const MAX_BODY_BYTES = 1024 * 1024;

export type DocumentLimit = keyof typeof DOCUMENT_LIMITS;

/** The node:http server's timeouts and header bound; `requestTimeoutMs` is KG_HTTP_REQUEST_TIMEOUT_MS. */
export const HTTP_DEFAULTS = {
  requestTimeoutMs: 30_000,
  /** Time to send the headers alone: a slowloris holding sockets open is cut off early. */
  headersTimeoutMs: 10_000,
  /** Idle keep-alive sockets are closed after this (Node's default, stated). */
  keepAliveTimeoutMs: 5_000,
  /** Node's default, stated: a request line and headers above it get 431. */
  maxHeaderBytes: 16 * 1024,
  /** How often Node looks for requests past those timeouts (its default, 30 s, would let them linger). */
  checkIntervalMs: 1_000,
} as const;

/** Server-side transaction timeouts: Neo4j terminates a transaction that runs longer. */
export interface Timeouts {
  readMs: number;
  writeMs: number;
  /** `writeTransaction`: a whole import in one transaction. */
  importMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = { readMs: 15_000, writeMs: 60_000, importMs: 600_000 };

/**
 * How the topology index (src/traversal/live.ts) follows the graph: it reads the change log every
 * `pollMs`, and compares the graph's counts with its own every `checkMs` (writes made outside the
 * project). A change the log should show but does not is waited for `gapMs` (a commit being applied
 * shows within moments), then given up on: the graph is read again.
 */
export const TOPOLOGY_DEFAULTS = Object.freeze({ pollMs: 250, checkMs: 10_000, gapMs: 5_000 });
export type TopologySettings = { pollMs: number; checkMs: number; gapMs: number };
