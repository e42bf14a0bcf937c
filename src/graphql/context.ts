import type { YogaInitialContext } from 'graphql-yoga';
import type { Database } from '../db/database.js';
import type { PathSearcher } from '../repositories/paths/searcher.js';
import { keyMatches } from './auth.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Built per request and read-only: the database, the path searcher, the request's loaders, and whether the caller may write. */
export interface Context {
  db: Database;
  /** The server's path searcher: its settings, and the searches' turns. */
  pathSearcher: PathSearcher;
  loaders: Loaders;
  /** A write key is configured on the server; without one, writes are disabled. */
  writesEnabled: boolean;
  /** The request carried the configured key. */
  isWriter: boolean;
}

export interface ServerOptions {
  db: Database;
  apiKey?: string;
  /** One per process, made from the configuration (src/main.ts); createServer makes one with the defaults if none is given. */
  pathSearcher?: PathSearcher;
}

export function createContext(
  { db, apiKey, pathSearcher }: ServerOptions & { pathSearcher: PathSearcher },
  { request }: YogaInitialContext,
): Context {
  const presented = request.headers.get('x-api-key') ?? request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
  return {
    db,
    pathSearcher,
    loaders: createLoaders(db),
    writesEnabled: Boolean(apiKey),
    isWriter: keyMatches(apiKey, presented ?? undefined),
  };
}
