import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { PROJECT_ROOT } from '../core/paths.js';

/** Where `npm run build` (run by `npm install`) puts the explorer's bundle. */
export const EXPLORER_DIST = join(PROJECT_ROOT, 'src', 'explorer', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Serves the explorer at `/` (assets under `/assets/`), beside GraphQL at `/graphql`. */
export function useExplorer(dist = EXPLORER_DIST): Plugin {
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const path = url.pathname === '/' ? '/index.html' : url.pathname;
      if (path !== '/index.html' && !path.startsWith('/assets/')) return;
      const file = normalize(join(dist, path));
      if (!file.startsWith(dist)) return;
      const body = await readFile(file).catch(() => undefined);
      if (!body) {
        if (path === '/index.html') {
          endResponse(
            new fetchAPI.Response('The explorer is not built: run `npm run build`. GraphiQL is at /graphql.', {
              status: 503,
              headers: { 'content-type': 'text/plain; charset=utf-8' },
            }),
          );
        }
        return;
      }
      // Hashed asset names never change; the page itself must always be fresh.
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      endResponse(
        new fetchAPI.Response(body, {
          headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': cache },
        }),
      );
    },
  };
}
