/**
 * Part of `npm run build` (and `npm start`): writes GraphiQL's assets to dist/graphiql/ for
 * src/http/graphiql.ts to serve. They come from @graphql-yoga/render-graphiql, which ships the very
 * bundle, stylesheet (fonts inlined) and editor workers that yoga's default page loads from a CDN. Its
 * own renderer inlines all ~9 MB into every page; importing them at run time would hold ~35 MB of heap
 * for good. As files with hashed names, a browser fetches them once, gzipped, and the server holds none.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as graphiql from '@graphql-yoga/render-graphiql/graphiql';
import { GRAPHIQL_DIST, type GraphiQLManifest } from '../http/graphiql.js';

const [, base64] = /^data:image\/x-icon;base64,(.+)$/.exec(graphiql.favicon) ?? [];
if (!base64) throw new Error('@graphql-yoga/render-graphiql: the favicon is no longer an inline icon');

const staging = `${GRAPHIQL_DIST}.${process.pid}`;
await rm(staging, { recursive: true, force: true });
await mkdir(staging, { recursive: true });

/** Writes one asset as `<stem>.<hash>.<ext>`, beside its gzipped copy, and returns that name. */
async function emit(stem: string, ext: string, content: string | Buffer): Promise<string> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const name = `${stem}.${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.${ext}`;
  await writeFile(join(staging, name), bytes);
  if (ext !== 'ico') await writeFile(join(staging, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  return name;
}

const manifest: GraphiQLManifest = {
  js: await emit('graphiql', 'js', graphiql.js),
  css: await emit('graphiql', 'css', graphiql.css),
  favicon: await emit('favicon', 'ico', Buffer.from(base64, 'base64')),
  // Keyed by the labels monaco asks getWorkerUrl for.
  workers: {
    editorWorkerService: await emit('editor.worker', 'js', graphiql.editorWorkerService),
    json: await emit('json.worker', 'js', graphiql.jsonWorker),
    graphql: await emit('graphql.worker', 'js', graphiql.graphqlWorker),
  },
};
await writeFile(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
// Written aside and moved in at the end: a build that fails half-way leaves no half set.
await rm(GRAPHIQL_DIST, { recursive: true, force: true });
await rename(staging, GRAPHIQL_DIST);
console.log(`wrote GraphiQL's assets to ${GRAPHIQL_DIST}`);
