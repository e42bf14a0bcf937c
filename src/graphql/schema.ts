import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './pagination.js';
import './types/errors.js';
import './types/stats.js';
import './entities/entity.js';
import './relations/relation.js';
import './entities/company.js';
import './entities/fund.js';
import './entities/park.js';
import './entities/university.js';
import './entities/research-institute.js';
import './entities/government-agency.js';
import './entities/region.js';
import './entities/person.js';
import './entities/product.js';
import './entities/industry.js';
import './entities/upsert.js';
import './relations/mutations.js';
import './graph/neighborhood.js';
import './graph/paths.js';
import './graph/supply-chain.js';
import './extract/extract.js';
import './extract/accept.js';

/** The only module that imports every type file, so import cycles can only start here. */
export const schema = lexicographicSortSchema(builder.toSchema());
