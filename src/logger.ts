import { createRequire } from 'node:module';
import { pino } from 'pino';
import type PinoPretty from 'pino-pretty';

const options = {
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: undefined,
};

/** pino-pretty is loaded only for a terminal, and synchronously, so that importing the logger stays synchronous. */
const pretty = () => (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty)({ translateTime: 'SYS:HH:MM:ss.l', sync: true });

/**
 * One logger for the process; LOG_LEVEL is read directly so that the config module can log its own
 * failures. JSON lines for machines; on a terminal, pino-pretty renders the same lines for a person.
 */
export const logger = process.stdout.isTTY ? pino(options, pretty()) : pino(options);
