import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { BusMessage } from '../event-bus';

/**
 * Runs `fn` inside the trace context carried by `headers` (W3C traceparent), so that what
 * a handler does (logs, database spans) belongs to the trace of the request that caused
 * the event. A no-op when no OpenTelemetry propagator is registered.
 */
export function withTraceContext<T>(headers: Record<string, string>, fn: () => T): T {
  return context.with(propagation.extract(ROOT_CONTEXT, headers), fn);
}

/**
 * Splits `messages` into runs of consecutive messages sharing one trace context, in order.
 *
 * Why: the kafkajs instrumentation starts a producer span per record as a child of the
 * *active* context and overwrites the record's traceparent with it. The relay publishes
 * from its own loop, where no context is active, so every event would start a new trace
 * and the link to the HTTP request would be lost. Sending each run inside its own context
 * keeps one trace from the request through Kafka to the consumer. Without tracing
 * (no propagator) everything stays one run.
 */
export function traceContextRuns(messages: BusMessage[]): BusMessage[][] {
  const fields = propagation.fields();
  if (fields.length === 0) return messages.length > 0 ? [messages] : [];
  const runs: BusMessage[][] = [];
  let runKey: string | undefined;
  for (const message of messages) {
    const key = fields.map((f) => message.headers[f] ?? '').join('\n');
    if (runs.length > 0 && key === runKey) runs[runs.length - 1]!.push(message);
    else runs.push([message]);
    runKey = key;
  }
  return runs;
}
