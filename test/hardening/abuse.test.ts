/**
 * Promise 2: abusive queries are refused fast, each with an error naming the limit and the value,
 * before any Cypher runs, and the server keeps serving another client correctly meanwhile.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS, LIMITS, MAX_BODY_BYTES } from '../../src/core/limits.js';
import { CSRF_HEADERS } from '../../src/http/csrf.js';
import { LIMIT_CODE } from '../../src/http/errors.js';
import { connect } from '../helpers.js';
import { type GraphQLResult, LEAK, postGraphQL, type Running, startHttp } from './harness.js';

interface Abuse {
  name: string;
  /** A GraphQL request, or a raw body. */
  send: (server: Running) => Promise<GraphQLResult>;
  status: number;
  code: string;
  /** The message must name the limit and its value. */
  message: RegExp;
  extensions?: Record<string, unknown>;
}

const gql =
  (query: string, variables: Record<string, unknown> = {}) =>
  (server: Running) =>
    server.query(query, variables);

/** Nested 13 times, `relations → edges → node → target` is 52 levels deep. */
const deep = (levels: number) => {
  let selection = 'name';
  for (let i = 0; i < levels; i++) selection = `relations(first: 1) { edges { node { target { ${selection} } } } }`;
  return `{ entity(id: "san-wu-wei") { ${selection} } }`;
};
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: stats { entities }`).join(' ')} }`;

