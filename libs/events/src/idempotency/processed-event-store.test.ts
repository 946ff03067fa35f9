import { newEvent } from '../envelope';
import type { DeliveredEvent } from '../event-bus';
import { deduplicated, InMemoryProcessedEventStore } from './processed-event-store';

describe('InMemoryProcessedEventStore', () => {
  it('says new once per (consumer, event)', async () => {
    const store = new InMemoryProcessedEventStore();
    expect(await store.markIfNew('gateway.fanout', 'e1')).toBe(true);
    expect(await store.markIfNew('gateway.fanout', 'e1')).toBe(false);
    expect(await store.markIfNew('gateway.audit', 'e1')).toBe(true);
    expect(await store.markIfNew('gateway.fanout', 'e2')).toBe(true);
  });

  it('forgets ids after the TTL', async () => {
    let now = 1000;
    const store = new InMemoryProcessedEventStore({ ttlMs: 100, now: () => now });
    await store.markIfNew('c', 'e1');
    now += 99;
    expect(await store.markIfNew('c', 'e1')).toBe(false);
    now += 1;
    expect(await store.markIfNew('c', 'e1')).toBe(true);
  });

  it('keeps at most maxEntries, dropping the oldest first', async () => {
    const store = new InMemoryProcessedEventStore({ maxEntries: 3 });
    for (const id of ['e1', 'e2', 'e3', 'e4']) await store.markIfNew('c', id);
    expect(store.size).toBe(3);
    expect(await store.markIfNew('c', 'e4')).toBe(false);
    expect(await store.markIfNew('c', 'e1')).toBe(true); // evicted, so new again
  });
});

describe('deduplicated()', () => {
  const delivery = (attempt: number): DeliveredEvent => ({
    topic: 'guests.events',
    key: 'r1',
    envelope: { ...newEvent({ type: 'guest.seated', restaurantId: 'r1', aggregateId: 'g', aggregateVersion: 1, actor: null, data: {} }), id: 'e-fixed' },
    headers: {},
    attempt,
  });

  it('skips duplicates, and lets a redelivery through after the handler failed', async () => {
    const store = new InMemoryProcessedEventStore();
    const calls: number[] = [];
    const onEvent = deduplicated(store, 'gateway.fanout', async (e) => {
      calls.push(e.attempt);
      if (e.attempt === 0) throw new Error('socket adapter down');
    });
    await expect(onEvent(delivery(0))).rejects.toThrow('socket adapter down');
    await onEvent(delivery(1));
    await onEvent(delivery(2));
    expect(calls).toEqual([0, 1]);
  });
});
