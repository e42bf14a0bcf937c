/**
 * Promise 3: injection does nothing. Quotes, backslashes, Cypher, Lucene syntax, control characters
 * and very long strings in names, search text, ids and sort keys are data: fast-check drives the search,
 * look-up and mutation inputs, and the graph's content never changes (beyond a mutation's own intended
 * writes, removed again), and every answer is a result or a typed error, never an internal one.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGraphUnchanged, type GraphDigest, graphDigest } from '../graph-digest.js';
import { connect } from '../helpers.js';
import { codeOf, type GraphQLResult, LEAK, type Running, startHttp } from './harness.js';

const KEY = 'hardening-injection-key';
const PREFIX = 'hz-inj-';
const [A, B] = [`${PREFIX}a`, `${PREFIX}b`];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const PAYLOADS = [
  `'}) DETACH DELETE n //`,
  `"}) DETACH DELETE n //`,
  `') MATCH (n) DETACH DELETE n //`,
  `\\'}) DETACH DELETE n //`,
  '`}) DETACH DELETE n //',
  `' OR 1=1 --`,
  `" OR ""="`,
  '; MATCH (n) DETACH DELETE n',
  'CALL db.clearQueryCaches()',
  `$id`,
  `{id: 'x'}`,
  `:param id => 'x'`,
  `\\`,
  `\\\\`,
  `"`,
  `'`,
  `\\"`,
  '`',
  `*:*`,
  `name:*`,
  `*`,
  `?`,
  `+a -b`,
  `a AND b OR NOT c`,
  `AND`,
  `OR NOT`,
  `[a TO z]`,
  `{a TO z}`,
  `a~2`,
  `a^10`,
  `"unclosed`,
  `(`,
  `)`,
  `/regex/`,
  `a\\`,
  `&&`,
  `||`,
  `!`,
  `\u0000`,
  `\t`,
  `a\tb`,
  `\n`,
  `\r\n`,
  `\u2028`,
  `\uFEFF`,
  `\uD800`,
  `%00`,
  `%s%s%s`,
  `\${x}`,
  `<script>alert(1)</script>`,
  `../../etc/passwd`,
  `晋江三伍微电子有限公司`,
  `三伍微`,
  `（晋江）`,
  `san-wu-wei`,
  `RW50aXR5OnNhbi13dS13ZWk=`,
  'x'.repeat(201),
  'x'.repeat(10_000),
  '\\'.repeat(5_000),
  '晋'.repeat(300),
  '晋'.repeat(199),
  // NFKC expands each to 18 characters: a short name with a long look-up key.
  '\uFDFA'.repeat(150),
];

/** Payloads alone, glued together with random text, and random text of any code point (lone surrogates included). */
const hostile = fc.oneof(
  fc.constantFrom(...PAYLOADS),
  fc
    .array(
      fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 })),
      {
        minLength: 1,
        maxLength: 5,
      },
    )
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 250 }),
);
/** Never an id that exists or that a write could create outside this file's prefix. */
const hostileId = hostile.filter((s) => !SLUG.test(s));

const KINDS = ['Company', 'Fund', 'Park', 'University', 'ResearchInstitute', 'GovernmentAgency', 'Region', 'Person', 'Product', 'Industry'];
const TYPES = ['INVESTS_IN', 'LOCATED_IN', 'PARTNERS_WITH', 'SUBSIDIARY_OF', 'PART_OF', 'FOUNDED_BY', 'LEADS', 'PRODUCES', 'SUPPLIES'];
/** Codes a refusal may carry; anything else (or none) is a failure. */
const TYPED = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'QUERY_LIMIT_EXCEEDED', 'NOT_FOUND']);

function expectTyped(result: GraphQLResult, input: unknown) {
  const context = `${JSON.stringify(input).slice(0, 300)} → ${result.status} ${JSON.stringify(result.body).slice(0, 500)}`;
  expect(result.status, context).toBeLessThan(500);
  expect(result.body.data !== undefined || (result.body.errors?.length ?? 0) > 0, context).toBe(true);
  for (const error of result.body.errors ?? []) expect(TYPED.has(error.extensions?.code), context).toBe(true);
  expect(JSON.stringify(result.body), context).not.toMatch(LEAK);
}

const db = connect();
let server: Running;
let initial: GraphDigest;
let documents: string[];

/** Removes what this file's mutations wrote: its entities, and documents its evidence named. */
async function cleanUp() {
  await db.write('MATCH (n:Entity) WHERE n.id STARTS WITH $prefix AND NOT n.id IN [$a, $b] DETACH DELETE n', {
    prefix: PREFIX,
    a: A,
    b: B,
  });
  await db.write('MATCH (d:Document) WHERE NOT d.file IN $documents DETACH DELETE d', { documents });
}

/** What Neo4j keeps of a string: trimmed, and UTF-8, so a lone surrogate becomes U+FFFD. */
const stored = (s: string) => s.trim().replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const write = (query: string, variables: Record<string, unknown>) => server.query(query, variables, { 'x-api-key': KEY });

