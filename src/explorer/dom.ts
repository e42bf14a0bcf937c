/** A tiny element builder, and the entity picker (search as you type) used in three places. */
import type { EntityRef } from './api.js';
import { KIND_STYLE } from './graph-style.js';
import { type Kind, kindText, t } from './i18n.js';

/** The page's one element matching `selector` (index.html has them all). */
export const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector(selector) as T;

export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value as EventListener);
    else if (name === 'class') el.className = String(value);
    else if (name === 'style' && typeof value === 'object') {
      for (const [property, v] of Object.entries(value as Record<string, string>)) el.style.setProperty(property, v);
    } else if (name === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
    else if (name === 'checked' && 'checked' in el) (el as HTMLInputElement).checked = Boolean(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Replaces an element's children, skipping the empty ones. */
export function fill(el: Element, ...children: Child[]) {
  el.replaceChildren();
  append(el, children);
}

function append(el: Element, children: Child[]) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

export const kindChip = (kind: Kind) =>
  h('span', { class: 'kind', 'data-kind': kind, style: { '--kind': KIND_STYLE[kind]?.color ?? '#64748b' } }, kindText(kind));

export const kindDot = (kind: Kind) =>
  h('span', { class: 'dot', 'data-kind': kind, style: { '--kind': KIND_STYLE[kind]?.color ?? '#64748b' } });

export interface PickerOptions {
  /** Key of the placeholder text. */
  placeholder: string;
  onPick(entity: EntityRef): void;
  /** A class for the wrapper. */
  name: string;
  kinds?: Kind[];
  search(text: string, kinds: Kind[] | null): Promise<EntityRef[]>;
}

/** A combobox: search as you type, pick with the mouse, a finger or the keyboard. */
export class Picker {
  readonly el: HTMLDivElement;
  readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private results: EntityRef[] = [];
  private active = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  value: EntityRef | null = null;

  constructor(private readonly options: PickerOptions) {
    const listId = `${options.name}-list`;
    this.input = h('input', {
      type: 'search',
      class: 'picker-input',
      autocomplete: 'off',
      spellcheck: 'false',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      oninput: () => this.schedule(),
      onkeydown: (e: KeyboardEvent) => this.key(e),
      onfocus: () => {
        if (this.input.value.trim() && this.results.length) this.open();
      },
      onblur: () => setTimeout(() => this.close(), 150),
    });
    this.list = h('ul', { class: 'picker-list', id: listId, role: 'listbox', hidden: true });
    this.el = h('div', { class: `picker ${options.name}` }, this.input, this.list);
    this.relabel();
  }

  relabel() {
    this.input.placeholder = t(this.options.placeholder);
    this.input.setAttribute('aria-label', t(this.options.placeholder));
  }

  /** Shows an entity (or a bare id until its name is known) without searching. */
  set(entity: EntityRef | null) {
    this.value = entity;
    this.input.value = entity?.name ?? '';
    this.results = [];
    this.close();
  }

  private schedule() {
    this.value = null;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(), 160);
  }

  private async search(): Promise<EntityRef[]> {
    const text = this.input.value.trim();
    const seq = ++this.seq;
    if (!text) {
      this.results = [];
      this.close();
      return [];
    }
    try {
      const hits = await this.options.search(text, this.options.kinds ?? null);
      if (seq !== this.seq) return this.results;
      this.results = hits;
      this.active = hits.length ? 0 : -1;
      this.render(text);
      return hits;
    } catch {
      return [];
    }
  }

  private render(text: string) {
    this.list.replaceChildren(
      ...(this.results.length
        ? this.results.map((entity, i) => {
            const alias = entity.aliases?.find((a) => a.includes(text) && a !== entity.name);
            return h(
              'li',
              {
                role: 'option',
                class: 'picker-option',
                id: `${this.options.name}-opt-${i}`,
                'aria-selected': i === this.active ? 'true' : 'false',
                'data-slug': entity.slug,
                // pointerdown, not click: the input's blur must not close the list first.
                onpointerdown: (e: PointerEvent) => {
                  e.preventDefault();
                  this.pick(entity);
                },
              },
              kindChip(entity.kind),
              h('span', { class: 'picker-name' }, entity.name),
              alias ? h('span', { class: 'picker-alias' }, alias) : null,
            );
          })
        : [h('li', { class: 'picker-empty' }, t('search.none'))]),
    );
    // Suggestions that arrive after the person has moved on stay closed, not over the next field.
    if (document.activeElement === this.input) this.open();
  }

  private open() {
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  private close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
  }

  private move(delta: number) {
    if (!this.results.length) return;
    this.active = (this.active + delta + this.results.length) % this.results.length;
    [...this.list.children].forEach((li, i) => {
      li.setAttribute('aria-selected', i === this.active ? 'true' : 'false');
    });
    this.input.setAttribute('aria-activedescendant', `${this.options.name}-opt-${this.active}`);
  }

  private async key(e: KeyboardEvent) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      this.move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      this.move(-1);
    } else if (e.key === 'Escape') {
      this.close();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      clearTimeout(this.timer);
      // Enter before the list arrived: search now and take the best match.
      const results = this.list.hidden || !this.results.length ? await this.search() : this.results;
      const entity = results[Math.max(0, this.active)] ?? results[0];
      if (entity) this.pick(entity);
    }
  }

  private pick(entity: EntityRef) {
    this.set(entity);
    this.options.onPick(entity);
  }
}

/** Saves a blob under a file name. */
export function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
