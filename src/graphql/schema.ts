import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './types/errors.js';
import './types/stats.js';

/** The only module that imports every type file, so import cycles can only start here. */
export const schema = lexicographicSortSchema(builder.toSchema());