const UPSERT = `mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) {
  __typename
  ... on UpsertEntityPayload { entity { slug name aliases description evidence { document quote } } }
  ... on ValidationError { issues { path message } }
} }`;

const RELATE = `mutation($input: RelateInput!) { relate(input: $input) {
  __typename
  ... on RelatePayload { relation { kind round evidence { document quote } } }
  ... on Error { message }
} }`;

const UNRELATE = `mutation($input: UnrelateInput!) { unrelate(input: $input) { __typename ... on UnrelatePayload { removed } ... on Error { message } } }`;

beforeAll(async () => {
  server = await startHttp({ db, apiKey: KEY });
  initial = await graphDigest(db);
  documents = (await db.read<{ file: string }>('MATCH (d:Document) RETURN d.file AS file')).map((r) => r.file);
});
afterAll(async () => {
  await cleanUp();
  await db.write('MATCH (n:Entity) WHERE n.id IN [$a, $b] DETACH DELETE n', { a: A, b: B });
  await expectGraphUnchanged(db, initial);
  await server.close();
  await db.close();
});

describe('hostile input to reads', () => {
  it('search treats any text as literal terms', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.integer({ min: 0, max: 100 }), fc.option(fc.subarray(KINDS)), async (text, first, kinds) => {
        const variables = { text, first, kinds };
        const result = await server.query(
          'query($text: String!, $first: Int, $kinds: [EntityKind!]) { search(text: $text, first: $first, kinds: $kinds) { totalCount edges { score node { id } } } }',
          variables,
        );
        expectTyped(result, variables);
        if (text.length <= 200) expect(result.body.data?.search.totalCount, JSON.stringify(variables)).toBeGreaterThanOrEqual(0);
        else expect(codeOf(result)).toBe('BAD_USER_INPUT');
      }),
      { numRuns: 250 },
    );
    await expectGraphUnchanged(db, initial);
  });

  it('finds the entity its exact name names, whatever Lucene makes of it', async () => {
    for (const text of ['晋江三伍微电子有限公司', '三伍微']) {
      const { body } = await server.query('query($t: String!) { search(text: $t, first: 1) { edges { node { slug } } } }', { t: text });
      expect(body.data?.search.edges[0]?.node.slug).toBe('san-wu-wei');
    }
  });

  it('look-ups by id, global id, name and filters answer or refuse, never fail', async () => {
    const LOOKUPS = `query($t: String!, $ids: [String!]!, $gid: ID!) {
      byName: entity(name: $t) { id }
      byId: entity(id: $t) { id }
      node(id: $gid) { id }
      nodes(ids: [$gid]) { id }
      entities(filter: { nameContains: $t, ids: $ids }, first: 5) { totalCount edges { node { id } } }
      neighborhood(id: $t) { __typename }
      paths(from: $t, to: "san-wu-wei") { __typename }
      supplyChain(id: $t, direction: UPSTREAM) { __typename }
    }`;
    await fc.assert(
      fc.asyncProperty(hostile, fc.array(hostile, { maxLength: 3 }), async (t, ids) => {
        const variables = { t, ids, gid: t };
        const result = await server.query(LOOKUPS, variables);
        expectTyped(result, variables);
      }),
      { numRuns: 200 },
    );
    await expectGraphUnchanged(db, initial);
  });

  it('the same strings written into the document as GraphQL literals are parsed as data', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (t) => {
        const literal = JSON.stringify(t);
        const result = await server.query(`{ entity(name: ${literal}) { id } search(text: ${literal}, first: 1) { totalCount } }`);
        expectTyped(result, t);
      }),
      { numRuns: 150 },
    );
    await expectGraphUnchanged(db, initial);
  });

  it('sort keys, directions, kinds and relation types outside their enums are refused as bad input', async () => {
    const FIELDS = ['NAME', 'ID', 'KIND', 'FOUNDED_ON', 'DEGREE'];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...FIELDS), hostile),
        fc.oneof(fc.constantFrom('ASC', 'DESC'), hostile),
        fc.oneof(fc.constantFrom(...KINDS), hostile),
        fc.oneof(fc.constantFrom(...TYPES), hostile),
        async (field, direction, kind, type) => {
          const variables = { field, direction, kind, types: [type] };
          const result = await server.query(
            `query($field: EntitySortField!, $direction: SortDirection, $kind: EntityKind, $types: [RelationType!]) {
               entities(first: 3, kind: $kind, orderBy: { field: $field, direction: $direction }) {
                 edges { node { id relations(first: 2, types: $types) { totalCount } } }
               }
             }`,
            variables,
          );
          expectTyped(result, variables);
          const valid = FIELDS.includes(field) && ['ASC', 'DESC'].includes(direction) && KINDS.includes(kind) && TYPES.includes(type);
          if (valid) expect(result.body.errors, JSON.stringify(variables)).toBeUndefined();
          else expect(codeOf(result), JSON.stringify(variables)).toBe('BAD_USER_INPUT');
        },
      ),
      { numRuns: 200 },
    );
    await expectGraphUnchanged(db, initial);
  });
});

