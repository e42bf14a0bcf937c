/** The explorer's path form with names as people type them, in Chromium against the real server. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { createServer } from '../src/http/yoga.js';
import { connect } from './helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, ensureBundle, requireChromium } from './support/browser.js';

describe('explorer: names typed in the path form', () => {
  let db: Database;
  let server: Server;
  let base: string;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    requireChromium("the explorer's name tests");
    ensureBundle();
    db = connect();
    server = createHttpServer(createServer({ db }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'kg-explorer-names-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // Nothing but the server itself.
    await context.route(/.*/, (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  /** Types both ends without picking from the suggestions, and asks for the paths. */
  const ask = async (from: string, to: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${base}/?v=paths`);
    await page.locator('.path-from input').fill(from);
    await page.locator('.path-to input').fill(to);
    await page.locator('[data-action="find-paths"]').click();
    return page;
  };

  it('finds the paths from 安芯基金 (晋江安芯基金) to 福州大学', async () => {
    const page = await ask('安芯基金', '福州大学');
    await page.locator('.path').first().waitFor();
    expect((await page.locator('.path .path-chain').allInnerTexts())[0]).toBe('晋江安芯基金 → 晋江三伍微电子有限公司 → 福州大学');
    await page.close();
  });

  it('offers the candidates of a name that fits several, and one click searches with it', async () => {
    const page = await ask('毫束', '福州大学');
    const candidates = page.locator('.did-you-mean [data-candidate]');
    await candidates.first().waitFor();
    expect((await candidates.evaluateAll((els) => els.map((e) => e.getAttribute('data-candidate')))).sort()).toEqual([
      'hao-shu-ke-ji',
      'hao-shu-ke-ji-bei-jing',
    ]);
    await page.locator('.did-you-mean [data-candidate="hao-shu-ke-ji"]').click();
    await page.waitForURL(/pf=hao-shu-ke-ji(&|$)/);
    await expect.poll(() => page.locator('.path-from input').inputValue()).toBe('毫束科技(晋江)有限公司');
    await page.close();
  });
});
