/** The 分类浏览 tab: every entity of a kind, best connected first; with the whole kind drawn, what each is linked to. */
import type { Actions } from '../actions.js';
import type { Data } from '../data.js';
import { $, fill, h, kindDot } from '../dom.js';
import { groupText, KINDS, kindText, t } from '../i18n.js';
import { entityLink } from '../parts.js';
import { store, watch } from '../store.js';

export function mountBrowse(data: Data, act: Actions) {
  const panel = $('#panel-browse');
  let generation = 0;

  /** With the overview drawn, what an entry is linked to (through the visible relationship types and kinds). */
  async function summary(slug: string, overview: boolean) {
    if (!overview) return null;
    const around = await data.neighbourhoods.peek(slug);
    if (!around) return null;
    const state = store.get();
    const byNode = new Map(around.nodes.map((n) => [n.slug, n]));
    const groups = new Map<string, string[]>();
    for (const e of around.edges) {
      if (state.types && !state.types.includes(e.type)) continue;
      const out = e.source.slug === slug;
      const other = byNode.get(out ? e.target.slug : e.source.slug);
      if (!other || (state.kinds && !state.kinds.includes(other.kind))) continue;
      const label = groupText(e.type, out);
      groups.set(label, [...(groups.get(label) ?? []), other.name]);
    }
    return [...groups.entries()].map(([label, names]) =>
      h('div', { class: 'summary' }, h('span', { class: 'label' }, `${label}：`), names.join('、')),
    );
  }

  async function render(gen: number) {
    const kind = store.get().browse;
    const kinds = h(
      'div',
      { class: 'kind-grid' },
      KINDS.map((k) =>
        h(
          'button',
          {
            type: 'button',
            class: `chip${k === kind ? ' on' : ''}`,
            'data-kind': k,
            'aria-pressed': k === kind ? 'true' : 'false',
            onclick: () => act.commit({ browse: k }),
          },
          kindDot(k),
          kindText(k),
        ),
      ),
    );
    if (!kind) {
      fill(panel, h('h2', {}, t('browse.title')), h('p', { class: 'muted' }, t('browse.hint')), kinds);
      return;
    }
    const list = await data.members.get(kind).catch(() => null);
    if (gen !== generation) return;
    const overview = store.get().overview === kind;
    const items = list ? await Promise.all(list.entities.map(async (e) => ({ e, lines: await summary(e.slug, overview) }))) : [];
    if (gen !== generation) return;
    fill(
      panel,
      h('h2', {}, t('browse.title')),
      kinds,
      list
        ? h(
            'div',
            { class: 'browse' },
            h(
              'div',
              { class: 'row' },
              h('span', { class: 'muted' }, t('browse.count', { n: list.total })),
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn primary',
                  'data-action': 'overview',
                  disabled: overview,
                  onclick: () => act.commit({ overview: kind, root: null, selected: null, expanded: [] }),
                },
                t('browse.all'),
              ),
            ),
            h(
              'ul',
              { class: 'browse-list' },
              items.map(({ e, lines }) => h('li', { 'data-slug': e.slug }, entityLink(e, act.open), lines)),
            ),
          )
        : null,
    );
  }

  // `drawn`: the summaries read the neighbourhoods the graph has just loaded.
  watch(['view', 'browse', 'overview', 'types', 'kinds', 'lang', 'drawn'], (state) => {
    if (state.view === 'browse') void render(++generation);
  });
}
