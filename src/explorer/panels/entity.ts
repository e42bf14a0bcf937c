/** The 实体 tab: an entity's card (facts, evidence, relationships as it sees them), or the welcome with the common questions. */
import type { Actions } from '../actions.js';
import type { EntityCard, EntityRef, Graph } from '../api.js';
import type { Data } from '../data.js';
import { $, fill, h, kindChip, kindDot } from '../dom.js';
import { edgeData } from '../graph.js';
import type { EdgeData } from '../graph-types.js';
import { factText, factValue, groupText, KINDS, kindText, RELATION_TYPES, type RelationType, t } from '../i18n.js';
import { entityLink, evidenceList, relationFacts, shortEvidence } from '../parts.js';
import { parse, serialize } from '../state.js';
import { store, watch } from '../store.js';

/** Fields of a card that are not facts. */
const NOT_FACTS = ['slug', 'name', 'kind', 'aliases', 'description', 'evidence', 'facts', '__typename'];

export function mountEntity(data: Data, act: Actions) {
  const panel = $('#panel-explore');
  let generation = 0;

  function welcome() {
    const q = (key: string, search: string) =>
      h(
        'li',
        {},
        h(
          'a',
          {
            // In the page's language: a link opened in a new tab, or copied, must not fall back to Chinese.
            href: serialize(parse(search, store.get().lang)),
            class: 'question',
            onclick: (e: MouseEvent) => {
              e.preventDefault();
              act.navigate((e.currentTarget as HTMLAnchorElement).href);
            },
          },
          t(key),
        ),
      );
    return h(
      'div',
      { class: 'welcome' },
      h('h2', {}, t('welcome.title')),
      h('p', {}, t('welcome.text')),
      h(
        'ul',
        { class: 'questions' },
        q('q.parks', '?v=browse&bk=Park&ov=Park&rt=LOCATED_IN'),
        q('q.investors', '?r=xin-sheng-ji-yuan'),
        q('q.path', '?v=paths&pf=jin-jiang-an-xin-ji-jin&pt=fu-zhou-da-xue'),
        q('q.chain', '?v=chain&c=hao-shu-ke-ji'),
      ),
      h(
        'div',
        { class: 'legend' },
        KINDS.map((k) => h('span', { class: 'legend-item' }, kindDot(k), kindText(k))),
      ),
    );
  }

  async function render(gen: number) {
    const id = store.get().selected;
    if (!id) {
      fill(panel, welcome());
      return;
    }
    if (!data.cards.known(id)) fill(panel, h('p', { class: 'loading' }, t('status.loading')));
    let card: EntityCard;
    let around: Graph;
    try {
      [card, around] = await Promise.all([data.cards.get(id), data.neighbourhoods.get(id)]);
    } catch (error) {
      if (gen !== generation) return;
      fill(panel, welcome());
      act.failure(error, id);
      return;
    }
    if (gen !== generation) return;
    const state = store.get();
    const facts = Object.entries(card).filter(([field, value]) => !NOT_FACTS.includes(field) && value !== null && value !== undefined);
    const button = (action: string | null, label: string, onclick: () => void) =>
      h('button', { type: 'button', class: 'btn', 'data-action': action, onclick }, t(label));
    fill(
      panel,
      h(
        'article',
        { class: 'card', 'data-slug': card.slug },
        h('header', { class: 'card-head' }, kindChip(card.kind), h('h2', { class: 'card-name' }, card.name)),
        card.aliases.length ? h('p', { class: 'aliases' }, h('span', { class: 'label' }, t('aliases')), card.aliases.join('、')) : null,
        h(
          'div',
          { class: 'card-actions' },
          state.root !== card.slug || state.overview ? button(null, 'card.focus', () => act.open(card.slug)) : null,
          button('expand', 'card.expand', () => void act.expand(card.slug)),
          button('from', 'card.from', () => act.setEnd('from', card.slug)),
          button('to', 'card.to', () => act.setEnd('to', card.slug)),
          card.kind === 'Company' || card.kind === 'Product'
            ? button(null, 'card.chain', () => act.commit({ view: 'chain', chain: card.slug }))
            : null,
        ),
        card.description ? h('p', { class: 'description' }, card.description) : null,
        facts.length
          ? h(
              'section',
              { class: 'facts' },
              h('h3', {}, t('facts')),
              h(
                'dl',
                {},
                facts.map(([field, value]) => {
                  const inference = card.facts.find((f) => f.key === field)?.inference;
                  return [
                    h('dt', {}, factText(field)),
                    h(
                      'dd',
                      { 'data-fact': field, ...(inference ? { class: 'inferred', title: inference } : {}) },
                      factValue(field, value),
                      inference ? h('span', { class: 'inferred-mark' }, ` (${t('inferred')})`) : null,
                    ),
                  ];
                }),
              ),
            )
          : null,
        card.evidence.length
          ? h(
              'section',
              { class: 'card-evidence' },
              h('h3', {}, `${t('evidence')} (${card.evidence.length})`),
              shortEvidence(card.evidence),
            )
          : null,
        relations(card.slug, around),
      ),
    );
  }

  /** The entity's relationships grouped as it sees them (投资方, 入驻 / 所辖, …), each with its facts and evidence. */
  function relations(slug: string, around: Graph) {
    const byNode = new Map(around.nodes.map((n) => [n.slug, n]));
    const groups = new Map<string, { type: RelationType; out: boolean; rows: { other: EntityRef; edge: EdgeData }[] }>();
    for (const e of around.edges) {
      const out = e.source.slug === slug;
      if (!out && e.target.slug !== slug) continue;
      const other = byNode.get(out ? e.target.slug : e.source.slug);
      if (!other) continue;
      const key = e.type === 'PARTNERS_WITH' ? e.type : `${e.type}:${out ? 'out' : 'in'}`;
      const group = groups.get(key) ?? { type: e.type, out, rows: [] };
      group.rows.push({ other, edge: edgeData(e) });
      groups.set(key, group);
    }
    const order = (g: { type: RelationType; out: boolean }) => RELATION_TYPES.indexOf(g.type) * 2 + (g.out ? 0 : 1);
    const sorted = [...groups.values()].sort((a, b) => order(a) - order(b));
    return h(
      'section',
      { class: 'relations' },
      h('h3', {}, t('relations')),
      sorted.length ? null : h('p', { class: 'muted' }, t('relations.none')),
      sorted.map((g) =>
        h(
          'div',
          { class: 'rel-group', 'data-type': g.type, 'data-dir': g.type === 'PARTNERS_WITH' ? 'both' : g.out ? 'out' : 'in' },
          h('h4', {}, groupText(g.type, g.out), h('span', { class: 'count' }, String(g.rows.length))),
          h(
            'ul',
            {},
            g.rows.map(({ other, edge }) =>
              h('li', { class: 'rel' }, entityLink(other, act.open), relationFacts(edge), evidenceList(edge.evidence)),
            ),
          ),
        ),
      ),
      around.truncated ? h('p', { class: 'muted' }, t('truncated')) : null,
    );
  }

  watch(['view', 'selected', 'root', 'overview', 'lang'], (state) => {
    if (state.view === 'explore') void render(++generation);
  });
}
