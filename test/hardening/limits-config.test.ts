/**
 * The limits README "Security and limits" says can be changed from the environment are: validated by
 * src/config.ts, and honoured by the real server (`src/main.ts` as a child process), as is the
 * slow-client timeout of its HTTP server.
 */
import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, startServerProcess } from '../../bench/load.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DOCUMENT_LIMITS, MAX_BODY_BYTES } from '../../src/core/limits.js';
import { Database } from '../../src/db/database.js';
import { LIMIT_CODE } from '../../src/http/errors.js';
import { LEAK, postGraphQL, startHttp } from './harness.js';

describe('limit settings', () => {
  it('are read from the environment, and unset or empty means the default', () => {
    const config = loadConfig({
      KG_MAX_BODY_BYTES: '2048',
      KG_MAX_ALIASES: '5',
      KG_MAX_TOKENS: '300',
      KG_MAX_DIRECTIVES: '',
      KG_READ_TIMEOUT_MS: '5000',
      KG_WRITE_TIMEOUT_MS: '20000',
      KG_HTTP_REQUEST_TIMEOUT_MS: '10000',
      KG_TOPOLOGY_POLL_MS: '500',
      KG_TOPOLOGY_CHECK_MS: '0',
    });
    expect(config).toMatchObject({
      KG_MAX_BODY_BYTES: 2048,
      KG_MAX_ALIASES: 5,
      KG_MAX_TOKENS: 300,
      KG_READ_TIMEOUT_MS: 5000,
      KG_WRITE_TIMEOUT_MS: 20000,
      KG_HTTP_REQUEST_TIMEOUT_MS: 10000,
      KG_TOPOLOGY_POLL_MS: 500,
      KG_TOPOLOGY_CHECK_MS: 0,
    });
    expect(config.KG_MAX_DIRECTIVES).toBe(DOCUMENT_LIMITS.directives);
    expect(loadConfig({}).KG_MAX_BODY_BYTES).toBe(MAX_BODY_BYTES);
  });

  it('reject a bad value in one line naming the variable and what it expects', () => {
    expect(() => loadConfig({ KG_MAX_TOKENS: 'lots' })).toThrow(ConfigError);
    expect(() => loadConfig({ KG_MAX_TOKENS: 'lots' })).toThrow(/^KG_MAX_TOKENS="lots" is invalid: expected a whole number$/);
    expect(() => loadConfig({ KG_MAX_BODY_BYTES: '10' })).toThrow(/^KG_MAX_BODY_BYTES="10" is invalid: expected at least 1024$/);
    expect(() => loadConfig({ KG_MAX_ALIASES: '2.5' })).toThrow(/^KG_MAX_ALIASES="2.5" is invalid: expected a whole number$/);
    expect(() => loadConfig({ KG_READ_TIMEOUT_MS: '-1' })).toThrow(/^KG_READ_TIMEOUT_MS="-1" is invalid: expected at least 100$/);
  });
});

describe('the server started with limits from the environment', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerProcess(inject('neo4j'), {
      KG_MAX_BODY_BYTES: '4096',
      KG_MAX_ALIASES: '3',
      KG_MAX_TOKENS: '300',
      KG_MAX_DIRECTIVES: '2',
      KG_HTTP_REQUEST_TIMEOUT_MS: '2000',
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  const post = (payload: unknown) => postGraphQL(`${server.url}/graphql`, payload);

  it('refuses past the configured document limits, and answers within them', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: stats { entities }`).join(' ')} }`;
    expect((await post({ query: aliases(3) })).body.data?.a2.entities).toBeGreaterThan(0);
    expect((await post({ query: aliases(4) })).body.errors?.[0]?.extensions).toEqual({
      code: LIMIT_CODE,
      limit: 'aliases',
      max: 3,
      found: 4,
    });
    const directives = await post({ query: '{ __typename @include(if: true) @skip(if: false) stats @include(if: true) { entities } }' });
    expect(directives.body.errors?.[0]?.extensions).toEqual({ code: LIMIT_CODE, limit: 'directives', max: 2, found: 3 });
    const tokens = await post({ query: `{ ${'__typename '.repeat(320)}}` });
    expect(tokens.body.errors?.[0]).toMatchObject({ message: 'Token limit of 300 exceeded.', extensions: { limit: 'tokens', max: 300 } });
  });

  it('refuses a body past KG_MAX_BODY_BYTES with 413', async () => {
    expect((await post({ query: '{ __typename }', variables: { pad: 'x'.repeat(3_000) } })).status).toBe(200);
    const over = await post({ query: '{ __typename }', variables: { pad: 'x'.repeat(5_000) } });
    expect(over.status).toBe(413);
  });

  it('cuts off a client that sends its request too slowly (KG_HTTP_REQUEST_TIMEOUT_MS)', async () => {
    const { port } = new URL(server.url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = tcpConnect({ host: '127.0.0.1', port: Number(port) }, () => {
        // Headers, then a body that never comes: the socket would be held forever without the timeout.
        socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":');
      });
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      socket.setTimeout(15_000, () => {
        socket.destroy();
        reject(new Error('still open after 15 s'));
      });
    });
    const ms = Date.now() - started;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeGreaterThanOrEqual(1_900);
    expect(ms).toBeLessThan(6_000);
  });
});

describe('a transaction past its timeout', () => {
  it('is stopped by Neo4j and answered QUERY_TIMEOUT, without internals', async () => {
    // The seed graph answers every API query in milliseconds: stand in a read that takes seconds,
    // under a 100 ms timeout, for the real Neo4j to terminate.
    const db = Database.connect(inject('neo4j'), { readMs: 100 });
    const read = db.read.bind(db);
    db.read = ((_cypher: string, _params?: Record<string, unknown>, timeoutMs?: number) =>
      read('UNWIND range(1, 200000000) AS x RETURN count(x) AS n', {}, timeoutMs)) as typeof db.read;
    const server = await startHttp({ db });
    try {
      const started = Date.now();
      const result = await server.query('{ stats { entities } }');
      expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TIMEOUT' });
      expect(JSON.stringify(result.body)).not.toMatch(LEAK);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await server.close();
      await db.close();
    }
  });
});

describe('a mutation past the write timeout', () => {
  it('is stopped after the write timeout (not the import one), answered QUERY_TIMEOUT, and writes nothing', async () => {
    // upsertEntity writes through the importer: stand a slow statement in at the head of its transaction.
    const db = Database.connect(inject('neo4j'), { writeMs: 100 });
    const writeTransaction = db.writeTransaction.bind(db);
    db.writeTransaction = ((work, timeoutMs) =>
      writeTransaction(async (tx) => {
        await tx.run('UNWIND range(1, 200000000) AS x RETURN count(x) AS n');
        return work(tx);
      }, timeoutMs)) as typeof db.writeTransaction;
    const server = await startHttp({ db, apiKey: 'limits-key' });
    try {
      const started = Date.now();
      const result = await server.query(
        `mutation { upsertEntity(input: { id: "limits-slow", kind: Company, name: "限时测试公司",
          evidence: [{ document: "limits.md", quote: "限时" }] }) { __typename } }`,
        {},
        { 'x-api-key': 'limits-key' },
      );
      expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await db.read("MATCH (n:Entity {id: 'limits-slow'}) RETURN n")).toEqual([]);
    } finally {
      await server.close();
      await db.close();
    }
  });
});
