import { join } from 'node:path';
import { printSchema } from 'graphql';
import { PROJECT_ROOT } from '../core/paths.js';
import { schema } from './schema.js';

export const SCHEMA_FILE = join(PROJECT_ROOT, 'schema', 'schema.graphql');
export const printedSchema = () => `${printSchema(schema)}\n`;
