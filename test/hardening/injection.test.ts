/**
 * Promise 3: injection does nothing. Quotes, backslashes, Cypher, Lucene syntax, control characters
 * and very long strings in names, search text, ids and sort keys are data: fast-check drives the search,
 * look-up and mutation inputs, and the graph's content never changes (beyond a mutation's own intended
 * writes, removed again), and every answer is a result or a typed error, never an internal one. The
 * mutations get mostly valid input, hostile wherever a string is free, so that most are stored and
 * read back; a quarter carry one defect each.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, RELATION_TYPES } from '../../src/core/ontology.js';
import { ENTITY_TEXT_LIMITS } from '../../src/core/schema.js';
import { expectGraphUnchanged, type GraphDigest, graphDigest } from '../graph-digest.js';
import { connect } from '../helpers.js';
import { codeOf, type Running, startHttp } from './harness.js';
import {
  expectTyped,
  freeText,
  hostile,
  hostileId,
  isoDate,
  KIND_NAMES,
  lookupKeyBytes,
  RELATION_TYPE_NAMES,
  SLUG,
  validEvidence,
} from './hostile.js';

const KEY = 'hardening-injection-key';
const PREFIX = 'hz-inj-';
const [A, B] = [`${PREFIX}a`, `${PREFIX}b`];

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
  ... on UpsertEntityPayload { entity { slug name aliases description evidence { document quote } ... on Company { foundedOn country website } } }
  ... on ValidationError { issues { path message } }
} }`;

const RELATE = `mutation($input: RelateInput!) { relate(input: $input) {
  __typename
  ... on RelatePayload { relation { kind round note date evidence { document quote } } }
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
      fc.asyncProperty(hostile, fc.integer({ min: 0, max: 100 }), fc.option(fc.subarray([...KINDS])), async (text, first, kinds) => {
        const variables = { text, first, kinds };
        const result = await server.query(
          'query($text: String!, $first: Int, $kinds: [EntityKind!]) { search(text: $text, first: $first, kinds: $kinds) { totalCount edges { score node { id } } } }',
          variables,
        );
        expectTyped(result, variables);
        // The bound is in characters (code points): a character outside the BMP is two code units.
        if ([...text].length <= 200) expect(result.body.data?.search.totalCount, JSON.stringify(variables)).toBeGreaterThanOrEqual(0);
        else expect(codeOf(result), JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      }),
      {
        numRuns: 250,
        examples: [
          ['𐀀'.repeat(200), 1, null],
          ['𐀀'.repeat(201), 1, null],
          [`${'𐀀'.repeat(7)}${'ﷺ'.repeat(187)}`, 0, null],
        ],
      },
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
        fc.oneof(fc.constantFrom(...RELATION_TYPES), hostile),
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
          const valid =
            FIELDS.includes(field) &&
            ['ASC', 'DESC'].includes(direction) &&
            KIND_NAMES.includes(kind) &&
            RELATION_TYPE_NAMES.includes(type);
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
  /** Mostly valid input, hostile in every free string; one defect in a quarter of the runs. */
  const entityInput = fc.record({
    kind: fc.constantFrom(...KINDS),
    name: freeText(ENTITY_TEXT_LIMITS.name),
    aliases: fc.array(freeText(ENTITY_TEXT_LIMITS.alias), { maxLength: 3 }),
    description: fc.option(freeText(ENTITY_TEXT_LIMITS.description)),
    props: fc.record({ country: fc.option(freeText(500)), website: fc.option(freeText(500)), foundedOn: fc.option(isoDate) }),
    evidence: validEvidence,
  });
  type EntityInput = { id: string } & (typeof entityInput extends fc.Arbitrary<infer T> ? T : never);

  /** One field made hostile without regard to its rules: often refused, sometimes (by chance) still valid. */
  const entityDefect = fc.oneof(
    fc.record({ field: fc.constant('id' as const), value: hostileId }),
    fc.record({ field: fc.constantFrom('name' as const, 'description' as const, 'foundedOn' as const), value: hostile }),
    fc.record({ field: fc.constantFrom('document' as const, 'quote' as const), value: hostile }),
    fc.record({
      field: fc.constant('aliases' as const),
      value: fc.array(fc.constantFrom('x'.repeat(199), '晋'.repeat(199), '\uFDFA'.repeat(40)), { minLength: 5, maxLength: 40 }),
    }),
    fc.record({ field: fc.constant('evidence' as const), value: fc.constant([]) }),
  );
  type EntityDefect = typeof entityDefect extends fc.Arbitrary<infer T> ? T : never;

  const withEntityDefect = (input: EntityInput, defect: EntityDefect | null): Record<string, any> => {
    if (!defect) return input;
    const [first, ...rest] = input.evidence;
    switch (defect.field) {
      case 'foundedOn':
        return { ...input, props: { ...input.props, foundedOn: defect.value } };
      case 'document':
      case 'quote':
        return { ...input, evidence: [{ ...first, [defect.field]: defect.value }, ...rest] };
      default:
        return { ...input, [defect.field]: defect.value };
    }
  };

  const stringOrNull = (s: string | null | undefined) => (s == null ? null : stored(s));

  it('upsertEntity stores names, aliases, descriptions, properties and evidence verbatim, or refuses them', async () => {
    let n = 0;
    const outcomes = { stored: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        entityInput,
        fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: entityDefect }),
        async (valid, defect) => {
          const input = withEntityDefect({ id: `${PREFIX}${n++}`, ...valid }, defect);
          const context = JSON.stringify({ input, defect }).slice(0, 600);
          const result = await write(UPSERT, { input });
          try {
            expectTyped(result, input);
            const payload = result.body.data?.upsertEntity;
            if (payload?.__typename === 'UpsertEntityPayload') {
              outcomes.stored++;
              // Written as data: exactly what was sent, trimmed.
              const { entity } = payload;
              expect(entity.slug, context).toBe(input.id);
              expect(entity.name, context).toBe(stored(input.name));
              for (const alias of input.aliases) expect(entity.aliases, context).toContain(stored(alias));
              expect(entity.description, context).toBe(stringOrNull(input.description));
              for (const e of input.evidence)
                expect(entity.evidence, context).toContainEqual({ document: stored(e.document), quote: stored(e.quote) });
              if (input.kind === 'Company') {
                const { foundedOn, country, website } = input.props;
                expect({ foundedOn: entity.foundedOn, country: entity.country, website: entity.website }, context).toEqual({
                  foundedOn: stringOrNull(foundedOn),
                  country: stringOrNull(country),
                  website: stringOrNull(website),
                });
              }
            } else {
              outcomes.refused++;
              if (payload) expect(payload.__typename, JSON.stringify(result.body)).toBe('ValidationError');
            }
            if (!SLUG.test(input.id)) expect(payload?.__typename ?? codeOf(result)).not.toBe('UpsertEntityPayload');
            // Input within every rule is stored, unless its name and aliases pass the look-up index's budget.
            if (!defect) {
              const overBudget = lookupKeyBytes(valid.name, valid.aliases) > ENTITY_TEXT_LIMITS.lookupKeyBytes;
              expect(payload?.__typename, `${context} → ${JSON.stringify(result.body).slice(0, 400)}`).toBe(
                overBudget ? 'ValidationError' : 'UpsertEntityPayload',
              );
            }
          } finally {
            await cleanUp();
          }
          await expectGraphUnchanged(db, initial, context);
        },
      ),
      { numRuns: 150 },
    );
    // Most runs stored something, so the checks above ran on hostile text rather than on refusals.
    console.log('[hardening] upsertEntity', JSON.stringify(outcomes));
    expect(outcomes.stored / (outcomes.stored + outcomes.refused), JSON.stringify(outcomes)).toBeGreaterThanOrEqual(0.5);
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

  const relationInput = fc.record({
    type: fc.constantFrom(...RELATION_TYPES),
    ends: fc.constantFrom([A, B] as const, [B, A] as const),
    props: fc.record({
      kind: fc.option(freeText(500)),
      round: fc.option(freeText(500)),
      note: fc.option(freeText(500)),
      date: fc.option(isoDate),
    }),
    evidence: validEvidence,
  });
  type RelationInput = typeof relationInput extends fc.Arbitrary<infer T> ? T : never;

  const relationDefect = fc.oneof(
    fc.record({ field: fc.constant('type' as const), value: hostile }),
    fc.record({ field: fc.constantFrom('from' as const, 'to' as const), value: hostileId }),
    fc.record({ field: fc.constant('same ends' as const), value: fc.constant(null) }),
    fc.record({ field: fc.constantFrom('kind' as const, 'date' as const), value: hostile }),
    fc.record({ field: fc.constantFrom('document' as const, 'quote' as const), value: hostile }),
  );
  type RelationDefect = typeof relationDefect extends fc.Arbitrary<infer T> ? T : never;

  const relateInput = ({ type, ends: [from, to], props, evidence }: RelationInput, defect: RelationDefect | null): Record<string, any> => {
    const input = { type, from, to, props, evidence } as Record<string, any>;
    if (!defect) return input;
    const [first, ...rest] = evidence;
    switch (defect.field) {
      case 'same ends':
        return { ...input, to: from };
      case 'kind':
      case 'date':
        return { ...input, props: { ...props, [defect.field]: defect.value } };
      case 'document':
      case 'quote':
        return { ...input, evidence: [{ ...first, [defect.field]: defect.value }, ...rest] };
      default:
        return { ...input, [defect.field]: defect.value };
    }
  };

  it('relate and unrelate take their ends, types and properties as data', async () => {
    for (const id of [A, B]) {
      const created = await write(UPSERT, {
        input: { id, kind: 'Company', name: `注入测试 ${id}`, evidence: [{ document: '000_06180eb26bb0e0f8.txt', quote: '晋江三创园' }] },
      });
      expect(created.body.data?.upsertEntity.__typename).toBe('UpsertEntityPayload');
    }
    const withEnds = await graphDigest(db);
    const outcomes = { related: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        relationInput,
        fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: relationDefect }),
        async (valid, defect) => {
          const input = relateInput(valid, defect);
          const context = JSON.stringify({ input, defect }).slice(0, 600);
          const { type, from, to, props } = input;
          const related = await write(RELATE, { input });
          const payload = related.body.data?.relate;
          try {
            expectTyped(related, input);
            if (payload?.__typename === 'RelatePayload') {
              outcomes.related++;
              expect(from, context).not.toBe(to);
              const { relation } = payload;
              expect({ kind: relation.kind, round: relation.round, note: relation.note, date: relation.date }, context).toEqual({
                kind: stringOrNull(props.kind),
                round: stringOrNull(props.round),
                note: stringOrNull(props.note),
                date: stringOrNull(props.date),
              });
              for (const e of input.evidence)
                expect(relation.evidence, context).toContainEqual({ document: stored(e.document), quote: stored(e.quote) });
            } else {
              outcomes.refused++;
            }
            // Input within every rule between the two existing entities is stored.
            if (!defect) expect(payload?.__typename, `${context} → ${JSON.stringify(related.body).slice(0, 400)}`).toBe('RelatePayload');
          } finally {
            const removed = await write(UNRELATE, { input: { type, from, to } });
            expectTyped(removed, { type, from, to });
            if (payload?.__typename === 'RelatePayload')
              expect(removed.body.data?.unrelate).toEqual({ __typename: 'UnrelatePayload', removed: true });
            await cleanUp();
          }
          await expectGraphUnchanged(db, withEnds, context);
        },
      ),
      { numRuns: 150 },
    );
    console.log('[hardening] relate', JSON.stringify(outcomes));
    expect(outcomes.related / (outcomes.related + outcomes.refused), JSON.stringify(outcomes)).toBeGreaterThanOrEqual(0.5);
  });
});
