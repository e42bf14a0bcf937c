import { createRequire } from 'node:module';
import { type Logger, pino } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

/** pino-pretty is loaded only for a terminal, and synchronously, so that making a logger stays synchronous. */
const pretty = (fd: 1 | 2) =>
  (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty)({ translateTime: 'SYS:HH:MM:ss.l', sync: true, destination: fd });

/**
 * The process's logger, made once by the entry point from LOG_LEVEL and handed down: JSON lines for
 * machines; on a terminal, pino-pretty renders the same lines for a person.
 */
export function createLogger(level: string, fd: 1 | 2 = 1): Logger {
  const options = { level, base: undefined };
  const terminal = Boolean((fd === 1 ? process.stdout : process.stderr).isTTY);
  return terminal ? pino(options, pretty(fd)) : pino(options, pino.destination({ fd, sync: true }));
}

/** For code run without a process logger (the tests' servers): says nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
