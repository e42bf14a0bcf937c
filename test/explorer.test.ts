/**
 * The explorer end to end: Debian's chromium, driven by playwright-core, against the real server
 * (yoga over node:http on a free port) and the run's seeded Neo4j. Screenshots go to test/screenshots/.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createServer } from '../src/http/yoga.js';
import { explorerHarness } from './support/explorer.js';

describe('explorer (in Chromium)', () => {
  const { explorer, settled, openPage, texts, read, counts, shot, pick } = explorerHarness("the explorer's end-to-end tests");

  it('serves the bundle at / with its assets from the server itself, GraphiQL still at /graphql', async () => {
    const html = await (await fetch(`${explorer.base}/`)).text();
    expect(html).toContain('<div id="cy"');
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) expect((await fetch(`${explorer.base}${asset}`)).status).toBe(200);
    expect(html).not.toMatch(/https?:\/\//);
    const graphiql = await fetch(`${explorer.base}/graphql`, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('GraphiQL');
  });

  it('searches 毫束科技 as one types and opens its card: kind, name, aliases, facts and evidence with documents', async () => {
    const page = await openPage('/');
    await page.locator('.search .picker-input').fill('毫束科技');
    const options = page.locator('.search .picker-option');
    await options.first().waitFor();
    expect(await texts(page, '.search .picker-option .picker-name')).toContain('毫束科技(晋江)有限公司');
    await shot(page, 'search');
    await options.filter({ hasText: '毫束科技(晋江)有限公司' }).first().click();
    await settled(page);

    const card = page.locator('article.card');
    expect(await card.getAttribute('data-slug')).toBe('hao-shu-ke-ji');
    expect(await read(card.locator('.card-name'))).toBe('毫束科技(晋江)有限公司');
    expect(await read(card.locator('.card-head .kind'))).toBe('企业');
    expect(await read(card.locator('.aliases'))).toContain('毫束科技');
    expect(await read(card.locator('dd[data-fact="foundedOn"]'))).toBe('2024-10');
    const evidence = await texts(page, 'article.card .card-evidence .evidence li');
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.join('\n')).toContain('毫束科技(晋江)有限公司研发的首款纯国产电子源产品');
    expect(evidence.join('\n')).toContain('000_06180eb26bb0e0f8.txt');
    // Its relationships, each with its own evidence: the park it sits in, its parent company.
    const located = page.locator('.rel-group[data-type="LOCATED_IN"][data-dir="out"]');
    expect(await located.locator('.ent').allInnerTexts()).toContain('晋江芯智造产业园');
    expect(await located.locator('.evidence .quote').count()).toBeGreaterThan(0);
    expect(await page.locator('.rel-group[data-type="SUBSIDIARY_OF"][data-dir="out"] .ent').allInnerTexts()).toEqual([
      '毫束科技(北京)有限公司',
    ]);
    // The graph shows the neighbourhood, and the URL names the entity.
    const { nodes } = await counts(page);
    expect(nodes).toBeGreaterThan(3);
    expect(new URL(page.url()).searchParams.get('r')).toBe('hao-shu-ke-ji');
    await shot(page, 'card');
    await page.close();
  });

  it('expands a node on double-click and adds exactly its new neighbours', async () => {
    // What the API says: the park's neighbours that are not around 毫束科技 already.
    const yoga = createServer({ db: explorer.db });
    const around = async (id: string) => {
      const response = await yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'query($id: String!) { neighborhood(id: $id, depth: 1, limit: 150) { ... on Graph { nodes { slug } } } }',
          variables: { id },
        }),
      });
      const body = (await response.json()) as { data: { neighborhood: { nodes: { slug: string }[] } } };
      return new Set(body.data.neighborhood.nodes.map((n) => n.slug));
    };
    const root = await around('hao-shu-ke-ji');
    const park = 'jin-jiang-xin-zhi-zao-chan-ye-yuan';
    const expected = [...(await around(park))].filter((slug) => !root.has(slug));
    expect(expected.length).toBeGreaterThan(0);

    const page = await openPage('/?r=hao-shu-ke-ji');
    const before = await counts(page);
    expect(before.nodes).toBe(root.size);
    const at = await page.evaluate((id) => window.explorer.graph.screenPosition(id), park);
    expect(at).not.toBeNull();
    await page.mouse.dblclick(at!.x, at!.y);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#message')?.dataset.added !== undefined);
    await settled(page);
    const added = Number(await page.locator('#message').getAttribute('data-added'));
    expect(added).toBe(expected.length);
    expect(await read(page.locator('#message'))).toBe(`新增 ${expected.length} 个节点`);
    expect((await counts(page)).nodes).toBe(before.nodes + expected.length);
    const drawn = await page.evaluate(() => window.explorer.graph.cy.nodes().map((n) => n.id()));
    expect(drawn).toEqual(expect.arrayContaining(expected));
    // The expansion is part of the URL, and the park's card is open.
    expect(new URL(page.url()).searchParams.get('x')).toBe(park);
    expect(await page.locator('article.card').getAttribute('data-slug')).toBe(park);
    await shot(page, 'expand');

    // The type and kind filters hide what they leave out; reset brings back the start.
    await page.locator('.toolbar .kinds .chip[data-kind="Company"]').click();
    await settled(page);
    const filtered = await counts(page);
    expect(filtered.nodes).toBeLessThan(before.nodes + expected.length);
    expect(new URL(page.url()).searchParams.get('ks')).not.toContain('Company');
    await page.locator('[data-action="reset"]').click();
    await settled(page);
    expect(await counts(page)).toEqual(before);
    await page.close();
  });

  it('finds how 晋江安芯基金 is connected to 福州大学, hop by hop with evidence, shortest first', async () => {
    const page = await openPage('/');
    await page.locator('.tabs [data-view="paths"]').click();
    await pick(page, '.path-from input', '晋江安芯', '晋江安芯基金');
    await pick(page, '.path-to input', '福州大学', '福州大学');
    await page.locator('[data-action="find-paths"]').click();
    await page.locator('.path').first().waitFor();
    await settled(page);

    const chains = await texts(page, '.path .path-chain');
    expect(chains[0]).toBe('晋江安芯基金 → 晋江三伍微电子有限公司 → 福州大学');
    const first = page.locator('.path').first();
    expect(await read(first.locator('.path-head'))).toContain('2 跳');
    const hops = first.locator('.hop');
    expect(await hops.count()).toBe(2);
    expect(await read(hops.nth(0).locator('.hop-line'))).toBe('晋江安芯基金 —投资→ 晋江三伍微电子有限公司');
    expect(await read(hops.nth(0).locator('.quote').first())).toBe('但是晋江安芯基金投资了我们的天使轮');
    expect(await read(hops.nth(1).locator('.hop-line'))).toContain('晋江三伍微电子有限公司 —合作→ 福州大学');
    expect(await read(hops.nth(1).locator('.quote').first())).toContain('福州大学微电子学院');
    expect(await read(hops.nth(1).locator('cite').first())).toContain('000_06180eb26bb0e0f8.txt');
    // Every path is drawn; picking one highlights it.
    const drawn = await page.evaluate(() => window.explorer.graph.cy.nodes().map((n) => n.id()));
    expect(drawn).toEqual(expect.arrayContaining(['jin-jiang-an-xin-ji-jin', 'san-wu-wei', 'fu-zhou-da-xue']));
    await first.locator('.path-head').click();
    await settled(page);
    const highlighted = await page.evaluate(() => window.explorer.graph.cy.$('node.hl').map((n) => n.id()));
    expect(highlighted.sort()).toEqual(['fu-zhou-da-xue', 'jin-jiang-an-xin-ji-jin', 'san-wu-wei']);
    const url = new URL(page.url());
    expect(url.searchParams.get('pf')).toBe('jin-jiang-an-xin-ji-jin');
    expect(url.searchParams.get('pt')).toBe('fu-zhou-da-xue');
    await shot(page, 'paths');

    // Without companies on the way, there is no path within 4 hops through the seed graph's other kinds.
    await page.locator('.via input[value="Company"]').uncheck();
    await page.locator('[data-action="find-paths"]').click();
    await settled(page);
    expect(await page.locator('.path-chain').allInnerTexts()).not.toContain('晋江安芯基金 → 晋江三伍微电子有限公司 → 福州大学');
    expect(new URL(page.url()).searchParams.get('pv')).not.toContain('Company');
    await page.close();
  });

  it('opens a shared URL on the same view: entity, expansion and filters; path query and highlighted path', async () => {
    const explore = await openPage('/?r=hao-shu-ke-ji');
    await explore.evaluate(() => {
      window.explorer.graph.cy.$id('jin-jiang-xin-zhi-zao-chan-ye-yuan').emit('dbltap');
    });
    await explore.waitForFunction(() => new URL(location.href).searchParams.get('x'));
    await explore.locator('.toolbar .kinds .chip[data-kind="Person"]').click();
    await settled(explore);
    const shared = explore.url();
    const view = async (page: Page) => ({
      counts: await counts(page),
      card: await read(page.locator('article.card .card-name')),
      nodes: (
        await page.evaluate(() =>
          window.explorer.graph.cy
            .nodes()
            .not('.filtered')
            .map((n) => n.id()),
        )
      ).sort(),
    });
    const original = await view(explore);
    const reopened = await openPage(new URL(shared).search);
    expect(await view(reopened)).toEqual(original);
    expect(original.nodes).not.toContain('zhang-gang'); // the person filtered out
    await reopened.close();
    await explore.close();

    // A link may name the entity instead of giving its slug.
    const byName = await openPage(`/?r=${encodeURIComponent('新生纪元')}`);
    expect(await read(byName.locator('article.card .card-name'))).toBe('新生纪元生物科技有限公司');
    expect(new URL(byName.url()).searchParams.get('r')).toBe('xin-sheng-ji-yuan');
    await byName.close();

    const query = '/?v=paths&pf=jin-jiang-an-xin-ji-jin&pt=fu-zhou-da-xue&ph=5&pk=4&pi=1';
    const page = await openPage(query);
    expect(await page.locator('.path-from input').inputValue()).toBe('晋江安芯基金');
    expect(await page.locator('.path-to input').inputValue()).toBe('福州大学');
    expect(await page.locator('select[name="hops"]').inputValue()).toBe('5');
    expect(await page.locator('select[name="k"]').inputValue()).toBe('4');
    expect((await texts(page, '.path .path-chain'))[0]).toBe('晋江安芯基金 → 晋江三伍微电子有限公司 → 福州大学');
    expect(await page.locator('.path.active').getAttribute('data-index')).toBe('1');
    const highlighted = await page.evaluate(() => window.explorer.graph.cy.$('node.hl').map((n) => n.id()));
    expect(highlighted).toContain('fu-zhou-da-xue-wei-dian-zi-xue-yuan');
    await shot(page, 'shared-paths');
    await page.close();
  });

  it('answers who invests in 新生纪元 and which parks host which companies, from the page alone', async () => {
    const page = await openPage('/');
    await page.locator('a.question', { hasText: '谁投资了新生纪元' }).click();
    await settled(page);
    const investors = page.locator('.rel-group[data-type="INVESTS_IN"][data-dir="in"]');
    expect(await read(investors.locator('h4'))).toContain('投资方');
    // The fund that put in money, and the three co-founders read as investors (inferred).
    expect((await investors.locator('.ent').allInnerTexts()).sort()).toEqual(
      ['厚新创投基金', '新希望大健康产业基金', '晋园发展集团', '晋江国有资本'].sort(),
    );
    expect(await read(investors.locator('.rel-fact[data-fact="amountCny"]'))).toBe('1800万元');
    expect(await investors.locator('.rel-inference').count()).toBe(3);
    await page.goBack();
    await settled(page);

    await page.locator('a.question', { hasText: '哪些园区有哪些企业入驻' }).click();
    await settled(page);
    const park = page.locator('.browse-list li[data-slug="nan-yi-jin-jiang-guo-ji-xin-chuang-gang"]');
    const summary = await read(park);
    for (const tenant of ['新生纪元生物科技有限公司', '隐功科技新型钠离子电池生产基地', '福建睿斯科医疗技术有限公司'])
      expect(summary).toContain(tenant);
    const edges = await page.evaluate(() =>
      window.explorer.graph.cy
        .edges()
        .not('.filtered')
        .map((e) => e.data('type')),
    );
    expect(new Set(edges)).toEqual(new Set(['LOCATED_IN']));
    await shot(page, 'parks');
    await page.close();
  });

  it('walks the supply chain of 毫束科技 left to right: upstream segments, the company, downstream products', async () => {
    const page = await openPage('/?v=chain&c=hao-shu-ke-ji');
    expect(await page.locator('.chain-side[data-side="down"] .ent').allInnerTexts()).toContain('热场电子源');
    expect(await page.locator('.chain-side[data-side="up"] .ent').allInnerTexts()).toContain('BCB光刻胶');
    const x = await page.evaluate(() => {
      const at = (id: string) => window.explorer.graph.cy.$id(id).position('x');
      return { up: at('bcb-guang-ke-jiao'), root: at('hao-shu-ke-ji'), down: at('re-chang-dian-zi-yuan') };
    });
    expect(x.up).toBeLessThan(x.root);
    expect(x.root).toBeLessThan(x.down);
    await shot(page, 'chain');
    await page.close();
  });

  it('exports the view as PNG and JSON, and switches the interface to English', async () => {
    const page = await openPage('/?r=xin-sheng-ji-yuan');
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="png"]').click()]);
    const pngBytes = readFileSync((await png.path())!);
    expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="json"]').click()]);
    const exported = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(exported.nodes.map((n: { slug: string }) => n.slug)).toContain('xin-sheng-ji-yuan');
    type Exported = { type: string; source: string; inference: string | null; evidence: unknown[] };
    const investments = (exported.relationships as Exported[]).filter((r) => r.type === 'INVESTS_IN');
    const investment = investments.find((r) => r.source === 'xin-xi-wang-da-jian-kang-chan-ye-ji-jin');
    expect(investment).toMatchObject({ target: 'xin-sheng-ji-yuan', amountCny: 18_000_000, inference: null });
    expect(investment?.evidence.length).toBeGreaterThan(0);
    // The co-founders' investments are exported with the reason they are inferred.
    expect(investments.find((r) => r.source === 'jin-yuan-fa-zhan-ji-tuan')?.inference).toContain('共同设立');

    await page.locator('#lang').click();
    await settled(page);
    expect(await read(page.locator('.tabs [data-view="paths"]'))).toBe('Connections');
    expect(await read(page.locator('.rel-group[data-type="INVESTS_IN"][data-dir="in"] h4'))).toContain('Investors');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.waitForTimeout(300);
    await shot(page, 'tablet-en');
    await page.locator('#lang').click();
    await settled(page);
    expect(await read(page.locator('.tabs [data-view="paths"]'))).toBe('关联路径');
    await page.close();
  });

  it('asked nothing of any host but the server, and threw no error in the page', () => {
    expect(explorer.foreign).toEqual([]);
    expect(explorer.pageErrors).toEqual([]);
  });
});
