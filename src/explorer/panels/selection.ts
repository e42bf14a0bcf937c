/** The card over the graph for a node or a relationship clicked on: its actions, or its facts and evidence. */
import type { Actions } from '../actions.js';
import { $, fill, h, kindChip } from '../dom.js';
import { t, typeText } from '../i18n.js';
import { evidenceList, relationFacts } from '../parts.js';
import { graphMode, store, watch } from '../store.js';

export function mountSelection(act: Actions) {
  const box = $('#selection');
  const close = () => h('button', { type: 'button', class: 'btn close', 'aria-label': '×', onclick: hide }, '×');
  function hide() {
    store.update({ inspected: null });
  }

  watch(['inspected'], ({ inspected, view }) => {
    box.hidden = !inspected;
    if (!inspected) return;
    if ('node' in inspected) {
      const { id, kind, name } = inspected.node;
      box.dataset.of = 'node';
      fill(
        box,
        h('div', { class: 'sel-head' }, kindChip(kind), h('strong', {}, name)),
        h(
          'div',
          { class: 'sel-actions' },
          graphMode(view) === 'explore'
            ? h('button', { type: 'button', class: 'btn', 'data-action': 'expand', onclick: () => void act.expand(id) }, t('sel.expand'))
            : h('button', { type: 'button', class: 'btn', 'data-action': 'card', onclick: () => act.open(id) }, t('sel.card')),
          h('button', { type: 'button', class: 'btn', onclick: () => act.setEnd('from', id) }, t('card.from')),
          h('button', { type: 'button', class: 'btn', onclick: () => act.setEnd('to', id) }, t('card.to')),
          close(),
        ),
      );
      return;
    }
    const { edge, source, target } = inspected;
    box.dataset.of = 'edge';
    fill(
      box,
      h(
        'div',
        { class: 'sel-head' },
        h('strong', {}, source),
        h('span', { class: 'arrow' }, ` —${typeText(edge.type)}→ `),
        h('strong', {}, target),
        close(),
      ),
      relationFacts(edge),
      evidenceList(edge.evidence),
    );
  });
}
