import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KoaInstrumentation } from '@opentelemetry/instrumentation-koa';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOffSampler, BatchSpanProcessor, NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { cacheRitmResolutions } from './resolve-cache';

export interface TracingHandle {
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry for one process. Must run before koa, pg, kafkajs and ioredis are
 * first required, or their instrumentation cannot patch them: main.ts imports its tracing
 * module first. Spans are exported over OTLP/HTTP only when an endpoint is configured;
 * without one they are still created (a no-op processor) so trace ids reach the logs and
 * W3C trace context travels with HTTP calls and Kafka messages — and nothing tries to
 * reach a collector that is not there (NodeSDK's env default would). Without an endpoint
 * nothing is recorded either (AlwaysOffSampler): the spans still carry ids and context,
 * without recording attributes and events for nobody (a pg span per statement, a koa
 * span per middleware: the SDK's share of a create was ~8% of its CPU). With one, the
 * sampler is NodeSDK's default or OTEL_TRACES_SAMPLER.
 */
export function startTracing(options: { serviceName: string; otlpEndpoint?: string }): TracingHandle {
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    ...(options.otlpEndpoint ? {} : { sampler: new AlwaysOffSampler() }),
    spanProcessors: [
      options.otlpEndpoint
        ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }))
        : new NoopSpanProcessor(),
    ],
    logRecordProcessors: [],
    metricReaders: [],
    // No kafkajs instrumentation: libs/events makes the producer and consumer spans itself,
    // so that a relay batch can be one send (see startProducerSpans).
    instrumentations: [
      new HttpInstrumentation(),
      new KoaInstrumentation(),
      new PgInstrumentation(),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
  cacheRitmResolutions();
  return { shutdown: () => sdk.shutdown() };
}
