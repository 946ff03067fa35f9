// Imported first by main.ts: instrumentation must patch http, koa and pg before they load.
import { startTracing } from '@qtable/observability';

export const tracing = startTracing({ serviceName: 'qtable-reservations', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined });
