/**
 * Every setting the service, `kg` and `db` read, with its default, validated in one place. The
 * entry points read `.env` first (src/env.ts); everything below gets its settings handed down from here.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_TIMEOUTS, DOCUMENT_LIMITS, HTTP_DEFAULTS, MAX_BODY_BYTES, TOPOLOGY_DEFAULTS } from './core/limits.js';
import { DOCUMENTS_DIR, PROJECT_ROOT } from './core/paths.js';

const port = z.coerce.number().int().min(0).max(65535);
const blankIsUnset = (v: unknown) => (v === '' ? undefined : v);
const optionalText = z.preprocess(blankIsUnset, z.string().optional());
const textOr = (fallback: string) => z.preprocess(blankIsUnset, z.string().default(fallback));
const size = (fallback: string) =>
  z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^\d+[kmg]$/i, 'expected a size such as 1g or 512m')
      .default(fallback),
  );

/** A whole number in [min, max]; unset or empty means `fallback`. */
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankIsUnset,
    z.coerce
      .number({ error: 'expected a whole number' })
      .int('expected a whole number')
      .min(min, `expected at least ${min}`)
      .max(max, `expected at most ${max}`)
      .default(fallback),
  );

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('localhost'),
  PORT: port.default(4000),
  /** pino's level; `silent` by default under NODE_ENV=test. */
  LOG_LEVEL: z.preprocess(blankIsUnset, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  NEO4J_URI: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/.+/, 'expected a bolt:// or neo4j:// URI')
      .optional(),
  ),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: optionalText,
  /** Writes are disabled unless a key is configured. */
  KG_API_KEY: optionalText,
  /** Load the seed graph at start when the database holds no entity. */
  KG_SEED_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Where the managed Neo4j keeps its data for `npm start`. */
  KG_DATA_DIR: textOr(join(PROJECT_ROOT, '.data')),
  /** Where Maven caches the Neo4j jars (default under XDG_CACHE_HOME or ~/.cache). */
  KG_CACHE_DIR: optionalText,
  /** The source documents evidence quotes are checked against. */
  KG_CORPUS_DIR: textOr(DOCUMENTS_DIR),
  KG_NEO4J_HEAP: size('1g'),
  KG_NEO4J_PAGECACHE: size('1g'),
  // Limits (README "Security and limits"); the defaults are the ground floor's constants.
  /** Largest request body in bytes, refused with 413 before parsing. */
  KG_MAX_BODY_BYTES: int(1_024, 100 * 1024 * 1024, MAX_BODY_BYTES),
  KG_MAX_ALIASES: int(1, 10_000, DOCUMENT_LIMITS.aliases),
  KG_MAX_TOKENS: int(100, 1_000_000, DOCUMENT_LIMITS.tokens),
  KG_MAX_DIRECTIVES: int(1, 10_000, DOCUMENT_LIMITS.directives),
  /** Server-side timeout of a read transaction in ms. */
  KG_READ_TIMEOUT_MS: int(100, 3_600_000, DEFAULT_TIMEOUTS.readMs),
  /** Server-side timeout of a write transaction in ms. */
  KG_WRITE_TIMEOUT_MS: int(100, 3_600_000, DEFAULT_TIMEOUTS.writeMs),
  /** Time a client has to send a whole request, against slow uploads. */
  KG_HTTP_REQUEST_TIMEOUT_MS: int(1_000, 3_600_000, HTTP_DEFAULTS.requestTimeoutMs),
  /** How often the topology index reads the change log, in ms: how soon other writers' changes reach traversals. */
  KG_TOPOLOGY_POLL_MS: int(10, 60_000, TOPOLOGY_DEFAULTS.pollMs),
  /** How often it compares the graph's counts with its own, in ms: how soon writes made outside the project are seen (0: before every traversal). */
  KG_TOPOLOGY_CHECK_MS: int(0, 86_400_000, TOPOLOGY_DEFAULTS.checkMs),
});

type Parsed = z.infer<typeof schema>;
export type Config = Omit<Parsed, 'LOG_LEVEL' | 'KG_CACHE_DIR'> & {
  LOG_LEVEL: NonNullable<Parsed['LOG_LEVEL']>;
  KG_CACHE_DIR: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; a bad value gives one line naming the variable and what is expected. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `${name}=${JSON.stringify(env[name] ?? '')} is invalid: ${issue.message}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const parsed = result.data;
  return {
    ...parsed,
    LOG_LEVEL: parsed.LOG_LEVEL ?? (parsed.NODE_ENV === 'test' ? 'silent' : 'info'),
    KG_CACHE_DIR: parsed.KG_CACHE_DIR ?? join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'industrial-chain-kg'),
  };
}