const ABUSES: Abuse[] = [
  {
    name: 'depth 50',
    send: gql(deep(13)),
    status: 400,
    code: LIMIT_CODE,
    message: /^Query depth limit of 12 exceeded, found 5\d\.$/,
    extensions: { limit: 'depth', max: DOCUMENT_LIMITS.depth },
  },
  {
    // Four tokens an alias: the parser's token limit stops it before the alias count is reached.
    name: '1,000 aliases',
    send: gql(aliases(1_000)),
    status: 400,
    code: LIMIT_CODE,
    message: /^(Token limit of 2000 exceeded\.|Aliases limit of 30 exceeded, found 1000\.)$/,
  },
  {
    name: '100 aliases (within the token limit)',
    send: gql(aliases(100)),
    status: 400,
    code: LIMIT_CODE,
    message: /^Aliases limit of 30 exceeded, found 100\.$/,
    extensions: { limit: 'aliases', max: DOCUMENT_LIMITS.aliases, found: 100 },
  },
  {
    name: '10,000 tokens',
    send: gql(`{ ${'__typename '.repeat(9_998)}}`),
    status: 400,
    code: LIMIT_CODE,
    message: /^Token limit of 2000 exceeded\.$/,
    extensions: { limit: 'tokens', max: DOCUMENT_LIMITS.tokens },
  },
  {
    name: 'a 10 MB body',
    send: (server) => postGraphQL(server.endpoint, JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(10_000_000) } })),
    status: 413,
    code: 'REQUEST_ENTITY_TOO_LARGE',
    message: /too large/,
  },
  {
    name: 'a 10 MB body without Content-Length (chunked)',
    send: async (server) => {
      const started = performance.now();
      const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }","variables":{"pad":"'));
          if (sent >= 10_000_000) {
            controller.enqueue(new TextEncoder().encode('"}}'));
            controller.close();
            return;
          }
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const response = await fetch(server.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit);
      return { status: response.status, body: await response.json(), ms: performance.now() - started };
    },
    status: 413,
    code: 'REQUEST_ENTITY_TOO_LARGE',
    message: /too large/,
  },
  {
    name: 'a directive flood (200)',
    send: gql(`{ ${'__typename @include(if: true) '.repeat(200)}}`),
    status: 400,
    code: LIMIT_CODE,
    message: /^Directives limit of 20 exceeded, found 200\.$/,
    extensions: { limit: 'directives', max: DOCUMENT_LIMITS.directives, found: 200 },
  },
  {
    name: 'paths maxHops: 1000',
    send: gql('{ paths(from: "san-wu-wei", to: "fu-zhou-da-xue", maxHops: 1000) { __typename } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
    message: new RegExp(`maxHops may be at most ${LIMITS.maxHops}`),
  },
  {
    name: 'paths k: 10000',
    send: gql('{ paths(from: "san-wu-wei", to: "fu-zhou-da-xue", k: 10000) { __typename } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
    message: new RegExp(`k may be at most ${LIMITS.k}`),
  },
  {
    name: 'first: 1000000',
    send: gql('{ entities(first: 1000000) { totalCount } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
    message: new RegExp(`first may be at most ${LIMITS.pageSize}`),
  },
  {
    name: 'first: 1000000 in a variable',
    send: gql('query($n: Int) { search(text: "芯片", first: $n) { totalCount } }', { n: 1_000_000 }),
    status: 200,
    code: 'BAD_USER_INPUT',
    message: new RegExp(`first may be at most ${LIMITS.pageSize}`),
  },
  {
    name: 'neighborhood depth: 10',
    send: gql('{ neighborhood(id: "san-wu-wei", depth: 10) { __typename } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
    message: new RegExp(`depth may be at most ${LIMITS.depth}`),
  },
  {
    name: 'neighborhood limit: 100000',
    send: gql('{ neighborhood(id: "san-wu-wei", limit: 100000) { __typename } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
    message: /limit may be at most 500/,
  },
  {
    name: 'a cyclic fragment',
    send: gql('{ ...A } fragment A on Query { stats { entities } ...B } fragment B on Query { ...A }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /Cannot spread fragment "A" within itself via "B"/,
  },
  {
    name: 'complexity: 100 × 100 relations',
    send: gql('{ entities(first: 100) { edges { node { relations(first: 100) { edges { node { type } } } } } } }'),
    status: 200,
    code: LIMIT_CODE,
    message: new RegExp(`^Query exceeds maximum complexity \\(complexity: \\d+, max: ${LIMITS.complexity}\\)$`),
    extensions: { limit: 'complexity', max: LIMITS.complexity },
  },
  {
    name: 'a batch of 100 operations (batching is off)',
    send: (server) =>
      postGraphQL(
        server.endpoint,
        Array.from({ length: 100 }, () => ({ query: '{ stats { entities } }' })),
      ),
    status: 400,
    code: 'BAD_REQUEST',
    message: /./,
  },
];

const db = connect();
let server: Running;

beforeAll(async () => {
  server = await startHttp({ db, apiKey: 'abuse-key' });
});
afterAll(async () => {
  await server.close();
  await db.close();
});

async function expectRefused(abuse: Abuse, result: GraphQLResult) {
  const error = result.body.errors?.find((e) => e.extensions?.code === abuse.code);
  expect(result.status, `${abuse.name}: ${JSON.stringify(result.body).slice(0, 300)}`).toBe(abuse.status);
  expect(error, `${abuse.name}: ${JSON.stringify(result.body).slice(0, 300)}`).toBeDefined();
  expect(error?.message).toMatch(abuse.message);
  if (abuse.extensions) expect(error?.extensions).toMatchObject(abuse.extensions);
  expect(result.body.data ?? null).toBeNull();
  expect(JSON.stringify(result.body)).not.toMatch(LEAK);
}

describe('abusive queries', () => {
  it('are each refused before any Cypher runs, and quickly', async () => {
    const timings: Record<string, string> = {};
    for (const abuse of ABUSES) {
      const before = db.queryCount;
      const result = await abuse.send(server);
      await expectRefused(abuse, result);
      expect(db.queryCount - before, `${abuse.name} ran Cypher`).toBe(0);
      // Generous: the machine is shared; the refusals themselves take milliseconds (see the log line).
      expect(result.ms, abuse.name).toBeLessThan(2_000);
      timings[abuse.name] = `${result.ms.toFixed(1)} ms`;
    }
    console.log('[hardening] refusal latencies', timings);
  });

  it('are refused while another client keeps getting correct answers', async () => {
    const probe = '{ entity(id: "san-wu-wei") { name } stats { entities relations } }';
    const expected = (await server.query(probe)).body;
    expect(expected.data?.entity?.name).toBe('晋江三伍微电子有限公司');

    let stop = false;
    const answers: GraphQLResult[] = [];
    const other = (async () => {
      while (!stop) {
        answers.push(await server.query(probe));
        await sleep(5);
      }
    })();
    try {
      // Every abuse at once, three times over, while the other client runs.
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all(ABUSES.map((abuse) => abuse.send(server)));
        for (const [i, result] of results.entries()) await expectRefused(ABUSES[i] as Abuse, result);
      }
      await sleep(200);
    } finally {
      stop = true;
      await other;
    }

    expect(answers.length).toBeGreaterThan(5);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(expected);
    }
    const slowest = Math.max(...answers.map((a) => a.ms));
    console.log(`[hardening] other client: ${answers.length} answers during the abuse, all correct, slowest ${slowest.toFixed(0)} ms`);
  });
});

describe('CSRF prevention', () => {
  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/json', ...headers } });

  it('refuses a GET or a form POST without a CSRF header, before parsing it', async () => {
    const before = db.queryCount;
    const response = await get('{ stats { entities } }');
    expect(response.status).toBe(403);
    expect((await response.json()).errors[0].extensions.code).toBe('CSRF_HEADER_REQUIRED');
    const form = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: '{ stats { entities } }' }).toString(),
    });
    expect(form.status).toBe(403);
    const text = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ __typename }"}',
    });
    expect(text.status).toBe(403);
    expect(db.queryCount).toBe(before);
  });

  it('lets a GET with one of the CSRF headers, and a JSON POST, through', async () => {
    for (const header of CSRF_HEADERS) {
      const response = await get('{ stats { entities } }', { [header]: '1' });
      expect(response.status, header).toBe(200);
      expect((await response.json()).data.stats.entities).toBeGreaterThan(0);
    }
    expect((await server.query('{ stats { entities } }')).body.data?.stats.entities).toBeGreaterThan(0);
  });

  it('never runs a mutation sent as a GET', async () => {
    const response = await get('mutation { unrelate(input: {type: LEADS, from: "a", to: "b"}) { __typename } }', {
      [CSRF_HEADERS[0]]: '1',
    });
    expect(response.status).toBe(405);
  });
});

