import { newEvent } from '../envelope';
import type { BusMessage } from '../event-bus';
import { captureLogger, describeEventBusContract } from '../testing';
import { InMemoryEventBus } from './in-memory-event-bus';

describeEventBusContract('InMemoryEventBus', () => InMemoryEventBus.create({ logger: captureLogger().logger }), { waitMs: 3000 });

const msg = (topic: string, n: number): BusMessage => ({
  topic,
  key: 'r1',
  envelope: newEvent({ type: 't.happened', restaurantId: 'r1', aggregateId: 'a', aggregateVersion: n, actor: null, data: { n } }),
  headers: {},
});

describe('InMemoryEventBus specifics', () => {
  it('resolves publish only after every matching subscriber handled the message', async () => {
    const bus = InMemoryEventBus.create({ logger: captureLogger().logger });
    const done: string[] = [];
    const slow = (id: string, ms: number) =>
      bus.subscribe({ id, topics: ['t'], onEvent: async () => { await new Promise((r) => setTimeout(r, ms)); done.push(id); } });
    await slow('s.fast', 5);
    await slow('s.slow', 150);
    await bus.start();
    await bus.publish([msg('t', 1)]);
    expect(done.sort()).toEqual(['s.fast', 's.slow']);
    await bus.shutdown();
  });

  it('gives up on an event after maxAttempts, logs an error with its id, and moves on', async () => {
    const { logger, lines } = captureLogger();
    const bus = InMemoryEventBus.create({ logger, maxAttempts: 3, retryBaseMs: 1 });
    const attempts: number[] = [];
    const handled: number[] = [];
    await bus.subscribe({
      id: 's.poison',
      topics: ['t'],
      onEvent: async (e) => {
        if (e.envelope.aggregateVersion === 1) {
          attempts.push(e.attempt);
          throw new Error('poison');
        }
        handled.push(e.envelope.aggregateVersion);
      },
    });
    await bus.start();
    const poison = msg('t', 1);
    await bus.publish([poison, msg('t', 2)]);
    expect(attempts).toEqual([0, 1, 2]);
    expect(handled).toEqual([2]);
    const errors = lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ eventId: poison.envelope.id, subscription: 's.poison', attempt: 2 });
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
    await bus.shutdown();
  });

  it('hands each subscriber its own copy of the envelope', async () => {
    const bus = InMemoryEventBus.create({ logger: captureLogger().logger });
    const seen: unknown[] = [];
    await bus.subscribe({ id: 's.mutator', topics: ['t'], onEvent: async (e) => { (e.envelope.data as { n: number }).n = 999; } });
    await bus.subscribe({ id: 's.reader', topics: ['t'], onEvent: async (e) => void seen.push(e.envelope.data) });
    await bus.start();
    const sent = msg('t', 1);
    await bus.publish([sent]);
    expect(seen).toEqual([{ n: 1 }]);
    expect(sent.envelope.data).toEqual({ n: 1 });
    await bus.shutdown();
  });

  it('refuses to publish before start and after shutdown, and refuses duplicate subscription ids', async () => {
    const bus = InMemoryEventBus.create({ logger: captureLogger().logger });
    await bus.subscribe({ id: 's.one', topics: ['t'], onEvent: async () => undefined });
    await expect(bus.subscribe({ id: 's.one', topics: ['t'], onEvent: async () => undefined })).rejects.toThrow(/duplicate/);
    await expect(bus.publish([msg('t', 1)])).rejects.toThrow(/not started/);
    await expect(bus.check()).rejects.toThrow();
    await bus.start();
    await expect(bus.check()).resolves.toBeUndefined();
    await bus.shutdown();
    await expect(bus.publish([msg('t', 1)])).rejects.toThrow(/shut down/);
    await expect(bus.check()).rejects.toThrow();
  });
});
