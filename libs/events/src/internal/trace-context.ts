import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { BusMessage } from '../event-bus';

const tracer = trace.getTracer('@qtable/events');

/**
 * A handler's run as a CONSUMER span ("process <topic>") in the trace carried by the
 * message's headers (W3C traceparent), so that what a handler does (logs, database spans)
 * belongs to the trace of the request that caused the event; failures are recorded on it.
 * Without a tracer registered, only the context travels.
 */
export async function inConsumerSpan<T>(message: BusMessage, fn: () => Promise<T>): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, message.headers);
  const span = tracer.startSpan(`process ${message.topic}`, { kind: SpanKind.CONSUMER, attributes: messagingAttributes(message, 'process') }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), fn);
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/**
 * One PRODUCER span per message, each the child of the trace its event was recorded in
 * (the traceparent the outbox stored with it), and copies of the messages whose headers
 * carry that span to the consumers.
 *
 * Why not the kafkajs instrumentation: it parents every record of a send on the *active*
 * context, so a relay batch (events of many requests) had to go out as one send per
 * request to stay in their traces: a Kafka round trip per event, which capped the relay at
 * a few hundred events a second and let it fall seconds behind under load. Here a batch
 * is one send whatever traces it holds. Without a tracer registered, the headers are left
 * as they are.
 */
export function startProducerSpans(messages: BusMessage[]): { messages: BusMessage[]; end(err?: unknown): void } {
  const spans: Span[] = [];
  const traced = messages.map((message) => {
    const parent = propagation.extract(ROOT_CONTEXT, message.headers);
    const span = tracer.startSpan(`send ${message.topic}`, { kind: SpanKind.PRODUCER, attributes: messagingAttributes(message, 'send') }, parent);
    spans.push(span);
    const headers = { ...message.headers };
    propagation.inject(trace.setSpan(parent, span), headers);
    return { ...message, headers };
  });
  return {
    messages: traced,
    end(err?: unknown) {
      for (const span of spans) {
        if (err !== undefined) failed(span, err);
        span.end();
      }
    },
  };
}

// OpenTelemetry messaging semantic conventions; no tenant data beyond the key (the restaurant id, as Kafka has it).
function messagingAttributes(message: BusMessage, operation: 'send' | 'process') {
  return {
    'messaging.system': 'kafka',
    'messaging.destination.name': message.topic,
    'messaging.operation.type': operation,
    'messaging.kafka.message.key': message.key,
    'messaging.message.id': message.envelope.id,
  };
}

function failed(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}
