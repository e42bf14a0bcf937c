import type { Database } from '../db/database.js';

export interface DocumentRecord {
  file: string;
  title: string | null;
  publication: string | null;
  date: string | null;
}

export async function documentsByFiles(db: Database, files: readonly string[]): Promise<(DocumentRecord | null)[]> {
  const rows = await db.read<{ i: number; d: DocumentRecord | null }>(
    `UNWIND range(0, size($files) - 1) AS i
     OPTIONAL MATCH (d:Document {file: $files[i]})
     RETURN i, CASE WHEN d IS NULL THEN null ELSE d {.file, .title, .publication, .date} END AS d`,
    { files },
  );
  const out: (DocumentRecord | null)[] = files.map(() => null);
  for (const row of rows) out[row.i] = row.d;
  return out;
}

/** The stored text of each document (an article accepted through the API), in key order; null for the corpus's documents. */
export async function documentTexts(db: Database, files: readonly string[]): Promise<(string | null)[]> {
  const rows = await db.read<{ i: number; text: string | null }>(
    `UNWIND range(0, size($files) - 1) AS i
     OPTIONAL MATCH (d:Document {file: $files[i]})
     RETURN i, d.text AS text`,
    { files },
  );
  const out: (string | null)[] = files.map(() => null);
  for (const row of rows) out[row.i] = row.text;
  return out;
}

/** What a new extraction of an article needs from an earlier review: whether it is stored, and what was rejected. */
export async function articleReview(db: Database, file: string): Promise<{ stored: boolean; rejected: string[] }> {
  const [row] = await db.read<{ rejected: string[] | null }>('MATCH (d:Document {file: $file}) RETURN d.rejected AS rejected', { file });
  return { stored: row !== undefined, rejected: row?.rejected ?? [] };
}
