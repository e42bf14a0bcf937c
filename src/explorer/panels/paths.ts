/** The 关联路径 tab: how two players are connected, the k shortest paths hop by hop with their evidence. */
import type { Actions } from '../actions.js';
import { type EntityRef, NotFound, type PathsResult } from '../api.js';
import { type Data, pathsKey } from '../data.js';
import { $, fill, h, kindDot, Picker } from '../dom.js';
import { KINDS, kindText, t, typeText } from '../i18n.js';
import { evidenceList, numberSelect, relationFacts, syncPicker } from '../parts.js';
import { DEFAULT_VIA } from '../state.js';
import { store, watch } from '../store.js';

export function mountPaths(data: Data, act: Actions) {
  const panel = $('#panel-paths');
  /** A picked end is a draft until the search runs: kept in the store (other tabs start from it), redrawing nothing. */
  const pickEnd = (which: 'from' | 'to', e: EntityRef) => {
    data.remember(e);
    store.update(which === 'from' ? { from: e.slug } : { to: e.slug }, { quiet: true });
  };
  const fromPicker = new Picker({ name: 'path-from', placeholder: 'paths.from', search: data.search, onPick: (e) => pickEnd('from', e) });
  const toPicker = new Picker({ name: 'path-to', placeholder: 'paths.to', search: data.search, onPick: (e) => pickEnd('to', e) });
  let generation = 0;

  async function render(gen: number) {
    const key = pathsKey(store.get());
    const result = key ? await data.pathResults.get(key).catch((error: unknown) => error) : null;
    if (gen !== generation) return;
    const state = store.get();
    const ok = result && !(result instanceof Error) ? (result as PathsResult) : null;
    syncPicker(fromPicker, state.from, ok?.from ?? data.named(state.from ?? ''));
    syncPicker(toPicker, state.to, ok?.to ?? data.named(state.to ?? ''));
    // The form's own draft: nothing else needs hops, k or via before the search runs.
    const form = { hops: state.hops, k: state.k, via: new Set(state.via ?? DEFAULT_VIA) };
    const run = () => {
      const now = store.get();
      // A name typed but not picked goes to the API as typed: it resolves names as people write them.
      const typed = (picker: Picker) => picker.value?.slug ?? (picker.input.value.trim() || null);
      const from = typed(fromPicker) ?? now.from;
      const to = typed(toPicker) ?? now.to;
      if (!from || !to) return act.notify(t('paths.pick'));
      const via = KINDS.filter((k) => form.via.has(k));
      const isDefault = via.length === DEFAULT_VIA.length && via.every((k) => DEFAULT_VIA.includes(k));
      act.commit({ view: 'paths', from, to, hops: form.hops, k: form.k, via: isDefault ? null : via, pathIndex: -1 });
    };
    const swap = () => {
      const a = fromPicker.value;
      fromPicker.set(toPicker.value);
      toPicker.set(a);
      const now = store.get();
      store.update({ from: now.to, to: now.from }, { quiet: true });
    };
    fill(
      panel,
      h(
        'form',
        {
          class: 'paths-form',
          onsubmit: (e: Event) => {
            e.preventDefault();
            run();
          },
        },
        h('h2', {}, t('paths.title')),
        h('label', { class: 'field' }, h('span', {}, t('paths.from')), fromPicker.el),
        h('button', { type: 'button', class: 'btn swap', onclick: swap }, '⇅ ', t('paths.swap')),
        h('label', { class: 'field' }, h('span', {}, t('paths.to')), toPicker.el),
        h(
          'div',
          { class: 'row' },
          h(
            'label',
            {},
            t('paths.hops'),
            ' ',
            numberSelect('hops', form.hops, 6, (n) => (form.hops = n)),
          ),
          h(
            'label',
            {},
            t('paths.k'),
            ' ',
            numberSelect('k', form.k, 10, (n) => (form.k = n)),
          ),
        ),
        h(
          'fieldset',
          { class: 'via' },
          h('legend', {}, t('paths.via')),
          KINDS.map((k) =>
            h(
              'label',
              { class: 'check' },
              h('input', {
                type: 'checkbox',
                name: 'via',
                value: k,
                checked: form.via.has(k),
                onchange: (e: Event) => ((e.target as HTMLInputElement).checked ? form.via.add(k) : form.via.delete(k)),
              }),
              kindDot(k),
              kindText(k),
            ),
          ),
        ),
        h('button', { type: 'submit', class: 'btn primary', 'data-action': 'find-paths' }, t('paths.go')),
      ),
      result instanceof Error
        ? h('p', { class: 'error' }, result instanceof NotFound ? `${t('status.notfound')}${result.message}` : result.message)
        : null,
      result instanceof NotFound ? didYouMean(result) : null,
      ok ? pathList(ok) : null,
    );
  }

  /** The candidates of an end that fits several entities: one click makes it that end and searches again. */
  function didYouMean(error: NotFound) {
    if (!error.candidates.length) return null;
    const which = error.message.startsWith('to:') ? 'to' : 'from';
    return h(
      'p',
      { class: 'did-you-mean' },
      t('paths.didYouMean'),
      ' ',
      error.candidates.map((c) =>
        h(
          'button',
          { type: 'button', class: 'btn link', 'data-candidate': c.slug, onclick: () => act.setEnd(which, c.slug) },
          kindDot(c.kind),
          c.name,
        ),
      ),
    );
  }

  function pathList(result: PathsResult) {
    const state = store.get();
    if (!result.paths.length) return h('p', { class: 'paths-none muted' }, t('paths.none', { n: state.hops }));
    const nameOf = new Map<string, string>();
    for (const p of result.paths) for (const n of p.nodes) nameOf.set(n.slug, n.name);
    const pick = (i: number) => act.commit({ pathIndex: store.get().pathIndex === i ? -1 : i }, false);
    return h(
      'div',
      { class: 'paths' },
      h(
        'p',
        { class: 'paths-summary' },
        t('paths.found', { n: result.paths.length }),
        state.pathIndex >= 0
          ? h('button', { type: 'button', class: 'link', onclick: () => act.commit({ pathIndex: -1 }, false) }, t('paths.all'))
          : null,
      ),
      h(
        'ol',
        { class: 'path-list' },
        result.paths.map((path, i) =>
          h(
            'li',
            {
              class: `path${state.pathIndex === i ? ' active' : ''}`,
              'data-index': i,
              onclick: (e: Event) => {
                if ((e.target as HTMLElement).closest('button.ent')) return;
                pick(i);
              },
            },
            h(
              'div',
              { class: 'path-head' },
              h('strong', {}, t('paths.path', { i: i + 1 })),
              h('span', { class: 'muted' }, t('paths.len', { n: path.length })),
            ),
            h('div', { class: 'path-chain' }, path.nodes.map((n) => n.name).join(' → ')),
            h(
              'ol',
              { class: 'hops' },
              path.hops.map((hop) => {
                const from = nameOf.get(hop.from.slug) ?? hop.from.slug;
                const to = nameOf.get(hop.to.slug) ?? hop.to.slug;
                const arrow = hop.direction === 'FORWARD' ? ` —${typeText(hop.type)}→ ` : ` ←${typeText(hop.type)}— `;
                return h(
                  'li',
                  { class: 'hop', 'data-type': hop.type, 'data-direction': hop.direction },
                  h(
                    'div',
                    { class: 'hop-line' },
                    h('span', { class: 'hop-from' }, from),
                    h('span', { class: 'arrow' }, arrow),
                    h('span', { class: 'hop-to' }, to),
                  ),
                  relationFacts(hop.relation),
                  evidenceList(hop.relation.evidence),
                );
              }),
            ),
          ),
        ),
      ),
    );
  }

  watch(['lang'], () => {
    fromPicker.relabel();
    toPicker.relabel();
  });
  watch(['view', 'from', 'to', 'hops', 'k', 'via', 'pathIndex', 'lang'], (state) => {
    if (state.view === 'paths') void render(++generation);
  });
}
