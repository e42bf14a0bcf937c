/**
 * The 导入文章 tab: an article pasted or uploaded → its proposed relations, each with its sentence
 * highlighted in the text and its ends (a known one opens its card) → accept, reject or edit each →
 * with the API key, the accepted ones written in one transaction (`acceptArticle`); the rejected ones
 * are remembered for the article. The review lives in this panel alone: a link does not carry it, and
 * the key is kept in memory only.
 */
import type { Actions } from '../actions.js';
import { type AcceptInput, type Api, type ArticleDraft, type EntityRef, type ProposedEntity, ReviewError } from '../api.js';
import type { Data } from '../data.js';
import { $, fill, h, kindDot } from '../dom.js';
import { t, typeText } from '../i18n.js';
import { entityLink, relationFacts } from '../parts.js';
import { watch } from '../store.js';
import { type Decision, definedProps, type Item, relationEditor } from './import-edit.js';

interface Review {
  text: string;
  title: string | null;
  date: string | null;
  draft: ArticleDraft;
  items: Item[];
}

type Outcome = { written: number; entities: EntityRef[] } | { error: ReviewError | Error };

export function mountImport(api: Api, data: Data, act: Actions) {
  const panel = $('#panel-import');
  // The review's own state, kept in this closure (the store holds what a link carries).
  let review: Review | null = null;
  let focused: number | null = null;
  let outcome: Outcome | null = null;
  let apiKey = '';
  const editing = new Set<number>();

  const titleInput = h('input', { type: 'text', name: 'title', maxlength: 200, autocomplete: 'off' });
  const dateInput = h('input', { type: 'text', name: 'date', maxlength: 10, autocomplete: 'off', placeholder: '2025-03' });
  const textArea = h('textarea', { name: 'article', rows: 8, spellcheck: false });
  const fileInput = h('input', {
    type: 'file',
    name: 'upload',
    accept: '.txt,.md,text/plain',
    onchange: async () => {
      const file = fileInput.files?.[0];
      if (file) textArea.value = await file.text();
    },
  });
  const results = h('div', { class: 'import-results', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'import-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        void extract();
      },
    },
    h('label', { class: 'field' }, h('span', { 'data-i18n': 'import.text' }), textArea),
    h('label', { class: 'field' }, h('span', { 'data-i18n': 'import.file' }), fileInput),
    h(
      'div',
      { class: 'row' },
      h('label', { class: 'field' }, h('span', { 'data-i18n': 'import.articleTitle' }), titleInput),
      h('label', { class: 'field' }, h('span', { 'data-i18n': 'import.date' }), dateInput),
    ),
    h('button', { type: 'submit', class: 'btn primary', 'data-action': 'extract', 'data-i18n': 'import.extract' }),
  );
  fill(panel, h('h2', { 'data-i18n': 'import.title' }), h('p', { class: 'muted', 'data-i18n': 'import.hint' }), form, results);

  async function extract() {
    const text = textArea.value;
    const title = titleInput.value.trim() || null;
    const date = dateInput.value.trim() || null;
    outcome = null;
    focused = null;
    editing.clear();
    try {
      const draft = await api.extract({ text, title, date });
      review = {
        text,
        title,
        date,
        draft,
        items: draft.relations.map((p) => ({
          proposal: p,
          decision: p.rejected ? 'reject' : null,
          type: p.type,
          from: p.from,
          to: p.to,
          props: { ...p.props },
        })),
      };
    } catch (error) {
      review = null;
      outcome = { error: error instanceof Error ? error : new Error(String(error)) };
    }
    render();
  }

  async function write() {
    if (!review) return;
    if (!apiKey) {
      outcome = { error: new Error(t('import.needKey')) };
      return render();
    }
    const { draft } = review;
    const accepted = review.items.filter((i) => i.decision === 'accept');
    const ends = new Set(accepted.flatMap((i) => [i.from, i.to]));
    const input: AcceptInput = {
      text: review.text,
      title: review.title,
      date: review.date,
      entities: draft.entities
        .filter((e) => ends.has(e.id))
        .map((e) => ({ id: e.id, kind: e.kind, name: e.name, aliases: e.aliases, quotes: e.quotes })),
      relations: accepted.map((i) => ({ type: i.type, from: i.from, to: i.to, props: definedProps(i.props), quotes: i.proposal.quotes })),
      rejected: review.items.filter((i) => i.decision === 'reject').map((i) => i.proposal.key),
    };
    try {
      const done = await api.acceptArticle(input, apiKey);
      // The graph changed: every answer seen so far may be stale.
      data.forget();
      outcome = { written: done.relations, entities: done.entities };
      // The new facts on the graph beside the review: drawn around the first accepted relation's source.
      const root = accepted[0]?.from;
      if (root) act.commit({ root, selected: root, expanded: [], overview: null, inspected: null });
    } catch (error) {
      outcome = { error: error instanceof Error ? error : new Error(String(error)) };
    }
    render();
  }

  const entityOf = (id: string) => review?.draft.entities.find((e) => e.id === id);

  /** An end: a known entity opens its card; a new one shows its kind and name, marked new. */
  function endView(id: string) {
    const e = entityOf(id);
    if (!e) return h('span', { class: 'ent' }, id);
    if (e.known) return entityLink({ slug: e.id, name: e.name, kind: e.kind }, act.open);
    return h(
      'span',
      { class: 'ent new', 'data-slug': e.id },
      kindDot(e.kind),
      e.name,
      ' ',
      h('small', { class: 'badge' }, t('import.new')),
    );
  }

  function editor(item: Item, index: number) {
    const entities = (review?.draft.entities ?? []).map((e: ProposedEntity): [string, string] => [e.id, e.name]);
    return relationEditor(item, entities, editing.has(index), {
      index,
      change: (change) => {
        Object.assign(item, change);
        render();
      },
      toggle: (open) => (open ? editing.add(index) : editing.delete(index)),
    });
  }
  function proposalView(item: Item, index: number) {
    const decide = (decision: Decision) => () => {
      item.decision = item.decision === decision ? null : decision;
      outcome = null;
      render();
    };
    const button = (decision: 'accept' | 'reject') =>
      h(
        'button',
        {
          type: 'button',
          class: `btn ${decision}${item.decision === decision ? ' on' : ''}`,
          'data-action': decision,
          'data-focus': `${decision}-${index}`,
          'aria-pressed': item.decision === decision ? 'true' : 'false',
          onclick: decide(decision),
        },
        t(`import.${decision}`),
      );
    return h(
      'li',
      {
        class: `proposal${item.decision ? ` ${item.decision}ed` : ''}${focused === index ? ' focused' : ''}`,
        'data-key': item.proposal.key,
        'data-type': item.type,
      },
      h(
        'div',
        { class: 'proposal-head' },
        endView(item.from),
        h('span', { class: 'rel-type' }, ` ${typeText(item.type)} `),
        endView(item.to),
      ),
      relationFacts(item.props),
      item.proposal.quotes.map((q) => h('q', { class: 'quote' }, q)),
      h(
        'div',
        { class: 'row proposal-meta' },
        h('span', { class: 'muted' }, t('import.confidence', { n: Math.round(item.proposal.confidence * 100) / 100 })),
        item.proposal.rejected ? h('span', { class: 'badge', 'data-role': 'rejected-before' }, t('import.rejectedBefore')) : null,
      ),
      h(
        'div',
        { class: 'row' },
        button('accept'),
        button('reject'),
        h(
          'button',
          {
            type: 'button',
            class: 'btn',
            'data-action': 'show',
            'data-focus': `show-${index}`,
            onclick: () => {
              focused = index;
              render();
              panel.querySelector('.article mark')?.scrollIntoView({ block: 'nearest' });
            },
          },
          t('import.show'),
        ),
      ),
      editor(item, index),
    );
  }

  /** The article with the focused proposal's sentence marked. */
  function articleView(r: Review) {
    const span = focused === null ? null : r.items[focused]?.proposal.span;
    const parts = span
      ? [r.text.slice(0, span.start), h('mark', {}, r.text.slice(span.start, span.end)), r.text.slice(span.end)]
      : [r.text];
    return h('div', { class: 'article', tabindex: 0, role: 'region', 'aria-label': t('import.article') }, parts);
  }

  function outcomeView() {
    if (!outcome) return null;
    if ('error' in outcome) {
      const issues = outcome.error instanceof ReviewError ? outcome.error.issues : [];
      return h(
        'div',
        { class: 'import-outcome error', role: 'alert' },
        review ? t('import.refused') : null,
        outcome.error.message,
        issues.length
          ? h(
              'ul',
              {},
              issues.map((i) => h('li', {}, h('code', {}, i.path), ' ', i.message)),
            )
          : null,
      );
    }
    return h(
      'div',
      { class: 'import-outcome done', role: 'status' },
      t('import.written', { n: outcome.written }),
      h(
        'ul',
        { class: 'browse-list' },
        outcome.entities.map((e) => h('li', {}, entityLink(e, act.open))),
      ),
    );
  }

  function render() {
    const focusId = (document.activeElement as HTMLElement | null)?.dataset?.focus;
    for (const el of panel.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n ?? '');
    if (!review) {
      fill(results, outcomeView());
      return;
    }
    const r = review;
    const accepted = r.items.filter((i) => i.decision === 'accept').length;
    const rejected = r.items.filter((i) => i.decision === 'reject').length;
    fill(
      results,
      r.draft.document.stored ? h('p', { class: 'muted' }, t('import.stored')) : null,
      articleView(r),
      r.items.length
        ? h('p', { class: 'muted', 'data-role': 'count' }, t('import.count', { n: r.items.length, a: accepted, r: rejected }))
        : h('p', { class: 'muted' }, t('import.none')),
      h('ol', { class: 'proposals' }, r.items.map(proposalView)),
      h(
        'div',
        { class: 'import-write' },
        h(
          'label',
          { class: 'field' },
          h('span', {}, t('import.key')),
          h('input', {
            type: 'password',
            name: 'apiKey',
            autocomplete: 'off',
            'data-focus': 'key',
            value: apiKey,
            oninput: (e: Event) => {
              apiKey = (e.target as HTMLInputElement).value;
            },
          }),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'btn primary',
            'data-action': 'write',
            'data-focus': 'write',
            disabled: accepted + rejected === 0,
            onclick: () => void write(),
          },
          t('import.write'),
        ),
      ),
      outcomeView(),
    );
    // Redrawing replaces the controls: the keyboard's place is kept.
    if (focusId) results.querySelector<HTMLElement>(`[data-focus="${focusId}"]`)?.focus();
  }

  watch(['lang', 'view'], (state) => {
    if (state.view === 'import') render();
  });
}
