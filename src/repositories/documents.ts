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
