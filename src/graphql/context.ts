import type { YogaInitialContext } from 'graphql-yoga';
import type { Database } from '../db/database.js';
import type { Traversals } from '../traversal/traversals.js';
import { keyMatches } from './auth.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Built per request and read-only: the database, the traversals, the request's loaders, and whether the caller may write. */
export interface Context {
  db: Database;
  /** Paths, neighbourhoods and supply-chain tiers over the process's topology index. */
  traversals: Traversals;
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
  traversals?: Traversals;
}

export function createContext(
  { db, apiKey, traversals }: ServerOptions & { traversals: Traversals },
  { request }: YogaInitialContext,
): Context {
  const presented = request.headers.get('x-api-key') ?? request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
  return {
    db,
    traversals,
    loaders: createLoaders(db),
    writesEnabled: Boolean(apiKey),
    isWriter: keyMatches(apiKey, presented ?? undefined),
  };
}
