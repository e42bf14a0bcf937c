/**
 * The path search's tuning. Its unit of cost is a relationship read in Neo4j.
 * - `heavy`: a node with more relationships is not expanded as a matter of course: paths usually
 *   meet at such hubs, and the search expands one only when no cheaper way to rule paths in or out is left;
 * - `guess`: the degree assumed for a node not read yet;
 * - `pair`: checking two given hubs for a relationship between them, about;
 * - `batch`: light neighbours expanded in the same round trip although not strictly needed yet;
 * - `commonFactor`: finding the common neighbours of hubs reads the relationships of each neighbour too;
 * - `ship`: expanding a node ships its neighbours to the application, a join only what it finds;
 * - `skip`: expanded nodes with this many relationships are not shipped again as their neighbours' neighbour;
 * - `budget`: relationships a search may read; past it, the answer says it is not exhaustive;
 * - `concurrency`: searches running at once (KG_PATH_SEARCHES); the others wait their turn. A search
 *   keeps Neo4j busy most of its time: at a million entities on 2 cores, 2 at once answer 8 clients
 *   as fast as 8 at once (30-32 req/s, p99 0.5-0.6 s) with 40 MB less memory.
 */
export interface PathSearchSettings {
  heavy: number;
  guess: number;
  pair: number;
  batch: number;
  commonFactor: number;
  ship: number;
  skip: number;
  budget: number;
  concurrency: number;
}

/** Measured at a million entities: within a few percent of the best settings tried. */
export const PATH_SEARCH_DEFAULTS: Readonly<PathSearchSettings> = Object.freeze({
  heavy: 100,
  guess: 5,
  pair: 100,
  batch: 1_500,
  commonFactor: 5,
  ship: 1.5,
  skip: 20,
  budget: 2_000_000,
  concurrency: 2,
});
