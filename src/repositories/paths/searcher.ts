/** The k shortest paths between two entities: the search's entry point, its settings and its turns. */
import pLimit, { type LimitFunction } from 'p-limit';
import { type Kind, RELATION_TYPES, type RelationType } from '../../core/schema.js';
import type { Database } from '../../db/database.js';
import type { EntityRecord } from '../records.js';
import { type PathRecord, PathSearch } from './search.js';
import { PATH_SEARCH_DEFAULTS, type PathSearchSettings } from './settings.js';

export type { PathRecord } from './search.js';

export interface PathSearchResult {
  /** Shortest first; among paths of the same length, a stable order. */
  paths: PathRecord[];
  /** The entities on the paths. */
  entities: EntityRecord[];
  /** Every path of at most this many hops was considered: `maxHops`, unless the budget ran out. */
  exhaustiveHops: number;
  /** The budget stopped the search before it could prove that no shorter path was missed. */
  truncated: boolean;
  /** Relationships the search read (its cost, the unit of `budget`). */
  reads: number;
}

/** The settings in use (PathSearchSettings, settings.ts). */
export const PATH_SEARCH: PathSearchSettings = { ...PATH_SEARCH_DEFAULTS };

/**
 * The k shortest simple paths (no node twice) of at most `maxHops` hops between two entities, over
 * relationships of `types` in either direction, every node but the two ends of a kind in `via`: a
 * bidirectional search (search.ts).
 */
export async function kShortestPaths(
  db: Database,
  from: string,
  to: string,
  options: {
    maxHops: number;
    k: number;
    types: readonly RelationType[];
    via: readonly Kind[];
    /** Read the relationships' properties and evidence (default true). */
    relationProps?: boolean;
    budget?: number;
  },
): Promise<PathSearchResult> {
  const { maxHops, k } = options;
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 6) throw new RangeError(`maxHops must be 1 to 6, not ${maxHops}`);
  if (!Number.isInteger(k) || k < 1 || k > 10) throw new RangeError(`k must be 1 to 10, not ${k}`);
  const types = RELATION_TYPES.filter((t) => options.types.includes(t));
  if (from === to || types.length === 0) return { paths: [], entities: [], exhaustiveHops: maxHops, truncated: false, reads: 0 };
  const run = async () => {
    const search = new PathSearch(db, types, options.via, { ...PATH_SEARCH, budget: options.budget ?? PATH_SEARCH.budget });
    const found = await search.run(from, to, maxHops, k);
    const { paths, entities } = await search.relationshipsOf(found.paths, k, options.relationProps ?? true);
    return { paths, entities, exhaustiveHops: found.exhaustiveHops, truncated: found.truncated, reads: search.reads };
  };
  // Neo4j plans the search's statements on first use (about 2 s on a fresh server) and caches the
  // plans. Fifty searches arriving together on a cold server would each plan them again (9 s for all,
  // measured): the first search on a database goes alone, the others start once it has finished.
  const first = firstSearch.get(db);
  let limit = searchLimit.get(db);
  if (!limit) {
    limit = pLimit(PATH_SEARCH.concurrency);
    searchLimit.set(db, limit);
  }
  if (first) await first;
  else {
    const running = limit(run);
    firstSearch.set(
      db,
      running.then(
        () => undefined,
        () => firstSearch.delete(db),
      ),
    );
    return running;
  }
  return limit(run);
}

const firstSearch = new WeakMap<Database, Promise<unknown>>();
/** PATH_SEARCH.concurrency searches at once per database. */
const searchLimit = new WeakMap<Database, LimitFunction>();
