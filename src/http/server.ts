import { createServer, type Server } from 'node:http';
import type { Server as Yoga } from './yoga.js';

export interface HttpOptions {
  /** Time a client has to send a whole request (headers and body); slower uploads get 408. */
  requestTimeoutMs?: number;
}

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

/** The node:http server in front of yoga, with the timeouts that keep slow or idle clients from holding sockets. */
export function createHttpServer(yoga: Yoga, options: HttpOptions = {}): Server {
  const requestTimeout = options.requestTimeoutMs ?? HTTP_DEFAULTS.requestTimeoutMs;
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(HTTP_DEFAULTS.headersTimeoutMs, requestTimeout),
      keepAliveTimeout: HTTP_DEFAULTS.keepAliveTimeoutMs,
      maxHeaderSize: HTTP_DEFAULTS.maxHeaderBytes,
      connectionsCheckingInterval: HTTP_DEFAULTS.checkIntervalMs,
    },
    yoga,
  );
  return server;
}
