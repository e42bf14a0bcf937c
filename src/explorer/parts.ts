/** What several panels show: an entity's link, evidence quotes, a relationship's facts, a number menu, a picker's entity. */
import type { EntityRef, Evidence } from './api.js';
import { h, kindDot, type Picker } from './dom.js';
import { factText, kindText, money, t } from './i18n.js';

/** An entity's name as a button that opens it. */
export const entityLink = (e: EntityRef, open: (slug: string) => void) =>
  h(
    'button',
    { type: 'button', class: 'ent', 'data-slug': e.slug, title: kindText(e.kind), onclick: () => open(e.slug) },
    kindDot(e.kind),
    e.name,
  );

export function evidenceList(evidence: readonly Evidence[]) {
  if (!evidence.length) return null;
  return h(
    'ul',
    { class: 'evidence' },
    evidence.map((e) =>
      h(
        'li',
        {},
        h('q', { class: 'quote' }, e.quote),
        e.context && e.context !== e.quote ? h('p', { class: 'context' }, e.context) : null,
        h('cite', { title: e.document }, e.title ? `《${e.title}》` : e.document, ' ', h('span', { class: 'doc' }, e.document)),
      ),
    ),
  );
}

const RELATION_FACTS = ['amountCny', 'round', 'since', 'date', 'kind', 'role', 'product'] as const;

/** A relationship's props, its note, and, when it is inferred, the reason. */
export function relationFacts(data: Partial<Record<(typeof RELATION_FACTS)[number] | 'note' | 'inference', unknown>>) {
  const facts = RELATION_FACTS.filter((f) => data[f] !== null && data[f] !== undefined && data[f] !== '');
  if (!facts.length && !data.note && !data.inference) return null;
  return h(
    'div',
    { class: 'rel-facts' },
    facts.map((f) =>
      h('span', { class: 'rel-fact', 'data-fact': f }, f === 'amountCny' ? money(Number(data[f])) : `${factText(f)} ${String(data[f])}`),
    ),
    data.note ? h('span', { class: 'rel-note' }, String(data.note)) : null,
    data.inference ? h('span', { class: 'rel-inference' }, `${t('inferred')}：${String(data.inference)}`) : null,
  );
}

/** The first quotes, the rest behind a "more". */
export function shortEvidence(evidence: readonly Evidence[], shown = 2) {
  if (evidence.length <= shown + 1) return evidenceList(evidence);
  return [
    evidenceList(evidence.slice(0, shown)),
    h('details', { class: 'more' }, h('summary', {}, `+${evidence.length - shown}`), evidenceList(evidence.slice(shown))),
  ];
}

/** A menu of 1 … max. */
export function numberSelect(name: string, value: number, max: number, onchange: (n: number) => void) {
  return h(
    'select',
    { name, class: 'num', onchange: (e: Event) => onchange(Number((e.target as HTMLSelectElement).value)) },
    Array.from({ length: max }, (_, i) => h('option', { value: i + 1, selected: i + 1 === value }, String(i + 1))),
  );
}

/** Shows a query's entity in its picker, by name when known, unless someone is typing in it. */
export function syncPicker(picker: Picker, id: string | null, known?: EntityRef) {
  if (document.activeElement === picker.input) return;
  if (!id) return picker.set(null);
  if (picker.value?.slug === id) return;
  picker.set(known ?? { slug: id, name: id, kind: 'Company' });
}
