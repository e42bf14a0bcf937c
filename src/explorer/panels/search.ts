/** The search in the header: pick an entity to open it. */
import type { Actions } from '../actions.js';
import type { Data } from '../data.js';
import { $, Picker } from '../dom.js';
import { watch } from '../store.js';

export function mountSearch(data: Data, act: Actions) {
  const picker = new Picker({
    name: 'search-main',
    placeholder: 'search.placeholder',
    search: data.search,
    onPick: (e) => act.open(e.slug),
  });
  $('#search').append(picker.el);
  watch(['lang'], () => picker.relabel());
}
