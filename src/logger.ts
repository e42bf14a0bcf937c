import { pino } from 'pino';

/** One logger for the process; LOG_LEVEL is read directly so that the config module can log its own failures. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: undefined,
});
