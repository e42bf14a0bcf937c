/** Hostile strings, and input that is valid but for them: the injection properties' arbitraries. */
import fc from 'fast-check';
import { expect } from 'vitest';
import { lookupKeys } from '../../src/core/names.js';
import { KINDS, RELATION_TYPES } from '../../src/core/ontology.js';
import { MAX_QUOTE_LENGTH } from '../../src/core/schema.js';
import { type GraphQLResult, LEAK } from './harness.js';

export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const PAYLOADS = [
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
export const hostile = fc.oneof(
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
export const hostileId = hostile.filter((s) => !SLUG.test(s));

/** Whitespace and the text between: what String#trim keeps, and what it drops on either side. */
export const around = (s: string) => {
  const body = s.trim();
  const at = s.length - s.trimStart().length;
  return { lead: s.slice(0, at), body, trail: s.slice(at + body.length) };
};

/**
 * Hostile text that a free string field accepts: after trimming, 1 to `max` code units (a payload cut
 * to fit, or `x` for one that is only whitespace), with some of the whitespace around it kept for the
 * server to trim. Without control characters where the field refuses them (evidence documents).
 */
export const freeText = (max: number, { controls = true } = {}) =>
  hostile.map((raw) => {
    const { lead, body, trail } = around(controls ? raw : raw.replace(/\p{Cc}/gu, ''));
    return `${lead.slice(0, 2)}${body === '' ? 'x' : body.slice(0, max)}${trail.slice(0, 2)}`;
  });

/** A date the schema accepts (YYYY, YYYY-MM or YYYY-MM-DD). */
export const isoDate = fc
  .tuple(
    fc.integer({ min: 1900, max: 2100 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    fc.integer({ min: 1, max: 3 }),
  )
  .map(([y, m, d, parts]) => [String(y), String(m).padStart(2, '0'), String(d).padStart(2, '0')].slice(0, parts).join('-'));

export const validEvidence = fc.array(fc.record({ document: freeText(200, { controls: false }), quote: freeText(MAX_QUOTE_LENGTH) }), {
  minLength: 1,
  maxLength: 2,
});

/** The UTF-8 bytes of the look-up keys an entity's name and aliases make, counted as the server counts them. */
export const lookupKeyBytes = (name: string, aliases: string[]) =>
  lookupKeys(
    name.trim(),
    aliases.map((a) => a.trim()),
  ).reduce((sum, key) => sum + Buffer.byteLength(key), 0);

export const RELATION_TYPE_NAMES: readonly string[] = RELATION_TYPES;
export const KIND_NAMES: readonly string[] = KINDS;
/** Codes a refusal may carry; anything else (or none) is a failure. */
export const TYPED = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'QUERY_LIMIT_EXCEEDED', 'NOT_FOUND']);

export function expectTyped(result: GraphQLResult, input: unknown) {
  const context = `${JSON.stringify(input).slice(0, 300)} → ${result.status} ${JSON.stringify(result.body).slice(0, 500)}`;
  expect(result.status, context).toBeLessThan(500);
  expect(result.body.data !== undefined || (result.body.errors?.length ?? 0) > 0, context).toBe(true);
  for (const error of result.body.errors ?? []) expect(TYPED.has(error.extensions?.code), context).toBe(true);
  expect(JSON.stringify(result.body), context).not.toMatch(LEAK);
}
