/** Above the graph: the kind and relationship-type filters, and fit, reset, export and copy-link. */
import type { Actions } from '../actions.js';
import { type Data, pathsKey } from '../data.js';
import { $, download, h } from '../dom.js';
import type { GraphView } from '../graph.js';
import { KIND_STYLE } from '../graph-style.js';
import { KINDS, type Kind, kindText, RELATION_TYPES, type RelationType, t, typeText } from '../i18n.js';
import { graphMode, linkState, store, watch } from '../store.js';

export function mountToolbar(canvas: GraphView, data: Data, act: Actions) {
  const bar = $('#toolbar');
  const setKinds = (next: Set<Kind>) => act.commit({ kinds: next.size === KINDS.length ? null : KINDS.filter((k) => next.has(k)) }, false);
  const setTypes = (next: Set<RelationType>) =>
    act.commit({ types: next.size === RELATION_TYPES.length ? null : RELATION_TYPES.filter((k) => next.has(k)) }, false);
  const toggled = <T>(set: ReadonlySet<T>, item: T) => {
    const next = new Set(set);
    if (next.has(item)) next.delete(item);
    else next.add(item);
    return next;
  };

  function reset() {
    const state = store.get();
    const resets = state.resets + 1;
    const mode = graphMode(state.view);
    if (mode === 'explore') act.commit({ expanded: [], types: null, kinds: null, selected: state.root, inspected: null, resets }, false);
    else if (mode === 'paths') act.commit({ pathIndex: -1, inspected: null, resets }, false);
    else store.update({ inspected: null, resets });
  }

  const fileStem = () => {
    const state = store.get();
    const mode = graphMode(state.view);
    const id = mode === 'paths' ? `${state.from}-${state.to}` : mode === 'chain' ? state.chain : (state.overview ?? state.root);
    return `kg-${mode}-${id ?? 'view'}`;
  };

  function exportPng() {
    if (canvas.cy.nodes().empty()) return;
    download(canvas.png(), `${fileStem()}.png`);
  }

  async function exportJson() {
    const view = canvas.json();
    const extra: Record<string, unknown> = {};
    const state = store.get();
    const key = graphMode(state.view) === 'paths' ? pathsKey(state) : null;
    if (key) extra.paths = await data.pathResults.peek(key);
    const body = {
      exportedAt: new Date().toISOString(),
      url: location.href,
      view: graphMode(store.get().view),
      state: linkState(store.get()),
      ...view,
      ...extra,
    };
    download(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }), `${fileStem()}.json`);
  }

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(location.href);
      act.notify(t('status.copied'));
    } catch {
      act.notify(location.href, true);
    }
  }

  watch(['view', 'kinds', 'types', 'lang'], (state) => {
    const visibleKinds = new Set(state.kinds ?? KINDS);
    const visibleTypes = new Set(state.types ?? RELATION_TYPES);
    const filtersOn = graphMode(state.view) !== 'paths';
    const typesOpen = (bar.querySelector('details.types') as HTMLDetailsElement | null)?.open ?? false;
    bar.replaceChildren(
      h(
        'div',
        { class: 'kinds', role: 'group', 'aria-label': t('tool.kinds') },
        KINDS.map((k) =>
          h(
            'button',
            {
              type: 'button',
              class: `chip${visibleKinds.has(k) ? ' on' : ''}`,
              'data-kind': k,
              'aria-pressed': visibleKinds.has(k) ? 'true' : 'false',
              disabled: !filtersOn,
              title: t('tool.kinds'),
              onclick: () => setKinds(toggled(visibleKinds, k)),
            },
            h('span', { class: 'dot', style: { '--kind': KIND_STYLE[k].color } }),
            kindText(k),
          ),
        ),
      ),
      h(
        'div',
        { class: 'tools' },
        h(
          'details',
          { class: 'types dropdown', open: typesOpen },
          h('summary', { class: 'btn' }, `${t('tool.types')}${state.types ? ` (${state.types.length})` : ''} ▾`),
          h(
            'div',
            { class: 'menu' },
            h(
              'div',
              { class: 'row' },
              h('button', { type: 'button', class: 'link', onclick: () => setTypes(new Set(RELATION_TYPES)) }, t('tool.all')),
              h('button', { type: 'button', class: 'link', onclick: () => setTypes(new Set()) }, t('tool.none')),
            ),
            RELATION_TYPES.map((type) =>
              h(
                'label',
                { class: 'check' },
                h('input', {
                  type: 'checkbox',
                  name: 'type',
                  value: type,
                  checked: visibleTypes.has(type),
                  disabled: !filtersOn,
                  onchange: () => setTypes(toggled(visibleTypes, type)),
                }),
                typeText(type),
              ),
            ),
          ),
        ),
        h('button', { type: 'button', class: 'btn', 'data-action': 'fit', onclick: () => canvas.fit() }, t('tool.fit')),
        h('button', { type: 'button', class: 'btn', 'data-action': 'reset', onclick: reset }, t('tool.reset')),
        h('button', { type: 'button', class: 'btn', 'data-action': 'png', onclick: exportPng }, t('tool.png')),
        h('button', { type: 'button', class: 'btn', 'data-action': 'json', onclick: exportJson }, t('tool.json')),
        h('button', { type: 'button', class: 'btn', 'data-action': 'copy', onclick: copyLink }, t('tool.copy')),
      ),
    );
  });
}
