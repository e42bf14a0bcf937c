import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** A whole number in [min, max]; unset or empty means the default documented beside its use. */
const optionalInt = (min: number, max: number) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ error: 'expected a whole number' })
      .int('expected a whole number')
      .min(min, `expected at least ${min}`)
      .max(max, `expected at most ${max}`)
      .optional(),
  );

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('localhost'),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NEO4J_URI: optionalText.pipe(
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
  KG_DATA_DIR: optionalText,
  /** The source documents evidence quotes are checked against (default seeds/documents). */
  KG_CORPUS_DIR: optionalText,
  KG_NEO4J_HEAP: z
    .string()
    .regex(/^\d+[kmg]$/i, 'expected a size such as 1g or 512m')
    .default('1g'),
  KG_NEO4J_PAGECACHE: z
    .string()
    .regex(/^\d+[kmg]$/i, 'expected a size such as 1g or 512m')
    .default('1g'),
  // Limits (README "Security and limits"); unset means the default in the module named.
  /** Largest request body in bytes, refused with 413 before parsing (default 1 MiB, src/yoga.ts). */
  KG_MAX_BODY_BYTES: optionalInt(1_024, 100 * 1024 * 1024),
  /** Aliases per operation (default DOCUMENT_LIMITS.aliases in src/yoga.ts). */
  KG_MAX_ALIASES: optionalInt(1, 10_000),
  /** Lexical tokens per document (default DOCUMENT_LIMITS.tokens). */
  KG_MAX_TOKENS: optionalInt(100, 1_000_000),
  /** Directives per operation (default DOCUMENT_LIMITS.directives). */
  KG_MAX_DIRECTIVES: optionalInt(1, 10_000),
  /** Server-side timeout of a read transaction in ms (default 15 s, src/db/database.ts). */
  KG_READ_TIMEOUT_MS: optionalInt(100, 3_600_000),
  /** Server-side timeout of a write transaction in ms (default 60 s). */
  KG_WRITE_TIMEOUT_MS: optionalInt(100, 3_600_000),
  /** Time a client has to send a whole request, against slow uploads (default 30 s, src/http/server.ts). */
  KG_HTTP_REQUEST_TIMEOUT_MS: optionalInt(1_000, 3_600_000),
  /** Path searches run at once; the others wait (default PATH_SEARCH.concurrency, src/repositories/graph.ts). */
  KG_PATH_SEARCHES: optionalInt(1, 64),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; a bad value gives one line naming the variable and what is expected. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return `${name}=${JSON.stringify(env[name] ?? '')} is invalid: ${issue.message}`;
  });
  throw new ConfigError(lines.join('\n'));
}
