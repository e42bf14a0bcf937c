import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import neo4j, { type Driver, isRetryableError, type ManagedTransaction, type Record as Neo4jRecord, type RecordShape } from 'neo4j-driver';
import type { Neo4jCoordinates } from '../core/connection.js';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../core/limits.js';
import { PROJECT_ROOT } from '../core/paths.js';

export type Params = Record<string, unknown>;

/** JavaScript numbers reach Cypher as floats; SKIP, LIMIT and list indexes need integers. */
export const int = (n: number) => neo4j.int(n);

/**
 * How the driver behaves when Neo4j is slow or gone (test/hardening/outage.test.ts measures it):
 * - `connectionTimeout` 3 s: opening a socket and the Bolt handshake. Neo4j on the same network answers
 *   in milliseconds; a host that swallows packets is given up on after 3 s instead of the OS's minutes.
 * - `maxTransactionRetryTime` 2 s (driver default 30 s; was 5 s): `executeRead`/`executeWrite` retry a
 *   transient failure (Neo4j unreachable, a restart's "database unavailable", a deadlock) with back-off
 *   of about 1 s, then 2 s… With 5 s a request during an outage waited about 7 s (attempts at 0, 1, 3
 *   and 7 s) before its SERVICE_UNAVAILABLE; with 2 s it gets it after about 3 s, and a blip shorter
 *   than that is still invisible. Recovery does not depend on it: once Neo4j is back the next attempt,
 *   or the next request, succeeds (closed sockets leave the pool by themselves).
 * - `connectionAcquisitionTimeout` 5 s: the longest a request waits for a pooled connection (making one
 *   included) when all are busy, so a saturated pool turns into SERVICE_UNAVAILABLE, not a hang.
 * - `maxConnectionPoolSize` 50: what one API instance may hold; a request's DataLoaders run a few
 *   reads at once, so 50 concurrent clients fit (test/hardening/load.test.ts).
 */
export const DRIVER_SETTINGS = {
  maxConnectionPoolSize: 50,
  connectionAcquisitionTimeout: 5_000,
  connectionTimeout: 3_000,
  maxTransactionRetryTime: 2_000,
} as const;

/** The driver's retry policy for managed transactions (its defaults), applied to auto-commit reads too. */
const RETRY = { initialDelayMs: 1_000, multiplier: 2, jitter: 0.2 } as const;

/**
 * The process's one driver, and the only door through which Cypher runs: reads run as auto-commit
 * READ transactions (served by followers in a cluster), writes through `executeWrite`; both retry
 * transient failures, so the work passed in must be idempotent.
 */
export class Database {
  /** Cypher round trips so far; tests read it to prove batching. */
  queryCount = 0;
  /** KG_READ_TIMEOUT_MS and KG_WRITE_TIMEOUT_MS, handed down from the config. */
  readonly timeouts: Readonly<Timeouts>;

  constructor(
    readonly driver: Driver,
    readonly database?: string,
    timeouts: Partial<Timeouts> = {},
  ) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };
  }

  static connect(coords: Neo4jCoordinates, timeouts: Partial<Timeouts> = {}): Database {
    const driver = neo4j.driver(coords.uri, neo4j.auth.basic(coords.user, coords.password), {
      disableLosslessIntegers: true,
      ...DRIVER_SETTINGS,
    });
    return new Database(driver, coords.database, timeouts);
  }

  private session(mode: 'READ' | 'WRITE') {
    return this.driver.session({ database: this.database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
  }

  /**
   * One statement in an auto-commit transaction: one round trip (RUN and PULL) where a managed
   * transaction takes two (BEGIN, RUN and PULL, then COMMIT), and half the driver's CPU per query
   * (0.36 against 0.7 ms, measured on a look-up). A read is idempotent, so a transient failure is retried
   * as `executeRead` would: the driver's delays (1 s, then doubling, ±20%) within maxTransactionRetryTime.
   */
  async read<T extends RecordShape = RecordShape>(cypher: string, params: Params = {}, timeoutMs = this.timeouts.readMs): Promise<T[]> {
    this.queryCount++;
    const started = Date.now();
    for (let delay = RETRY.initialDelayMs; ; delay *= RETRY.multiplier) {
      const session = this.session('READ');
      try {
        const result = await session.run<T>(cypher, params, { timeout: timeoutMs });
        return result.records.map((record) => record.toObject() as T);
      } catch (error) {
        if (!isRetryableError(error) || Date.now() - started > DRIVER_SETTINGS.maxTransactionRetryTime) throw error;
      } finally {
        await session.close();
      }
      await sleep(delay * (1 + RETRY.jitter * (2 * Math.random() - 1)));
    }
  }

  /**
   * One read statement whose records reach `each` as they arrive, a page of `fetchSize` at a time,
   * with back-pressure: for answers too big to hold at once (the topology index's load). Not
   * retried: the caller starts over. No timeout: a million rows take seconds.
   */
  async stream(cypher: string, params: Params, each: (record: Neo4jRecord) => void, fetchSize = 10_000): Promise<number> {
    this.queryCount++;
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ, fetchSize });
    let count = 0;
    try {
      for await (const record of session.run(cypher, params)) {
        each(record);
        count++;
      }
      return count;
    } finally {
      await session.close();
    }
  }

  async write<T extends RecordShape = RecordShape>(cypher: string, params: Params = {}, timeoutMs = this.timeouts.writeMs): Promise<T[]> {
    this.queryCount++;
    const result = await this.writeTransaction((tx) => tx.run<T>(cypher, params), timeoutMs);
    return result.records.map((record) => record.toObject() as T);
  }

  /** Several statements in one write transaction: all or nothing. */
  async writeTransaction<R>(work: (tx: ManagedTransaction) => Promise<R>, timeoutMs = this.timeouts.importMs): Promise<R> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(work, { timeout: timeoutMs });
    } finally {
      await session.close();
    }
  }

  async ping(): Promise<boolean> {
    try {
      await this.driver.getServerInfo({ database: this.database });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Applies `cypher/schema.cypher`: constraints and indexes, idempotent; then waits up to
   * `awaitSeconds` for them to be online (populating them over a bulk-loaded store takes minutes).
   */
  async applySchema(awaitSeconds = 60): Promise<void> {
    const text = await readFile(join(PROJECT_ROOT, 'cypher', 'schema.cypher'), 'utf8');
    const statements = text
      .replace(/^\s*\/\/.*$/gm, '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const statement of statements) {
      const session = this.session('WRITE');
      try {
        await session.run(statement);
      } finally {
        await session.close();
      }
    }
    const session = this.session('READ');
    try {
      await session.run('CALL db.awaitIndexes($seconds)', { seconds: int(awaitSeconds) });
    } finally {
      await session.close();
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
