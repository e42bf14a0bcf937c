/** The status line's message: gone after six seconds unless it must stay (a failure). */
import { $ } from '../dom.js';
import { watch } from '../store.js';

export function mountStatus() {
  const el = $('#message');
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(['notice'], ({ notice }) => {
    if (!notice) return;
    if (notice.added !== undefined) el.dataset.added = String(notice.added);
    el.textContent = notice.text;
    clearTimeout(timer);
    if (!notice.sticky) timer = setTimeout(() => (el.textContent = ''), 6000);
  });
}
