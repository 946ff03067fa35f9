import { trace } from '@opentelemetry/api';
import pino from 'pino';
import { currentRequestId } from './request-context';

export type Logger = pino.Logger;

/**
 * Structured JSON logs: every line names the service, and inside a request its request id
 * and trace id. Known secret-bearing fields are redacted wherever they appear.
 */
export function createLogger(options: { service: string; level?: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'refresh_token',
          '*.refresh_token',
          'access_token',
          '*.access_token',
          'authorization',
          '*.authorization',
          '*.headers.authorization',
          '*.headers.cookie',
        ],
        censor: '[redacted]',
      },
      mixin() {
        const span = trace.getActiveSpan();
        const requestId = currentRequestId();
        return {
          ...(requestId ? { requestId } : {}),
          ...(span ? { traceId: span.spanContext().traceId } : {}),
        };
      },
    },
    options.destination ?? pino.destination(1),
  );
}
