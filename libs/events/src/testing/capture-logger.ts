import pino from 'pino';
import type { Logger } from '@qtable/observability';

/** One parsed log line. */
export interface CapturedLog {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/**
 * A real pino logger (same JSON shape as createLogger) whose lines are kept in memory, so
 * tests can assert what was logged and how often.
 */
export function captureLogger(level = 'debug'): { logger: Logger; lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const logger = pino(
    { level, base: undefined, formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => void lines.push(JSON.parse(line) as CapturedLog) },
  );
  return { logger, lines };
}
