import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { newEvent } from '../envelope';
import type { BusMessage } from '../event-bus';
import { InMemoryEventBus } from '../in-memory/in-memory-event-bus';
import { captureLogger } from '../testing';
import { traceContextRuns } from './trace-context';

// What startTracing() registers in a service (W3C propagation, async context), minus export.
const traceparent = (traceId: string) => `00-${traceId}-00f067aa0ba902b7-01`;
const T1 = '11111111111111111111111111111111';
const T2 = '22222222222222222222222222222222';
const message = (traceId?: string): BusMessage => ({
  topic: 't',
  key: 'r1',
  envelope: newEvent({ type: 'guest.seated', restaurantId: 'r1', aggregateId: 'g', aggregateVersion: 1, actor: null, data: {} }),
  headers: traceId ? { traceparent: traceparent(traceId) } : {},
});

describe('without tracing registered', () => {
  it('keeps a batch as one run', () => {
    const batch = [message(T1), message(T2), message()];
    expect(traceContextRuns(batch)).toEqual([batch]);
  });
});

describe('with W3C propagation registered', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    propagation.disable();
    context.disable();
  });

  it('splits a batch into ordered runs of one trace context each', () => {
    const [a, b, c, d] = [message(T1), message(T1), message(T2), message(T1)];
    expect(traceContextRuns([a!, b!, c!, d!])).toEqual([[a, b], [c], [d]]);
  });

  it('runs in-memory handlers inside the trace of the event (as the Kafka bus does)', async () => {
    const bus = InMemoryEventBus.create({ logger: captureLogger().logger });
    const seen: (string | undefined)[] = [];
    await bus.subscribe({ id: 's.trace', topics: ['t'], onEvent: async () => void seen.push(trace.getActiveSpan()?.spanContext().traceId) });
    await bus.start();
    await bus.publish([message(T1), message(T2), message()]);
    expect(seen).toEqual([T1, T2, undefined]);
    await bus.shutdown();
  });
});
