import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { newEvent } from '../envelope';
import type { BusMessage } from '../event-bus';
import { InMemoryEventBus } from '../in-memory/in-memory-event-bus';
import { captureLogger } from '../testing';
import { inConsumerSpan, startProducerSpans } from './trace-context';

// What startTracing() registers in a service (W3C propagation, async context), with spans kept in memory.
const SPAN = '00f067aa0ba902b7';
const traceparent = (traceId: string) => `00-${traceId}-${SPAN}-01`;
const T1 = '11111111111111111111111111111111';
const T2 = '22222222222222222222222222222222';
const message = (traceId?: string): BusMessage => ({
  topic: 'guests.events',
  key: 'r1',
  envelope: newEvent({ type: 'guest.seated', restaurantId: 'r1', aggregateId: 'g', aggregateVersion: 1, actor: null, data: {} }),
  headers: traceId ? { traceparent: traceparent(traceId) } : {},
});
const traceIdOf = (headers: Record<string, string>) => headers.traceparent?.split('-')[1];
const spanIdOf = (headers: Record<string, string>) => headers.traceparent?.split('-')[2];

describe('without tracing registered', () => {
  it('leaves the headers as the outbox stored them', () => {
    const batch = [message(T1), message()];
    const traced = startProducerSpans(batch);
    expect(traced.messages.map((m) => m.headers)).toEqual(batch.map((m) => m.headers));
    traced.end();
  });
});

describe('with tracing registered', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });
  afterEach(() => exporter.reset());
  afterAll(() => {
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('gives each message of one batch a producer span in its own trace, without touching the originals', () => {
    const batch = [message(T1), message(T2), message(T1), message()];
    const before = batch.map((m) => ({ ...m.headers }));
    const traced = startProducerSpans(batch);
    traced.end();

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(4);
    expect(spans.map((s) => s.kind)).toEqual(Array(4).fill(SpanKind.PRODUCER));
    expect(spans.map((s) => s.spanContext().traceId).slice(0, 3)).toEqual([T1, T2, T1]);
    expect(spans.slice(0, 3).map((s) => s.parentSpanContext?.spanId)).toEqual([SPAN, SPAN, SPAN]);
    // An event recorded outside any trace starts its own.
    expect(spans[3]!.parentSpanContext).toBeUndefined();
    // The consumers continue from the producer span, in the event's trace.
    expect(traced.messages.map((m) => traceIdOf(m.headers))).toEqual(spans.map((s) => s.spanContext().traceId));
    expect(traced.messages.map((m) => spanIdOf(m.headers))).toEqual(spans.map((s) => s.spanContext().spanId));
    expect(batch.map((m) => m.headers)).toEqual(before);
    expect(spans[0]!.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.destination.name': 'guests.events', 'messaging.message.id': batch[0]!.envelope.id });
  });

  it('marks every span of a failed send as an error', () => {
    startProducerSpans([message(T1), message(T2)]).end(new Error('broker gone'));
    expect(exporter.getFinishedSpans().map((s) => [s.status.code, s.status.message])).toEqual([
      [SpanStatusCode.ERROR, 'broker gone'],
      [SpanStatusCode.ERROR, 'broker gone'],
    ]);
  });

  it('runs a handler in a consumer span of the event trace, and records its failure', async () => {
    const seen = await inConsumerSpan(message(T1), async () => trace.getActiveSpan()?.spanContext().traceId);
    expect(seen).toBe(T1);
    await expect(inConsumerSpan(message(T2), async () => Promise.reject(new Error('handler broke')))).rejects.toThrow('handler broke');
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => [s.kind, s.spanContext().traceId, s.parentSpanContext?.spanId, s.status.code])).toEqual([
      [SpanKind.CONSUMER, T1, SPAN, SpanStatusCode.UNSET],
      [SpanKind.CONSUMER, T2, SPAN, SpanStatusCode.ERROR],
    ]);
  });

  it('runs in-memory handlers inside the trace of the event (as the Kafka bus does)', async () => {
    const bus = InMemoryEventBus.create({ logger: captureLogger().logger });
    const seen: (string | undefined)[] = [];
    await bus.subscribe({ id: 's.trace', topics: ['guests.events'], onEvent: async () => void seen.push(trace.getActiveSpan()?.spanContext().traceId) });
    await bus.start();
    await bus.publish([message(T1), message(T2)]);
    expect(seen).toEqual([T1, T2]);
    await bus.shutdown();
  });
});
