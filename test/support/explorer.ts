import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { createServer } from '../../src/http/yoga.js';
import { connect } from '../helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, ensureBundle, requireChromium, SCREENSHOTS } from './browser.js';

export interface Explorer {
  db: Database;
  base: string;
  context: BrowserContext;
  /** Requests the pages made to anything but the server itself. */
  foreign: string[];
  pageErrors: string[];
}

/** `apiKey`: the server's write key, for a test that writes through the page. */
export function explorerHarness(what: string, { apiKey }: { apiKey?: string } = {}) {
  const explorer = { foreign: [], pageErrors: [] } as unknown as Explorer;
  let server: Server | undefined;
  let profile: string | undefined;

  beforeAll(async () => {
    requireChromium(what);
    ensureBundle();
    explorer.db = connect();
    server = createHttpServer(createServer({ db: explorer.db, apiKey }));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    explorer.base = base;
    profile = mkdtempSync(join(tmpdir(), 'kg-explorer-chromium-'));
    explorer.context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    explorer.context.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(base) && !/^(data|blob):/.test(url)) explorer.foreign.push(url);
    });
    explorer.context.on('page', (page) => page.on('pageerror', (error) => explorer.pageErrors.push(error.message)));
  });

  afterAll(async () => {
    await explorer.context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (server) await new Promise((resolve) => server?.close(resolve));
    await explorer.db?.close();
  });

  /** Waits until no GraphQL request is under way and the view has settled. */
  async function settled(page: Page) {
    await page.waitForFunction(() => document.body.dataset.busy === '0', undefined, { timeout: 20_000 });
    await page.waitForTimeout(150);
    await page.waitForFunction(() => document.body.dataset.busy === '0', undefined, { timeout: 20_000 });
  }

  async function openPage(path = '/') {
    const page = await explorer.context.newPage();
    await page.goto(`${explorer.base}${path}`);
    await settled(page);
    return page;
  }

  const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();
  /** The text of one element (textContent: the checked elements hold no hidden text). */
  const read = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();
  const counts = async (page: Page) =>
    page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('#counts')!;
      return { nodes: Number(el.dataset.nodes), edges: Number(el.dataset.edges) };
    });
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `explorer-${name}.png`) });

  /** Types into a picker and picks the option with exactly this name. */
  async function pick(page: Page, input: string, text: string, name: string) {
    await page.locator(input).fill(text);
    const option = page.locator(`${input} + .picker-list .picker-option`, { has: page.locator('.picker-name', { hasText: name }) });
    await option.first().waitFor({ timeout: 10_000 });
    await option.first().click();
    await settled(page);
  }

  return { explorer, settled, openPage, texts, read, counts, shot, pick };
}
