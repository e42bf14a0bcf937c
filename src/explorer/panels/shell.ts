/** The page's frame: its language, title and static texts, the tab bar, and which tab's panel shows. */
import type { Actions } from '../actions.js';
import { $ } from '../dom.js';
import { t } from '../i18n.js';
import type { Lang, View } from '../state.js';
import { store, watch } from '../store.js';

export function mountShell(act: Actions) {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('.tabs [data-view]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      const state = store.get();
      const view = tab.dataset.view as View;
      // The supply chain opens on the selected company when none is chosen yet; the paths start from it.
      const chain = view === 'chain' && !state.chain && state.selected ? state.selected : state.chain;
      const from = view === 'paths' && !state.from && !state.to && state.selected ? state.selected : state.from;
      act.commit({ view, chain, from, inspected: null });
    });
  }

  $('#lang').addEventListener('click', () => {
    const next: Lang = store.get().lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('kg-lang', next);
    act.commit({ lang: next }, false);
  });

  watch(['lang', 'view'], ({ lang, view }) => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n ?? '');
    document.title = `${t('title')} · Explorer`;
    $('#lang').textContent = lang === 'zh' ? 'EN' : '中文';
    for (const tab of tabs) {
      const on = tab.dataset.view === view;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      tab.classList.toggle('on', on);
    }
    for (const panel of document.querySelectorAll<HTMLElement>('[data-panel]')) panel.hidden = panel.dataset.panel !== view;
    document.body.dataset.view = view;
  });
}
