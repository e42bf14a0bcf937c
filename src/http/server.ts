import { createServer, type Server } from 'node:http';
import { HTTP_DEFAULTS } from '../core/limits.js';
import type { Server as Yoga } from './yoga.js';

export interface HttpOptions {
  /** Time a client has to send a whole request (headers and body); slower uploads get 408. */
  requestTimeoutMs?: number;
}

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
