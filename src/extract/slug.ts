/** Fresh slugs for new entities: the name in toneless pinyin (Latin kept as it is), unique among the ids taken. */
import { pinyin } from 'pinyin-pro';

const MAX_SLUG = 60;

export function slugOf(name: string): string {
  const words = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }) as string[];
  const slug = words
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, '');
  return slug === '' ? 'entity' : slug;
}

/** `slugOf(name)`, or with -2, -3… when that id is taken. */
export function freshSlug(name: string, taken: ReadonlySet<string>): string {
  const base = slugOf(name);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
