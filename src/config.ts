import 'dotenv/config';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

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
  KG_NEO4J_HEAP: z
    .string()
    .regex(/^\d+[kmg]$/i, 'expected a size such as 1g or 512m')
    .default('1g'),
  KG_NEO4J_PAGECACHE: z
    .string()
    .regex(/^\d+[kmg]$/i, 'expected a size such as 1g or 512m')
    .default('1g'),
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
