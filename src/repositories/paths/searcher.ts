/** The k shortest paths between two entities: the search's entry point, its settings and its turns. */
import pLimit, { type LimitFunction } from 'p-limit';
import { PATH_SEARCH_DEFAULTS, type PathSearchSettings } from '../../core/path-search.js';
import { type Kind, RELATION_TYPES, type RelationType } from '../../core/schema.js';
import type { Database } from '../../db/database.js';
import type { EntityRecord } from '../records.js';
import { type PathRecord, PathSearch } from './search.js';

export type { PathRecord } from './search.js';

export interface PathSearchOptions {
  maxHops: number;
  k: number;
  types: readonly RelationType[];
  via: readonly Kind[];
  /** Read the relationships' properties and evidence (default true). */
  relationProps?: boolean;
  /** This search's budget, instead of the searcher's. */
  budget?: number;
}

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

/** What a search sees as it starts: the searches running (itself included) and those waiting their turn. */
export interface Turns {
  running: number;
  waiting: number;
}

export interface PathSearcherHooks {
  /** Called as each search starts (for tests and instrumentation). */
  onStart?: (turns: Turns) => void;
}

/**
 * The path searches on one database: their settings, and whose turn it is. Make one per database
 * and process (src/main.ts), from the configuration; settings not given are PATH_SEARCH_DEFAULTS.
 */
export class PathSearcher {
  readonly settings: Readonly<PathSearchSettings>;
  /**
   * One slot until a search has succeeded, then `settings.concurrency`. Neo4j plans the search's
   * statements on first use (about 2 s on a fresh server) and caches the plans. Fifty searches
   * arriving together on a cold server would each plan them again (9 s for all, measured): the first
   * search goes alone, and so does the next one should it fail.
   */
  private readonly turns: LimitFunction = pLimit(1);
  private running = 0;

  constructor(
    private readonly db: Database,
    settings: Partial<PathSearchSettings> = {},
    private readonly hooks: PathSearcherHooks = {},
  ) {
    const given = Object.entries(settings).filter(([, value]) => value !== undefined);
    this.settings = Object.freeze({ ...PATH_SEARCH_DEFAULTS, ...Object.fromEntries(given) });
    const { concurrency } = this.settings;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be 1 or more, not ${concurrency}`);
  }

  /**
   * The k shortest simple paths (no node twice) of at most `maxHops` hops between two entities, over
   * relationships of `types` in either direction, every node but the two ends of a kind in `via`: a
   * bidirectional search (search.ts), which waits for its turn.
   */
  async kShortestPaths(from: string, to: string, options: PathSearchOptions): Promise<PathSearchResult> {
    const { maxHops, k } = options;
    if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 6) throw new RangeError(`maxHops must be 1 to 6, not ${maxHops}`);
    if (!Number.isInteger(k) || k < 1 || k > 10) throw new RangeError(`k must be 1 to 10, not ${k}`);
    const types = RELATION_TYPES.filter((t) => options.types.includes(t));
    if (from === to || types.length === 0) return { paths: [], entities: [], exhaustiveHops: maxHops, truncated: false, reads: 0 };
    const settings = { ...this.settings, budget: options.budget ?? this.settings.budget };
    return this.turns(async () => {
      this.running++;
      try {
        this.hooks.onStart?.({ running: this.running, waiting: this.turns.pendingCount });
        const search = new PathSearch(this.db, types, options.via, settings);
        const found = await search.run(from, to, maxHops, k);
        const { paths, entities } = await search.relationshipsOf(found.paths, k, options.relationProps ?? true);
        if (this.turns.concurrency !== this.settings.concurrency) this.turns.concurrency = this.settings.concurrency;
        return { paths, entities, exhaustiveHops: found.exhaustiveHops, truncated: found.truncated, reads: search.reads };
      } finally {
        this.running--;
      }
    });
  }
}
