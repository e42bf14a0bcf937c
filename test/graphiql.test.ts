/**
 * GraphiQL at /graphql works without the internet: Debian's chromium, driven by playwright-core,
 * against the real server (yoga over node:http on a free port) and the run's seeded Neo4j, with every
 * request to any other host failed. Screenshots go to test/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/core/limits.js';
import { PROJECT_ROOT } from '../src/core/paths.js';
import type { Database } from '../src/db/database.js';
import { GRAPHIQL_ASSETS, GRAPHIQL_DIST, type GraphiQLManifest } from '../src/http/graphiql.js';
import { createServer } from '../src/http/yoga.js';
import { connect } from './helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium, SCREENSHOTS } from './support/browser.js';

/** `npm install` writes the assets (`npm run build`); write them here when that never ran in this checkout. */
function ensureAssets(): GraphiQLManifest {
  const manifest = join(GRAPHIQL_DIST, 'manifest.json');
  if (!existsSync(manifest)) {
    execFileSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'cli', 'graphiql-assets.ts')], {
      cwd: PROJECT_ROOT,
      stdio: 'pipe',
    });
  }
  return JSON.parse(readFileSync(manifest, 'utf8')) as GraphiQLManifest;
}

describe('GraphiQL (in Chromium, offline)', () => {
  let db: Database;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let manifest: GraphiQLManifest;
  /** Requests to anything but the server itself: each one was failed. */
  const foreign: string[] = [];
  /** Requests to the server: `METHOD path content-type`. */
  const local: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireChromium("GraphiQL's end-to-end test");
    manifest = ensureAssets();
    db = connect();
    server = createHttpServer(createServer({ db }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // As on an intranet: nothing but the server answers. (data: and blob: URLs never reach a route.)
    await context.route('**/*', async (route) => {
      const request = route.request();
      const url = request.url();
      if (!url.startsWith(`${base}/`)) {
        foreign.push(url);
        return route.abort('internetdisconnected');
      }
      local.push(`${request.method()} ${new URL(url).pathname} ${(await request.headerValue('content-type')) ?? ''}`.trim());
      return route.continue();
    });
    context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    await db?.close();
  });

  it('serves a page that names only its own assets, each with its type, cached for good, gzipped on request', async () => {
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<title>产业链知识图谱 · GraphiQL</title>');
    expect(html).toContain('query SearchHaoshu');
    expect(html).not.toMatch(/https?:\/\//);
    const names = [manifest.js, manifest.css, manifest.favicon, ...Object.values(manifest.workers)];
    expect(Object.keys(manifest.workers).sort()).toEqual(['editorWorkerService', 'graphql', 'json']);
    const types = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.ico': 'image/x-icon' };

    // In process (yoga.fetch), to see the bytes as sent: Node's fetch would unzip them.
    const yoga = createServer({ db });
    for (const name of names) {
      const url = `http://test${GRAPHIQL_ASSETS}${name}`;
      expect(html).toContain(`"${GRAPHIQL_ASSETS}${name}"`);
      const plain = await yoga.fetch(url);
      expect(plain.status).toBe(200);
      expect(plain.headers.get('content-type')).toBe(types[name.slice(name.lastIndexOf('.')) as keyof typeof types]);
      expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const bytes = Buffer.from(await plain.arrayBuffer());
      expect(bytes.length).toBe(Number(plain.headers.get('content-length')));
      const head = await yoga.fetch(url, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(bytes.length));
      expect((await head.arrayBuffer()).byteLength).toBe(0);
      if (name === manifest.favicon) continue;
      const gzipped = await yoga.fetch(url, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(gzipped.headers.get('content-encoding')).toBe('gzip');
      expect(gzipped.headers.get('vary')).toBe('accept-encoding');
      const zipped = Buffer.from(await gzipped.arrayBuffer());
      expect(zipped.length).toBeLessThan(bytes.length * 0.6);
      expect(gunzipSync(zipped).equals(bytes)).toBe(true);
    }

    // Nothing else is served from there: not other methods, not other files, not a way out.
    expect((await yoga.fetch(`http://test${GRAPHIQL_ASSETS}${manifest.js}`, { method: 'POST', body: '{}' })).status).toBe(404);
    for (const path of [
      'manifest.json',
      `${manifest.js}.gz`,
      '..%2Fpackage.json',
      '%2e%2e/%2e%2e/package.json',
      '..%5c..%5cpackage.json',
      '',
    ]) {
      expect((await yoga.fetch(`http://test${GRAPHIQL_ASSETS}${path}`)).status, path).toBe(404);
    }
  });

  it('renders GraphiQL from the server alone and runs an example operation from the page', async () => {
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${base}/graphql`);
    await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
    // Monaco draws spaces as no-break spaces.
    const text = async (selector: string) => (await page.locator(selector).innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(() => text('.graphiql-query-editor .view-lines'), { timeout: 30_000 }).toContain('query SearchHaoshu');
    expect(await page.title()).toBe('产业链知识图谱 · GraphiQL');

    // Several operations in the editor: the run button asks which one.
    await page.locator('.graphiql-execute-button').click();
    const operations = page.locator('[role="menuitem"]');
    await operations.first().waitFor();
    expect(await operations.allInnerTexts()).toEqual([
      'SearchHaoshu',
      'InvestorsOfXinshengjiyuan',
      'TenantsOfXinchuanggang',
      'PathsAnxinToFuzhouUniversity',
      'Stats',
    ]);
    // The response editor draws only the lines in view: tall enough for all four investors.
    await page.setViewportSize({ width: 1280, height: 3200 });
    await operations.filter({ hasText: 'InvestorsOfXinshengjiyuan' }).click();
    const result = () => text('.graphiql-response .view-lines');
    await expect.poll(result, { timeout: 30_000 }).toContain('"amountCny"');
    const answer = await result();
    expect(answer).toContain('"name": "新生纪元生物科技有限公司"');
    expect(answer).toContain('"name": "新希望大健康产业基金"');
    expect(answer).toContain('"amountCny": 18000000');
    expect(answer).not.toContain('"errors"');
    await page.screenshot({ path: join(SCREENSHOTS, 'graphiql.png') });
    console.log(`GraphiQL rendered and answered in ${Date.now() - started} ms`);
    await page.close();
  });

  it('asked nothing of any host but the server: the bundle, stylesheet, icon and editor workers came from it', () => {
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
    const names = [manifest.js, manifest.css, manifest.favicon, ...Object.values(manifest.workers)];
    for (const name of names) expect(local).toContain(`GET ${GRAPHIQL_ASSETS}${name}`);
    // The page's GraphQL requests (introspection, the operation) are JSON POSTs: no CSRF header needed.
    expect(local.filter((r) => r.startsWith('POST /graphql')).length).toBeGreaterThanOrEqual(2);
    expect(local.filter((r) => r.startsWith('POST '))).toEqual(local.filter((r) => r === 'POST /graphql application/json'));
  });

  it('still refuses cross-site-able and oversized GraphQL requests', async () => {
    const simple = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(simple.status).toBe(403);
    const big = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(MAX_BODY_BYTES)}` }),
    });
    expect(big.status).toBe(413);
  });
});
