import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { freePort } from '../src/neo4j/managed.js';
import { connect, testServer } from './helpers.js';

describe('HTTP server', () => {
  const db = connect();
  const { yoga, query, traversals } = testServer(db);
  afterAll(() => db.close());

  it('answers { __typename }', async () => {
    expect(await query('{ __typename }')).toEqual({ data: { __typename: 'Query' } });
  });

  it('reports liveness on /healthz, and on /readyz Neo4j reachability once the topology index is built', async () => {
    expect((await yoga.fetch('http://test/healthz')).status).toBe(200);
    await traversals.live.current(30_000);
    expect((await yoga.fetch('http://test/readyz')).status).toBe(200);
  });

  it('turns /readyz to 503 and queries to SERVICE_UNAVAILABLE, without a stack, when Neo4j is unreachable', async () => {
    const port = await freePort();
    const down = Database.connect({ uri: `bolt://127.0.0.1:${port}`, user: 'neo4j', password: 'x' });
    try {
      const server = testServer(down);
      expect((await server.yoga.fetch('http://test/readyz')).status).toBe(503);
      const result = await server.query('{ stats { entities } }');
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
      expect(JSON.stringify(result)).not.toMatch(/at \w+ \(|stack/i);
    } finally {
      await down.close();
    }
  });
});
