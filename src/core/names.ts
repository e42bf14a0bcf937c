/** Full-width brackets and punctuation that users type either way, folded to one form. */
const FOLD: Record<string, string> = { '（': '(', '）': ')', '【': '[', '】': ']', '，': ',', '：': ':', '·': '·', '　': '' };

/**
 * The key under which a name or alias is looked up: NFKC (full-width letters and digits become
 * half-width), brackets folded, whitespace removed, Latin lower-cased.
 */
export function lookupKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[（）【】，：　]/g, (c) => FOLD[c] ?? c)
    .replace(/\s+/g, '')
    .toLowerCase();
}

export function lookupKeys(name: string, aliases: readonly string[]): string[] {
  return [...new Set([name, ...aliases].map(lookupKey))];
}
