// Imported first by main.ts: instrumentation must patch http, koa, pg and ioredis before they load.
import { startTracing } from '@qtable/observability';

export const tracing = startTracing({ serviceName: 'auth', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined });
