import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '@qtable/observability';

/** Our names for kafkajs's log levels (the level kafkajs itself filters at). */
export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug';

export const kafkaLogLevels: Record<KafkaLogLevel, logLevel> = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

// Expected consequences of choices made on purpose in KafkaEventBus; at warn they would
// fire on every start and teach operators to ignore kafkajs warnings.
const EXPECTED = [
  // We bound the idempotent producer's retries so a Kafka outage surfaces to the outbox
  // relay (which retries and never drops), instead of blocking `publish` indefinitely.
  'Limiting retries for the idempotent producer',
];

/**
 * Routes kafkajs's own logging into our structured pino logger, so broker trouble shows up
 * in the same JSON stream with the service name, instead of kafkajs's console output.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  const log = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log: entry }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = entry;
      const fields = { namespace, ...extra };
      if (EXPECTED.some((text) => message.startsWith(text))) return log.debug(fields, message);
      switch (level) {
        case logLevel.ERROR:
          return log.error(fields, message);
        case logLevel.WARN:
          return log.warn(fields, message);
        case logLevel.INFO:
          return log.info(fields, message);
        default:
          return log.debug(fields, message);
      }
    };
}
