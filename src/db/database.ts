import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape } from 'neo4j-driver';
import type { Neo4jCoordinates } from '../neo4j/managed.js';
import { PROJECT_ROOT } from '../seeds/files.js';

export type Params = Record<string, unknown>;

/** JavaScript numbers reach Cypher as floats; SKIP, LIMIT and list indexes need integers. */
export const int = (n: number) => neo4j.int(n);

/**
 * The process's one driver, and the only door through which Cypher runs: reads go through
 * `executeRead` (served by followers in a cluster), writes through `executeWrite`; both retry
 * transient failures, so the work passed in must be idempotent.
 */
export class Database {
  /** Cypher round trips so far; tests read it to prove batching. */
  queryCount = 0;

  constructor(
    readonly driver: Driver,
    readonly database?: string,
  ) {}

  static connect(coords: Neo4jCoordinates): Database {
    const driver = neo4j.driver(coords.uri, neo4j.auth.basic(coords.user, coords.password), {
      disableLosslessIntegers: true,
      maxConnectionPoolSize: 50,
      connectionAcquisitionTimeout: 5_000,
      connectionTimeout: 3_000,
      maxTransactionRetryTime: 5_000,
    });
    return new Database(driver, coords.database);
  }

  private session(mode: 'READ' | 'WRITE') {
    return this.driver.session({ database: this.database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
  }

  async read<T extends RecordShape = RecordShape>(cypher: string, params: Params = {}, timeoutMs = 15_000): Promise<T[]> {
    return this.run('READ', async (tx) => tx.run<T>(cypher, params), timeoutMs);
  }

  async write<T extends RecordShape = RecordShape>(cypher: string, params: Params = {}, timeoutMs = 60_000): Promise<T[]> {
    return this.run('WRITE', async (tx) => tx.run<T>(cypher, params), timeoutMs);
  }

  /** Several statements in one write transaction: all or nothing. */
  async writeTransaction<R>(work: (tx: ManagedTransaction) => Promise<R>, timeoutMs = 600_000): Promise<R> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(work, { timeout: timeoutMs });
    } finally {
      await session.close();
    }
  }

  private async run<T extends RecordShape>(
    mode: 'READ' | 'WRITE',
    work: (tx: ManagedTransaction) => Promise<QueryResult<T>>,
    timeoutMs: number,
  ): Promise<T[]> {
    this.queryCount++;
    const session = this.session(mode);
    try {
      const result =
        mode === 'READ'
          ? await session.executeRead(work, { timeout: timeoutMs })
          : await session.executeWrite(work, { timeout: timeoutMs });
      return result.records.map((record) => record.toObject() as T);
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

  /** Applies `cypher/schema.cypher`: constraints and indexes, idempotent. */
  async applySchema(): Promise<void> {
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
      await session.run('CALL db.awaitIndexes(60)');
    } finally {
      await session.close();
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
