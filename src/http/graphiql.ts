import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { PROJECT_ROOT } from '../core/paths.js';

/** Where `npm run build` (run by `npm install` and `npm start`) puts GraphiQL's assets: src/cli/graphiql-assets.ts. */
export const GRAPHIQL_DIST = join(PROJECT_ROOT, 'dist', 'graphiql');

/** The URL path the assets are served under. */
export const GRAPHIQL_ASSETS = '/graphiql/';

/** manifest.json in GRAPHIQL_DIST: the file name (hashed) of each asset. */
export interface GraphiQLManifest {
  js: string;
  css: string;
  favicon: string;
  /** By the label monaco gives MonacoEnvironment.getWorkerUrl. */
  workers: Record<string, string>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ico': 'image/x-icon',
};

async function readManifest(dist: string): Promise<GraphiQLManifest | undefined> {
  const text = await readFile(join(dist, 'manifest.json'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as GraphiQLManifest);
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** JSON that is safe inside a <script> element: no `</script>` can close it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * yoga's `renderGraphiQL`: the page of yoga's default renderer, with every asset from this server
 * (useGraphiQLAssets) instead of a CDN, so that GraphiQL works where there is no internet.
 */
export function createGraphiQLRenderer(dist = GRAPHIQL_DIST) {
  return async (options: GraphiQLOptions): Promise<string> => {
    const manifest = await readManifest(dist);
    const title = escapeHtml(options.title ?? 'GraphiQL');
    if (!manifest) {
      return `<!doctype html><meta charset="utf-8"><title>${title}</title><p>GraphiQL's assets are not built: run <code>npm run build</code>.</p>`;
    }
    const url = (name: string) => `${GRAPHIQL_ASSETS}${name}`;
    const workers = Object.fromEntries(Object.entries(manifest.workers).map(([label, name]) => [label, url(name)]));
    return `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="icon" href="${url(manifest.favicon)}" />
    <link rel="stylesheet" href="${url(manifest.css)}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(workers)};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => workers[label] };
    </script>
    <script src="${url(manifest.js)}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
  };
}

/**
 * Serves the files named in the manifest under GRAPHIQL_ASSETS, GET and HEAD only; any other path
 * there falls through to yoga's 404. Names are hashed, so they are cached for good; gzipped when the
 * browser takes it (the bundle is 5.3 MB, 1.4 MB gzipped).
 */
export function useGraphiQLAssets(dist = GRAPHIQL_DIST): Plugin {
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const name = url.pathname.slice(GRAPHIQL_ASSETS.length);
      const manifest = await readManifest(dist);
      // Only names the build wrote are served: nothing from the URL reaches the file system otherwise.
      if (!manifest || ![manifest.js, manifest.css, manifest.favicon, ...Object.values(manifest.workers)].includes(name)) return;
      const compressible = extname(name) !== '.ico';
      const gzip = compressible && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
      const body = await readFile(join(dist, gzip ? `${name}.gz` : name)).catch(() => undefined);
      if (!body) return;
      const headers: Record<string, string> = {
        'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
        'content-length': String(body.length),
        'cache-control': 'public, max-age=31536000, immutable',
      };
      if (compressible) headers.vary = 'accept-encoding';
      if (gzip) headers['content-encoding'] = 'gzip';
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : body, { headers }));
    },
  };
}