describe('field suggestions', () => {
  const probes = [
    '{ entitie { totalCount } }',
    '{ entities(kind: Compny) { totalCount } }',
    '{ entities(frist: 3) { totalCount } }',
    '{ entity(id: "san-wu-wei") { parent { name } } }',
  ];

  it('are hidden outside development, in every form graphql-js gives them', async () => {
    for (const query of probes) {
      const { body } = await server.query(query);
      expect(body.errors?.[0]?.message, query).toMatch(/\[Suggestion hidden\]$/);
      expect(JSON.stringify(body)).not.toMatch(/Did you mean/);
    }
    // A variable of the wrong value: coerced at execution, past armor's validation-time masking.
    const variable = await server.query('query($k: EntityKind) { entities(kind: $k) { totalCount } }', { k: 'Compny' });
    expect(variable.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(JSON.stringify(variable.body)).not.toMatch(/Did you mean/);
  });

  it('are shown in development', async () => {
    const dev = await startHttp({ db, development: true });
    try {
      for (const query of probes) expect((await dev.query(query)).body.errors?.[0]?.message, query).toMatch(/Did you mean/);
    } finally {
      await dev.close();
    }
  });
});

describe('the body size limit', () => {
  it(`accepts a body just under ${MAX_BODY_BYTES} bytes and refuses one just over`, async () => {
    const body = (size: number) => {
      const base = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
      return JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(size - base.length) } });
    };
    expect((await postGraphQL(server.endpoint, body(MAX_BODY_BYTES))).status).toBe(200);
    const over = await postGraphQL(server.endpoint, body(MAX_BODY_BYTES + 1));
    expect(over.status).toBe(413);
    expect(over.body.errors?.[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });
});

describe('oversized headers', () => {
  /** The documented bound: a request line and headers above 16 KB in all. */
  const BOUND = 16 * 1024;
  const withHeader = (bytes: number) =>
    fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-padding': 'x'.repeat(bytes) },
      body: JSON.stringify({ query: '{ stats { entities } }' }),
    });

  it('refuses headers past 16 KB with 431 before any Cypher runs, answers just under it, and keeps serving', async () => {
    const before = db.queryCount;
    const over = await withHeader(BOUND + 1);
    expect(over.status).toBe(431);
    expect(db.queryCount).toBe(before);
    const under = await withHeader(BOUND - 1_024);
    expect(under.status).toBe(200);
    expect(((await under.json()) as { data: { stats: { entities: number } } }).data.stats.entities).toBeGreaterThan(0);
    expect((await server.query('{ __typename }')).status).toBe(200);
  });
});