describe('hostile input to mutations (with the key)', () => {
  const evidence = fc.array(fc.record({ document: hostile, quote: hostile }), { minLength: 1, maxLength: 2 });

  it('upsertEntity stores names, aliases, descriptions and evidence verbatim, or refuses them', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: fc.constant('valid') }, { weight: 1, arbitrary: hostileId }),
        fc.constantFrom(...KINDS),
        hostile,
        fc.oneof(
          fc.array(hostile, { maxLength: 3 }),
          fc.array(fc.constantFrom('x'.repeat(199), '晋'.repeat(199), '\uFDFA'.repeat(40)), { minLength: 5, maxLength: 40 }),
        ),
        fc.option(hostile),
        fc.record({ country: fc.option(hostile), website: fc.option(hostile), foundedOn: fc.option(hostile) }),
        evidence,
        async (idChoice, kind, name, aliases, description, props, evidenceInput) => {
          const id = idChoice === 'valid' ? `${PREFIX}${n++}` : idChoice;
          const input = { id, kind, name, aliases, description, props, evidence: evidenceInput };
          const result = await write(UPSERT, { input });
          try {
            expectTyped(result, input);
            const payload = result.body.data?.upsertEntity;
            if (payload?.__typename === 'UpsertEntityPayload') {
              // Written as data: exactly what was sent, trimmed.
              expect(payload.entity.slug).toBe(id);
              expect(payload.entity.name).toBe(stored(name));
              for (const alias of aliases) expect(payload.entity.aliases).toContain(stored(alias));
              for (const e of evidenceInput)
                expect(payload.entity.evidence).toContainEqual({ document: stored(e.document), quote: stored(e.quote) });
            } else if (payload) {
              expect(payload.__typename, JSON.stringify(result.body)).toBe('ValidationError');
            }
            if (!SLUG.test(id)) expect(payload?.__typename ?? codeOf(result)).not.toBe('UpsertEntityPayload');
          } finally {
            await cleanUp();
          }
          await expectGraphUnchanged(db, initial);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('aliases accumulate up to the look-up index budget, then are refused, never failing in Neo4j', async () => {
    const id = `${PREFIX}grow`;
    const aliases = (round: number) => Array.from({ length: 4 }, (_, i) => `${round}-${i}-${'晋'.repeat(190)}`);
    const results: string[] = [];
    try {
      for (let round = 0; round < 4; round++) {
        const input = { id, kind: 'Company', name: '别名增长测试', aliases: aliases(round), evidence: [{ document: 'd', quote: 'q' }] };
        const result = await write(UPSERT, { input });
        expectTyped(result, input);
        results.push(result.body.data?.upsertEntity.__typename);
      }
    } finally {
      await cleanUp();
    }
    // 4 aliases of ~580 bytes fit once; the second round would pass the 4,000-byte budget.
    expect(results).toEqual(['UpsertEntityPayload', 'ValidationError', 'ValidationError', 'ValidationError']);
    await expectGraphUnchanged(db, initial);
  });

  it('relate and unrelate take their ends, types and properties as data', async () => {
    for (const id of [A, B]) {
      const created = await write(UPSERT, {
        input: { id, kind: 'Company', name: `注入测试 ${id}`, evidence: [{ document: '000_06180eb26bb0e0f8.txt', quote: '晋江三创园' }] },
      });
      expect(created.body.data?.upsertEntity.__typename).toBe('UpsertEntityPayload');
    }
    const withEnds = await graphDigest(db);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...TYPES), hostile),
        fc.oneof({ weight: 3, arbitrary: fc.constantFrom(A, B) }, { weight: 1, arbitrary: hostileId }),
        fc.oneof({ weight: 3, arbitrary: fc.constantFrom(A, B) }, { weight: 1, arbitrary: hostileId }),
        fc.record({ kind: fc.option(hostile), round: fc.option(hostile), note: fc.option(hostile), date: fc.option(hostile) }),
        evidence,
        async (type, from, to, props, evidenceInput) => {
          const input = { type, from, to, props, evidence: evidenceInput };
          const related = await write(RELATE, { input });
          const payload = related.body.data?.relate;
          try {
            expectTyped(related, input);
            if (payload?.__typename === 'RelatePayload') {
              expect(from).not.toBe(to);
              if (props.kind != null) expect(payload.relation.kind).toBe(stored(props.kind));
              for (const e of evidenceInput)
                expect(payload.relation.evidence).toContainEqual({ document: stored(e.document), quote: stored(e.quote) });
            }
          } finally {
            const removed = await write(UNRELATE, { input: { type, from, to } });
            expectTyped(removed, { type, from, to });
            if (payload?.__typename === 'RelatePayload')
              expect(removed.body.data?.unrelate).toEqual({ __typename: 'UnrelatePayload', removed: true });
            await cleanUp();
          }
          await expectGraphUnchanged(db, withEnds, JSON.stringify(input).slice(0, 600));
        },
      ),
      { numRuns: 150 },
    );
  });
});
