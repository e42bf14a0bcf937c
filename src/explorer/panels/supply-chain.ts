/** The 供应链 tab: a company's or product's suppliers and customers by tier, and its industries' chain segments. */
import type { Actions } from '../actions.js';
import type { EntityRef, SupplyChain } from '../api.js';
import { chainKey, type Data } from '../data.js';
import { $, fill, h, Picker } from '../dom.js';
import { segmentText, t } from '../i18n.js';
import { entityLink, numberSelect, syncPicker } from '../parts.js';
import { store, watch } from '../store.js';

export function mountSupplyChain(data: Data, act: Actions) {
  const panel = $('#panel-chain');
  const picker = new Picker({
    name: 'chain-of',
    placeholder: 'chain.of',
    kinds: ['Company', 'Product'],
    search: data.search,
    onPick: (e) => act.commit({ view: 'chain', chain: e.slug }),
  });
  let generation = 0;

  async function render(gen: number) {
    const key = chainKey(store.get());
    const result = key ? await data.chains.get(key).catch((error: unknown) => error) : null;
    if (gen !== generation) return;
    const state = store.get();
    const ok = result && !(result instanceof Error) ? (result as { up: SupplyChain; down: SupplyChain }) : null;
    syncPicker(picker, state.chain, ok?.up.root ?? data.named(state.chain ?? ''));
    let depth = state.depth;
    fill(
      panel,
      h(
        'form',
        {
          class: 'chain-form',
          onsubmit: (e: Event) => {
            e.preventDefault();
            const id = picker.value?.slug ?? store.get().chain;
            if (id) act.commit({ view: 'chain', chain: id, depth });
          },
        },
        h('h2', {}, t('chain.title')),
        h('label', { class: 'field' }, h('span', {}, t('chain.of')), picker.el),
        h(
          'div',
          { class: 'row' },
          h(
            'label',
            {},
            t('chain.depth'),
            ' ',
            numberSelect('depth', depth, 3, (n) => (depth = n)),
          ),
          h('button', { type: 'submit', class: 'btn primary' }, t('chain.go')),
        ),
      ),
      result instanceof Error ? h('p', { class: 'error' }, result.message) : null,
      ok ? side(ok.up, 'up') : null,
      ok ? side(ok.down, 'down') : null,
    );
  }

  function side(chain: SupplyChain, direction: 'up' | 'down') {
    const entities = (list: EntityRef[]) =>
      h(
        'div',
        { class: 'ents' },
        list.map((e) => entityLink(e, act.open)),
      );
    return h(
      'section',
      { class: `chain-side ${direction}`, 'data-side': direction },
      h('h3', {}, t(direction === 'up' ? 'chain.up' : 'chain.down')),
      h('h4', {}, t('chain.tiers')),
      chain.tiers.length
        ? chain.tiers.map((tier) =>
            h('div', { class: 'tier' }, h('span', { class: 'label' }, t('chain.tier', { n: tier.level })), entities(tier.entities)),
          )
        : h('p', { class: 'muted' }, t('chain.none')),
      h('h4', {}, t('chain.segments')),
      chain.segments.length
        ? [...chain.segments]
            .sort((a, b) => a.order - b.order)
            .map((s) =>
              h(
                'div',
                { class: 'tier' },
                h(
                  'span',
                  { class: 'label' },
                  `${s.order} · ${segmentText(s.segment)}`,
                  h('span', { class: 'muted' }, ` ${s.industry.name}`),
                ),
                entities(s.members),
              ),
            )
        : h('p', { class: 'muted' }, t('chain.none')),
    );
  }

  watch(['lang'], () => picker.relabel());
  watch(['view', 'chain', 'depth', 'lang'], (state) => {
    if (state.view === 'chain') void render(++generation);
  });
}
