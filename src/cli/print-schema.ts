/** `npm run schema`: prints the Pothos schema to schema/schema.graphql (committed; a test fails when stale). */
import { writeFile } from 'node:fs/promises';
import { printedSchema, SCHEMA_FILE } from '../graphql/print.js';

await writeFile(SCHEMA_FILE, printedSchema());
console.log(`wrote ${SCHEMA_FILE}`);
