import type { YogaInitialContext } from 'graphql-yoga';
import type { Database } from '../db/database.js';
import { keyMatches } from './auth.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Built per request and read-only: the database, the request's loaders, and whether the caller may write. */
export interface Context {
  db: Database;
  loaders: Loaders;
  /** A write key is configured on the server; without one, writes are disabled. */
  writesEnabled: boolean;
  /** The request carried the configured key. */
  isWriter: boolean;
}

export interface ServerOptions {
  db: Database;
  apiKey?: string;
}

export function createContext({ db, apiKey }: ServerOptions, { request }: YogaInitialContext): Context {
  const presented = request.headers.get('x-api-key') ?? request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
  return { db, loaders: createLoaders(db), writesEnabled: Boolean(apiKey), isWriter: keyMatches(apiKey, presented ?? undefined) };
}
