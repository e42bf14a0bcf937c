/**
 * The 导入文章 tab in Chromium against the real server: an article of our own pasted, two proposals
 * accepted (one with the keyboard), one rejected, written with the API key; then the two are on the
 * graph with their evidence, and the rejected one is not, and is remembered for the article.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explorerHarness } from './support/explorer.js';
import { deleteArticle } from './support/fixtures.js';

const KEY = 'test-key-explorer-import';
const ARTICLE = readFileSync(new URL('./fixtures/articles/review-article-browser.txt', import.meta.url), 'utf8');
const FILE = `article-${createHash('sha256').update(ARTICLE).digest('hex').slice(0, 16)}.txt`;
const COMPANY = 'chen-guang-wei-dian-zi-jin-jiang-you-xian-gong-si';
const PARK = 'nan-yi-jin-jiang-guo-ji-xin-chuang-gang';

describe('explorer: import an article (in Chromium)', () => {
  const { explorer, settled, openPage, shot } = explorerHarness("the explorer's import test", { apiKey: KEY });
  beforeAll(async () => deleteArticle(explorer.db, FILE));
  afterAll(async () => deleteArticle(explorer.db, FILE));

  it('reviews an article, writes the accepted facts with their evidence, and remembers the rejected one', async () => {
    const page = await openPage('/');
    await page.locator('.tabs [data-view="import"]').click();
    const panel = page.locator('#panel-import');
    expect(await panel.locator('h2').textContent()).toBe('从文章导入事实');
    await panel.locator('textarea[name="article"]').fill(ARTICLE);
    await panel.locator('input[name="title"]').fill('辰光微电子落户芯创港');
    await panel.locator('input[name="date"]').fill('2025-03');
    await panel.locator('[data-action="extract"]').click();
    await settled(page);

    const proposal = (type: string) => panel.locator(`.proposal[data-type="${type}"]`);
    await proposal('LEADS').waitFor();
    // Two of the new company's facts (which two follows the extractor's rules), its chairman rejected.
    const company = panel.locator('.proposal:not([data-type="LEADS"])', { has: page.locator(`.ent.new[data-slug="${COMPANY}"]`) });
    expect(await company.count()).toBeGreaterThanOrEqual(2);
    const [first, second] = [company.nth(0), company.nth(1)];
    const accepted = [await first.getAttribute('data-type'), await second.getAttribute('data-type')].sort();
    // A known end opens its card.
    expect(await proposal('LOCATED_IN').locator(`button.ent[data-slug="${PARK}"]`).count()).toBe(1);

    // Its sentence, highlighted in the text.
    await first.locator('[data-action="show"]').click();
    const squeeze = (x: string | null) => (x ?? '').replace(/\s+/g, '');
    const marked = squeeze(await panel.locator('.article mark').textContent());
    const quotes = (await first.locator('.quote').allTextContents()).map(squeeze);
    expect(marked.length).toBeGreaterThan(0);
    expect(quotes.some((q) => marked.includes(q))).toBe(true);

    await first.locator('[data-action="accept"]').click();
    // An edit: a note on the second fact.
    await second.locator('details.edit summary').click();
    await second.locator('input[name="note"]').fill('经人工审阅');
    await second.locator('input[name="note"]').press('Tab');
    expect(await second.locator('.rel-note').textContent()).toBe('经人工审阅');
    // With the keyboard: focus the button, press Enter; the focus stays on it after the redraw.
    await second.locator('[data-action="accept"]').focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.action)).toBe('accept');
    await proposal('LEADS').locator('[data-action="reject"]').click();
    expect(await panel.locator('[data-role="count"]').textContent()).toMatch(/已接受 2，已拒绝 1/);

    // Without the key, nothing is written.
    await panel.locator('[data-action="write"]').click();
    await settled(page);
    expect(await panel.locator('.import-outcome.error').textContent()).toContain('API 密钥');
    await panel.locator('input[name="apiKey"]').fill(KEY);
    await panel.locator('[data-action="write"]').click();
    await settled(page);
    const done = panel.locator('.import-outcome.done');
    expect(await done.textContent()).toContain('已写入 2 条关系');
    await shot(page, 'import-written');
    // The graph beside the review already shows them.
    const around = () =>
      page.evaluate(
        (company) =>
          window.explorer.graph.cy
            .edges()
            .filter((e) => e.data('source') === company || e.data('target') === company)
            .map((e) => e.data('type') as string)
            .sort(),
        COMPANY,
      );
    expect(await around()).toEqual(accepted);

    // The company's card: the two facts with their quotes and sentences, not the rejected one.
    await done.locator(`button.ent[data-slug="${COMPANY}"]`).click();
    await settled(page);
    const card = page.locator('#panel-explore');
    expect(await card.locator('.card-name').textContent()).toBe('辰光微电子(晋江)有限公司');
    await card.locator(`.rel-group[data-type="${accepted[1]}"]`).waitFor();
    const groups = await card.locator('.rel-group').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.type).sort());
    expect(groups).toEqual(accepted);
    for (const type of accepted) {
      const group = card.locator(`.rel-group[data-type="${type}"]`);
      expect(squeeze(await group.locator('.quote').first().textContent()).length).toBeGreaterThan(0);
      expect(await group.locator('cite').first().textContent()).toContain('辰光微电子落户芯创港');
    }
    expect(await card.locator(`.rel-group[data-type="${await second.getAttribute('data-type')}"] .rel-note`).textContent()).toBe(
      '经人工审阅',
    );
    // A quote's sentence from the stored article.
    expect(await card.locator('.rel-group .context').first().textContent()).toContain('辰光微电子(晋江)有限公司');
    // And on the graph: the two edges, no LEADS.
    expect(await around()).toEqual(accepted);

    // The same article again: the rejected proposal is marked.
    await page.locator('.tabs [data-view="import"]').click();
    await panel.locator('[data-action="extract"]').click();
    await settled(page);
    await proposal('LEADS').waitFor();
    expect(await proposal('LEADS').getAttribute('class')).toContain('rejected');
    expect(await proposal('LEADS').locator('[data-role="rejected-before"]').textContent()).toBe('曾被拒绝');

    // In English.
    await page.locator('#lang').click();
    expect(await panel.locator('h2').textContent()).toBe('Facts from an article');
    expect(await proposal('LEADS').locator('[data-action="reject"]').textContent()).toBe('Reject');

    expect(explorer.foreign).toEqual([]);
    expect(explorer.pageErrors).toEqual([]);
  });
});
