/** Reading one seed file (YAML or JSON), and naming the file, record and field of anything wrong in it. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, parse as parseYaml } from 'yaml';
import type { z } from 'zod';

/** A seed file as read from disk, before validation. */
export interface RawSeed {
  file: string;
  data: unknown;
}

/** Bad input: every message names the file, the record and the field. */
export class SeedError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.length === 1 ? `invalid seed: ${issues[0]}` : `invalid seed (${issues.length} problems):\n  ${issues.join('\n  ')}`);
    this.name = 'SeedError';
  }
}

/** Reads YAML or JSON; a file holding an array (as `kg export --format json` writes) yields one seed per element. */
export async function readSeedFile(path: string): Promise<RawSeed[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SeedError([`${path}: cannot read (${error.code ?? error.message})`]);
  });
  let data: unknown;
  try {
    data = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new SeedError([syntaxIssue(path, text, extname(path) === '.json' ? 'JSON' : 'YAML', error as Error)]);
  }
  return Array.isArray(data) ? data.map((item, i) => ({ file: `${path}[${i}]`, data: item })) : [{ file: path, data }];
}

/**
 * A syntax error (a truncated file, most often) located like the other issues: the file, then the
 * record and field that were being read where the text breaks off, found by yaml's error-tolerant
 * parser (JSON is YAML too), then line and column.
 */
function syntaxIssue(file: string, text: string, format: 'JSON' | 'YAML', error: Error): string {
  let where = '';
  let position = '';
  try {
    const doc = parseDocument(text);
    const first = doc.errors[0];
    const offset = first?.pos[0] ?? text.length;
    let path = pathAt(doc.contents, offset);
    let data: unknown = doc.toJS();
    // An array of seeds (as `kg export --format json` writes): its elements are named file[i].
    if (Array.isArray(data) && typeof path[0] === 'number') {
      file = `${file}[${path[0]}]`;
      data = data[path[0]];
      path = path.slice(1);
    }
    const field = path.slice(2).map(String).join('.');
    if (path.length > 0) where = `${describeRecord(data, path)}${field ? `: ${field}` : ''}: `;
    if (first?.linePos) position = ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}`;
  } catch {
    // Locating is best effort: the parser's own message still says what is wrong.
  }
  const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
  return `${file}: ${where}not valid ${format}${position}: ${message}`;
}

/** The keys and indexes leading to the last node that starts at or before `offset`. */
function pathAt(node: unknown, offset: number): (string | number)[] {
  const start = (n: unknown) => (n as { range?: [number, number, number] } | null)?.range?.[0] ?? Number.POSITIVE_INFINITY;
  if (isMap(node)) {
    const pair = node.items.findLast((p) => start(p.key) <= offset);
    if (!pair) return [];
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    return [String(key), ...pathAt(pair.value, offset)];
  }
  if (isSeq(node)) {
    const index = node.items.findLastIndex((item) => start(item) <= offset);
    return index < 0 ? [] : [index, ...pathAt(node.items[index], offset)];
  }
  return [];
}

function describeRecord(data: unknown, path: PropertyKey[]): string {
  const [section, index] = path;
  if ((section === 'entities' || section === 'relations') && typeof index === 'number') {
    const record = (data as Record<string, unknown[]>)[section]?.[index] as Record<string, unknown> | undefined;
    const label =
      section === 'entities'
        ? record?.id !== undefined && `id ${String(record.id)}`
        : record?.type !== undefined && `${String(record.from)} -${String(record.type)}-> ${String(record.to)}`;
    return `${section}[${index}]${label ? ` (${label})` : ''}`;
  }
  return String(section ?? '(root)');
}

export function zodIssues(raw: RawSeed, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.slice(2).map(String).join('.') || issue.path.slice(1).map(String).join('.');
    const record = describeRecord(raw.data, issue.path);
    return `${raw.file}: ${record}${field && issue.path.length > 1 ? `: ${field}` : ''}: ${issue.message}`;
  });
}
