import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Kafka } from 'kafkajs';
import { requireEnv, uniqueName, waitFor } from '@qtable/testing';
import { KafkaEventBus, newEvent, type BusMessage } from '../src';
import { captureLogger } from '../src/testing';

// The relay hands the bus batches that mix events of many requests. On a real broker: one
// produce request per batch, and every event still reaches its consumer in its own trace.
const brokers = requireEnv('KAFKA_BROKERS').split(',');
const exporter = new InMemorySpanExporter();
let bus: KafkaEventBus | undefined;

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});
afterAll(async () => {
  await bus?.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

it('publishes a batch of 40 events from 40 requests as one send, each consumed in its own trace', async () => {
  // Counts the producer's sendBatch calls (the bus makes its producer from kafkajs' Kafka).
  let sends = 0;
  const makeProducer = Kafka.prototype.producer;
  jest.spyOn(Kafka.prototype, 'producer').mockImplementation(function (this: Kafka, config) {
    const producer = makeProducer.call(this, config);
    const sendBatch = producer.sendBatch.bind(producer);
    producer.sendBatch = (batch) => {
      sends++;
      return sendBatch(batch);
    };
    return producer;
  });

  bus = KafkaEventBus.fromConfig({ brokers, clientId: 'trace-batch-test', topicPrefix: uniqueName('qt_trace'), logger: captureLogger('warn').logger });
  const seen = new Map<string, string | undefined>();
  await bus.subscribe({
    id: 'trace.consumer',
    topics: ['guests.events'],
    onEvent: async (e) => void seen.set(e.envelope.id, trace.getActiveSpan()?.spanContext().traceId),
  });
  await bus.start();

  const tracer = trace.getTracer('test');
  const batch: BusMessage[] = [];
  const traceOf = new Map<string, string>();
  for (let i = 0; i < 40; i++) {
    // As recordEvent stores it: the traceparent of the request that made the change.
    const request = tracer.startSpan(`request ${i}`);
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), request), headers);
    request.end();
    const envelope = newEvent({ type: 'guest.created', restaurantId: `r-${i % 7}`, aggregateId: `g-${i}`, aggregateVersion: 1, actor: null, data: { i } });
    traceOf.set(envelope.id, request.spanContext().traceId);
    batch.push({ topic: 'guests.events', key: envelope.restaurantId, envelope, headers });
  }
  const sendsBefore = sends;
  await bus.publish(batch);
  expect(sends - sendsBefore).toBe(1);

  await waitFor(() => seen.size === 40 || undefined, 'all 40 events consumed', 20000);
  for (const [id, traceId] of traceOf) expect(seen.get(id)).toBe(traceId);
  const producerSpans = exporter.getFinishedSpans().filter((s) => s.name === 'send guests.events');
  expect(new Set(producerSpans.map((s) => s.spanContext().traceId))).toEqual(new Set(traceOf.values()));
}, 40000);
