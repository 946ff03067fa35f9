import { newEvent, type EventEnvelope } from '../envelope';
import type { BusMessage, DeliveredEvent, EventBus } from '../event-bus';
import { waitFor } from '@qtable/testing';

export interface EventBusContractOptions {
  /** Bound of each wait for deliveries. Kafka needs room for group joins. Default 15 s. */
  waitMs?: number;
}

const TOPIC_A = 'contract.alpha';
const TOPIC_B = 'contract.beta';

/** A subscriber that records what it is handed. */
function recorder(): { events: DeliveredEvent[]; onEvent: (e: DeliveredEvent) => Promise<void> } {
  const events: DeliveredEvent[] = [];
  return { events, onEvent: async (e) => void events.push(e) };
}

function message(topic: string, key: string, n: number, headers: Record<string, string> = {}): BusMessage {
  const envelope = newEvent({
    type: 'contract.tested',
    restaurantId: key,
    aggregateId: `agg-${key}`,
    aggregateVersion: n,
    actor: null,
    data: { n },
  }) as EventEnvelope;
  return { topic, key, envelope, headers };
}

const ids = (events: DeliveredEvent[]) => events.map((e) => e.envelope.id);

/** First occurrence of each id, in arrival order (at-least-once may repeat an event). */
const firstSeen = (events: DeliveredEvent[]) => [...new Set(ids(events))];

/**
 * The behaviour every EventBus implementation must have (Backstage-style shared contract
 * test). `makeBus` returns a fresh, unstarted bus whose topics and subscriptions no other
 * bus sees (for Kafka: a unique topic prefix per call). Each test starts and shuts down
 * its own bus.
 */
