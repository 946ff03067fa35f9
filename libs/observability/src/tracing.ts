import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { KoaInstrumentation } from '@opentelemetry/instrumentation-koa';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';

export interface TracingHandle {
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry for one process. Must run before koa, pg, kafkajs and ioredis are
 * first required, or their instrumentation cannot patch them: main.ts imports its tracing
 * module first. Spans are exported over OTLP/HTTP only when an endpoint is configured;
 * without one the SDK still propagates W3C trace context (HTTP, Kafka headers), so trace
 * ids appear in logs and travel with events.
 */
export function startTracing(options: { serviceName: string; otlpEndpoint?: string }): TracingHandle {
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    traceExporter: options.otlpEndpoint
      ? new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` })
      : undefined,
    instrumentations: [
      new HttpInstrumentation(),
      new KoaInstrumentation(),
      new PgInstrumentation(),
      new KafkaJsInstrumentation(),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
