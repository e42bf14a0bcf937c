/**
 * The explorer's smaller promises, in Chromium against the real server: picking with the keyboard,
 * a relationship's evidence on clicking its edge, an inferred one drawn dashed with its reason, "copy link" giving a link that opens the same view,
 * and the English interface's links and edge labels. test/explorer.test.ts has the main journeys.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createServer } from '../src/http/yoga.js';
import { explorerHarness } from './support/explorer.js';

const INVESTOR = 'xin-xi-wang-da-jian-kang-chan-ye-ji-jin';

describe('explorer interactions (in Chromium)', () => {
  const { explorer, settled, openPage, texts, read, counts, shot } = explorerHarness("the explorer's interaction tests");

  /** What the API answers, to compare the page with. */
  async function api(query: string) {
    const response = await createServer({ db: explorer.db }).fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return ((await response.json()) as { data: any }).data;
  }

  /** The drawn edge of this type between these two entities: its id, label and centre on the page. */
  const edgeBetween = (page: Page, source: string, type: string, target: string) =>
    page.evaluate(
      ({ source, type, target }) => {
        const { cy } = window.explorer.graph;
        const edge = cy.edges().filter((e) => e.data('source') === source && e.data('target') === target && e.data('type') === type);
        if (edge.empty()) return null;
        const box = cy.container()!.getBoundingClientRect();
        const mid = edge.renderedMidpoint();
        return { id: edge.id(), label: String(edge.style('label')), x: box.left + mid.x, y: box.top + mid.y };
      },
      { source, type, target },
    );

  it('picks from the search list with the keyboard: arrows move the choice, Enter opens it, Escape closes the list', async () => {
    const page = await openPage('/');
    const input = page.locator('.search .picker-input');
    await input.click();
    await input.pressSequentially('毫束科技');
    const options = page.locator('.search .picker-option');
    await options.nth(1).waitFor();
    const slugs = await options.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.slug));
    const selected = () => options.evaluateAll((els) => els.map((el) => el.getAttribute('aria-selected')));
    expect((await selected())[0]).toBe('true');

    await input.press('ArrowDown');
    expect((await selected()).indexOf('true')).toBe(1);
    expect(await input.getAttribute('aria-activedescendant')).toBe(await options.nth(1).getAttribute('id'));
    // Up from the first wraps to the last, down from the last to the first.
    await input.press('ArrowUp');
    await input.press('ArrowUp');
    expect((await selected()).indexOf('true')).toBe(slugs.length - 1);
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    expect((await selected()).indexOf('true')).toBe(1);
    await input.press('Enter');
    await settled(page);
    expect(await page.locator('article.card').getAttribute('data-slug')).toBe(slugs[1]);
    expect(new URL(page.url()).searchParams.get('r')).toBe(slugs[1]);

    await input.fill('晋江');
    await options.first().waitFor();
    await input.press('Escape');
    expect(await page.locator('.search .picker-list').isHidden()).toBe(true);
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    await page.close();

    // Typed and Enter at once, before any list: the best match opens.
    const quick = await openPage('/');
    const box = quick.locator('.search .picker-input');
    await box.click();
    await box.fill('新生纪元');
    await box.press('Enter');
    await settled(quick);
    expect(await quick.locator('article.card').getAttribute('data-slug')).toBe('xin-sheng-ji-yuan');
    expect(new URL(quick.url()).searchParams.get('r')).toBe('xin-sheng-ji-yuan');
    await quick.close();
  });

  it("shows a relationship's facts and evidence when its edge is clicked, and hides them on a click beside it", async () => {
    const expected = await api(`{ entity(id: "xin-sheng-ji-yuan") { ... on Company {
      investors { investor { slug } evidence { document quote } } } } }`);
    const investment = expected.entity.investors.find((i: { investor: { slug: string } }) => i.investor.slug === INVESTOR);
    expect(investment.evidence.length).toBeGreaterThan(0);

    const page = await openPage('/?r=xin-sheng-ji-yuan');
    const edge = await edgeBetween(page, INVESTOR, 'INVESTS_IN', 'xin-sheng-ji-yuan');
    expect(edge).not.toBeNull();
    await page.mouse.click(edge!.x, edge!.y);
    const selection = page.locator('#selection');
    await selection.waitFor({ state: 'visible' });
    expect(await selection.getAttribute('data-of')).toBe('edge');
    expect(await texts(page, '#selection .sel-head strong')).toEqual(['新希望大健康产业基金', '新生纪元生物科技有限公司']);
    expect(await read(selection.locator('.sel-head .arrow'))).toBe('—投资→');
    expect(await read(selection.locator('.rel-fact[data-fact="amountCny"]'))).toBe('1800万元');
    expect(await texts(page, '#selection .evidence .quote')).toEqual(investment.evidence.map((e: { quote: string }) => e.quote));
    expect(await texts(page, '#selection .evidence .doc')).toEqual(investment.evidence.map((e: { document: string }) => e.document));
    await shot(page, 'edge-evidence');

    const box = await page.locator('#cy').boundingBox();
    await page.mouse.click(box!.x + 5, box!.y + box!.height - 5);
    await selection.waitFor({ state: 'hidden' });
    await page.close();
  });

  it('draws an inferred relationship dashed, marks its label, and gives its reason when clicked', async () => {
    const expected = await api(`{ entity(id: "hao-shu-ke-ji") {
      relations(types: [SUBSIDIARY_OF], direction: OUT) { edges { node { stated inference } } } } }`);
    const { inference } = expected.entity.relations.edges[0].node;
    expect(inference).toBeTruthy();

    const page = await openPage('/?r=hao-shu-ke-ji');
    const style = (type: string, target: string) =>
      page.evaluate(
        ({ type, target }) => {
          const edge = window.explorer.graph.cy.edges().filter((e) => e.data('type') === type && e.data('target') === target);
          return { line: String(edge.style('line-style')), label: String(edge.style('label')) };
        },
        { type, target },
      );
    expect(await style('SUBSIDIARY_OF', 'hao-shu-ke-ji-bei-jing')).toEqual({ line: 'dashed', label: '子公司 · 推断' });
    expect((await style('LOCATED_IN', 'jin-jiang-xin-zhi-zao-chan-ye-yuan')).line).toBe('solid');

    const edge = await edgeBetween(page, 'hao-shu-ke-ji', 'SUBSIDIARY_OF', 'hao-shu-ke-ji-bei-jing');
    await page.mouse.click(edge!.x, edge!.y);
    const selection = page.locator('#selection');
    await selection.waitFor({ state: 'visible' });
    expect(await read(selection.locator('.rel-inference'))).toBe(`推断：${inference}`);
    // The card lists it with the same reason; a stated relationship has none.
    expect(await read(page.locator('.card .rel-group[data-type="SUBSIDIARY_OF"] .rel-inference'))).toBe(`推断：${inference}`);
    expect(await page.locator('.card .rel-group[data-type="LOCATED_IN"] .rel-inference').count()).toBe(0);
    await shot(page, 'inferred-edge');
    await page.close();
  });

  it('copies a link to the clipboard that opens the same view', async () => {
    await explorer.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: explorer.base });
    // A view of a few steps: another entity opened from the card, and a kind filtered out.
    const page = await openPage('/?r=hao-shu-ke-ji');
    const link = page.locator('.rel-group[data-type="LOCATED_IN"][data-dir="out"] .ent').first();
    const other = await link.getAttribute('data-slug');
    await link.click();
    await page.locator('.toolbar .kinds .chip[data-kind="Product"]').click();
    await settled(page);
    await page.locator('[data-action="copy"]').click();
    await page.waitForFunction(() => document.querySelector('#message')?.textContent === '链接已复制');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(page.url());

    const view = async (p: Page) => ({
      counts: await counts(p),
      card: await p.locator('article.card').getAttribute('data-slug'),
      kinds: new URL(p.url()).searchParams.get('ks'),
    });
    const reopened = await openPage(new URL(copied).search);
    expect(await view(reopened)).toEqual(await view(page));
    expect(await view(page)).toMatchObject({ card: other, kinds: expect.not.stringContaining('Product') });
    await reopened.close();
    await page.close();
  });

  it('keeps English in its links and on the graph: question links, edge labels, hops', async () => {
    const page = await openPage('/?lang=en');
    const question = page.locator('a.question', { hasText: 'Who invests in 新生纪元?' });
    // The link itself carries the language, for a new tab or a copied address as for a click.
    const href = new URL((await question.getAttribute('href')) as string, explorer.base).href;
    expect(new URL(href).searchParams.get('lang')).toBe('en');
    const newTab = await openPage(new URL(href).search);
    expect(await read(newTab.locator('.rel-group[data-type="INVESTS_IN"][data-dir="in"] h4'))).toContain('Investors');
    await newTab.close();

    await question.click();
    await settled(page);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(await read(page.locator('.rel-group[data-type="INVESTS_IN"][data-dir="in"] .rel-fact[data-fact="amountCny"]'))).toBe('CNY 18M');
    expect((await edgeBetween(page, INVESTOR, 'INVESTS_IN', 'xin-sheng-ji-yuan'))?.label).toBe('invests in · CNY 18M');
    // Switched back, the drawn labels follow.
    await page.locator('#lang').click();
    await settled(page);
    expect((await edgeBetween(page, INVESTOR, 'INVESTS_IN', 'xin-sheng-ji-yuan'))?.label).toBe('投资 · 1800万元');
    await page.close();

    const paths = await openPage('/?v=paths&pf=jin-jiang-an-xin-ji-jin&pt=fu-zhou-da-xue&lang=en');
    const hop = paths.locator('.path').first().locator('.hop-line').first();
    expect(await read(hop)).toBe('晋江安芯基金 —invests in→ 晋江三伍微电子有限公司');
    expect(await read(paths.locator('.path').first().locator('.path-head'))).toContain('2 hops');
    await paths.close();
  });

  it('asked nothing of any host but the server, and threw no error in the page', () => {
    expect(explorer.foreign).toEqual([]);
    expect(explorer.pageErrors).toEqual([]);
  });
});