export function describeEventBusContract(name: string, makeBus: () => EventBus | Promise<EventBus>, options: EventBusContractOptions = {}): void {
  const waitMs = options.waitMs ?? 15000;
  const testTimeout = waitMs * 2 + 10000;

  describe(`EventBus contract: ${name}`, () => {
    let buses: EventBus[] = [];
    const fresh = async () => {
      const bus = await makeBus();
      buses.push(bus);
      return bus;
    };

    afterEach(async () => {
      await Promise.allSettled(buses.map((b) => b.shutdown()));
      buses = [];
    });

    it('delivers a message to the subscribers of its topic and to no others', async () => {
      const bus = await fresh();
      const onlyA = recorder();
      const onlyB = recorder();
      const both = recorder();
      await bus.subscribe({ id: 'contract.only-a', topics: [TOPIC_A], onEvent: onlyA.onEvent });
      await bus.subscribe({ id: 'contract.only-b', topics: [TOPIC_B], onEvent: onlyB.onEvent });
      await bus.subscribe({ id: 'contract.both', topics: [TOPIC_A, TOPIC_B], onEvent: both.onEvent });
      await bus.start();

      const a = message(TOPIC_A, 'r1', 1);
      const b = message(TOPIC_B, 'r1', 2);
      await bus.publish([a, b]);

      await waitFor(() => onlyA.events.length >= 1 && onlyB.events.length >= 1 && both.events.length >= 2, 'deliveries', waitMs);
      expect(new Set(ids(onlyA.events))).toEqual(new Set([a.envelope.id]));
      expect(new Set(ids(onlyB.events))).toEqual(new Set([b.envelope.id]));
      expect(new Set(ids(both.events))).toEqual(new Set([a.envelope.id, b.envelope.id]));
      expect(onlyA.events[0]!.topic).toBe(TOPIC_A);
      expect(onlyB.events[0]!.topic).toBe(TOPIC_B);
    }, testTimeout);

    it('keeps the order per key over 50 messages on 3 keys and several publish calls', async () => {
      const bus = await fresh();
      const sub = recorder();
      await bus.subscribe({ id: 'contract.ordered', topics: [TOPIC_A], onEvent: sub.onEvent });
      await bus.start();

      const keys = ['r1', 'r2', 'r3'];
      const sent = Array.from({ length: 50 }, (_, n) => message(TOPIC_A, keys[n % 3]!, n));
      for (let i = 0; i < sent.length; i += 10) await bus.publish(sent.slice(i, i + 10));

      await waitFor(() => new Set(ids(sub.events)).size === sent.length, 'all 50 messages', waitMs);
      for (const key of keys) {
        const expected = sent.filter((m) => m.key === key).map((m) => m.envelope.id);
        expect(firstSeen(sub.events.filter((e) => e.key === key))).toEqual(expected);
      }
    }, testTimeout);

    it('gives each subscription id every event', async () => {
      const bus = await fresh();
      const first = recorder();
      const second = recorder();
      await bus.subscribe({ id: 'contract.first', topics: [TOPIC_A], onEvent: first.onEvent });
      await bus.subscribe({ id: 'contract.second', topics: [TOPIC_A], onEvent: second.onEvent });
      await bus.start();

      const sent = Array.from({ length: 10 }, (_, n) => message(TOPIC_A, `r${n % 2}`, n));
      await bus.publish(sent);

      const all = new Set(sent.map((m) => m.envelope.id));
      await waitFor(() => new Set(ids(first.events)).size === 10 && new Set(ids(second.events)).size === 10, 'both subscriptions', waitMs);
      expect(new Set(ids(first.events))).toEqual(all);
      expect(new Set(ids(second.events))).toEqual(all);
    }, testTimeout);

    it('redelivers an event whose handler threw, with attempt > 0, before the later events of its key', async () => {
      const bus = await fresh();
      const sent = [1, 2, 3].map((n) => message(TOPIC_A, 'r1', n));
      const failing = sent[0]!.envelope.id;
      const seen: DeliveredEvent[] = [];
      const handled: string[] = [];
      await bus.subscribe({
        id: 'contract.flaky',
        topics: [TOPIC_A],
        onEvent: async (e) => {
          seen.push(e);
          if (e.envelope.id === failing && e.attempt === 0) throw new Error('transient failure (contract test)');
          handled.push(e.envelope.id);
        },
      });
      await bus.start();
      await bus.publish(sent);

      await waitFor(() => new Set(handled).size === 3, 'all three handled', waitMs);
      const deliveriesOfFailing = seen.filter((e) => e.envelope.id === failing);
      expect(deliveriesOfFailing[0]!.attempt).toBe(0);
      expect(deliveriesOfFailing.some((e) => e.attempt > 0)).toBe(true);
      // Not skipped, and the key's order holds: the retried event was handled first.
      expect([...new Set(handled)]).toEqual(sent.map((m) => m.envelope.id));
    }, testTimeout);

    it('passes headers (W3C trace context) through, with event-id and event-type added', async () => {
      const bus = await fresh();
      const sub = recorder();
      await bus.subscribe({ id: 'contract.headers', topics: [TOPIC_A], onEvent: sub.onEvent });
      await bus.start();

      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const sent = message(TOPIC_A, 'r1', 1, { traceparent, tracestate: 'qtable=1' });
      await bus.publish([sent]);

      await waitFor(() => sub.events.length >= 1, 'the message', waitMs);
      expect(sub.events[0]!.headers).toEqual({
        traceparent,
        tracestate: 'qtable=1',
        'event-id': sent.envelope.id,
        'event-type': 'contract.tested',
      });
    }, testTimeout);

    it('round-trips the envelope, topic and key intact', async () => {
      const bus = await fresh();
      const sub = recorder();
      await bus.subscribe({ id: 'contract.roundtrip', topics: [TOPIC_A], onEvent: sub.onEvent });
      await bus.start();

      const envelope: EventEnvelope = {
        ...newEvent({
          type: 'guest.seated',
          restaurantId: '6d1f2c1e-6b0a-4a8e-9c55-1f9c7a1d0b11',
          aggregateId: 'b3c0d9a4-0f8e-4d5c-8f1a-2e9b7c6d5a40',
          aggregateVersion: 7,
          actor: { type: 'user', id: 'u-42' },
          data: { guestName: 'Zoë Ñúñez 🍝', partySize: 4, tableId: null, tags: ['vip', 'window'], nested: { a: [1, { b: true }] } },
        }),
      };
      await bus.publish([{ topic: TOPIC_A, key: envelope.restaurantId, envelope, headers: {} }]);

      await waitFor(() => sub.events.length >= 1, 'the message', waitMs);
      const got = sub.events[0]!;
      expect(got.envelope).toEqual(envelope);
      expect(got.topic).toBe(TOPIC_A);
      expect(got.key).toBe(envelope.restaurantId);
      expect(got.attempt).toBe(0);
    }, testTimeout);

    it('accepts a publish to a topic nobody subscribes to, and keeps delivering afterwards', async () => {
      const bus = await fresh();
      const sub = recorder();
      await bus.subscribe({ id: 'contract.bystander', topics: [TOPIC_A], onEvent: sub.onEvent });
      await bus.start();

      const orphan = message('contract.nobody-listens', 'r1', 1);
      await expect(bus.publish([orphan])).resolves.toBeUndefined();
      const after = message(TOPIC_A, 'r1', 2);
      await bus.publish([after]);

      await waitFor(() => sub.events.length >= 1, 'the later message', waitMs);
      expect(ids(sub.events)).not.toContain(orphan.envelope.id);
      expect(ids(sub.events)).toContain(after.envelope.id);
    }, testTimeout);

    it('lets an in-flight handler finish before shutdown resolves', async () => {
      const bus = await fresh();
      let started = false;
      let finished = false;
      await bus.subscribe({
        id: 'contract.slow',
        topics: [TOPIC_A],
        onEvent: async () => {
          started = true;
          await new Promise((resolve) => setTimeout(resolve, 1000));
          finished = true;
        },
      });
      await bus.start();
      // Not awaited: on the in-memory bus publish waits for the handler itself.
      const published = bus.publish([message(TOPIC_A, 'r1', 1)]);

      await waitFor(() => started, 'the handler to start', waitMs);
      await bus.shutdown();
      expect(finished).toBe(true);
      await published;
    }, testTimeout);
  });
}
