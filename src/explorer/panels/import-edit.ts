/** One proposal under review, and the form that edits it (the 导入文章 tab, import.ts). */
import type { ProposalProps, ProposedRelation } from '../api.js';
import { h } from '../dom.js';
import { factText, RELATION_TYPES, type RelationType, t, typeText } from '../i18n.js';

export type Decision = 'accept' | 'reject' | null;

export interface Item {
  proposal: ProposedRelation;
  decision: Decision;
  /** The relation as the reviewer left it: the proposal until edited. */
  type: RelationType;
  from: string;
  to: string;
  props: ProposalProps;
}

const TEXT_PROPS = ['round', 'date', 'since', 'kind', 'role', 'product', 'note'] as const;

const select = (label: string, name: string, value: string, options: [string, string][], onchange: (v: string) => void) =>
  h(
    'label',
    { class: 'field' },
    h('span', {}, label),
    h(
      'select',
      { name, onchange: (e: Event) => onchange((e.target as HTMLSelectElement).value) },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    ),
  );

/** The editor of one proposed relation: its type, either end (among the article's entities) and its props. */
export function relationEditor(
  item: Item,
  entities: [string, string][],
  open: boolean,
  on: { index: number; change: (change: Partial<Item>) => void; toggle: (open: boolean) => void },
) {
  const set = on.change;
  const index = on.index;
  return h(
    'details',
    {
      class: 'edit',
      open,
      ontoggle: (e: Event) => on.toggle((e.target as HTMLDetailsElement).open),
    },
    h('summary', { 'data-focus': `edit-${index}` }, t('import.edit')),
    select(
      t('import.type'),
      'type',
      item.type,
      RELATION_TYPES.map((r) => [r, typeText(r)]),
      (v) => set({ type: v as RelationType }),
    ),
    select(t('import.from'), 'from', item.from, entities, (v) => set({ from: v })),
    select(t('import.to'), 'to', item.to, entities, (v) => set({ to: v })),
    h(
      'label',
      { class: 'field' },
      h('span', {}, factText('amountCny')),
      h('input', {
        type: 'number',
        name: 'amountCny',
        min: 0,
        value: item.props.amountCny ?? '',
        onchange: (e: Event) => {
          const v = (e.target as HTMLInputElement).value;
          set({ props: { ...item.props, amountCny: v === '' ? null : Number(v) } });
        },
      }),
    ),
    TEXT_PROPS.map((key) =>
      h(
        'label',
        { class: 'field' },
        h('span', {}, factText(key)),
        h('input', {
          type: 'text',
          name: key,
          value: item.props[key] ?? '',
          onchange: (e: Event) => set({ props: { ...item.props, [key]: (e.target as HTMLInputElement).value.trim() || null } }),
        }),
      ),
    ),
  );
}

/** The props the reviewer left set (GraphQL input takes no empty strings for them). */
export function definedProps(props: ProposalProps): ProposalProps {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null && v !== undefined && v !== '')) as ProposalProps;
}
