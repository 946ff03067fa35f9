import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_TURN_MINUTES } from '../domain/turn-times';
import { TurnTimeCache } from './turn-time-cache';

/** A fake EntityManager answering the turn-time query with `minutes` for 2-tops, counting reads. */
function fakeEm(minutes: () => number) {
  const reads: string[] = [];
  const em = {
    execute: async (_sql: string, params: unknown[]) => {
      reads.push(params[0] as string);
      return Array.from({ length: 5 }, () => ({ party_size: 2, minutes: minutes() }));
    },
  } as unknown as EntityManager;
  return { em, reads };
}

const at = (ms: number) => new Date(Date.UTC(2026, 10, 26, 18) + ms);

describe('TurnTimeCache', () => {
  it('reads a restaurant once per ttl of the service clock, and again after it', async () => {
    let minutes = 30;
    const { em, reads } = fakeEm(() => minutes);
    const cache = new TurnTimeCache(14, 60_000);
    expect((await cache.get(em, 'r1', at(0)))['1-2']).toBe(30);
    minutes = 50;
    expect((await cache.get(em, 'r1', at(59_999)))['1-2']).toBe(30);
    expect(reads).toEqual(['r1']);
    expect((await cache.get(em, 'r1', at(60_000)))['1-2']).toBe(50);
    expect(reads).toEqual(['r1', 'r1']);
  });

  it('keeps restaurants apart and rereads when the clock goes backwards', async () => {
    const { em, reads } = fakeEm(() => 30);
    const cache = new TurnTimeCache(14, 60_000);
    await cache.get(em, 'r1', at(10_000));
    await cache.get(em, 'r2', at(10_000));
    await cache.get(em, 'r1', at(0));
    expect(reads).toEqual(['r1', 'r2', 'r1']);
  });

  it('holds at most maxEntries restaurants, dropping the least recently read', async () => {
    const { em, reads } = fakeEm(() => 30);
    const cache = new TurnTimeCache(14, 60_000, 2);
    for (const id of ['r1', 'r2', 'r3']) await cache.get(em, id, at(0));
    await cache.get(em, 'r3', at(1));
    await cache.get(em, 'r2', at(1));
    await cache.get(em, 'r1', at(1));
    expect(reads).toEqual(['r1', 'r2', 'r3', 'r1']);
  });

  it('falls back to the default turn times without history', async () => {
    const em = { execute: async () => [] } as unknown as EntityManager;
    expect(await new TurnTimeCache(14).get(em, 'r1', at(0))).toEqual(DEFAULT_TURN_MINUTES);
  });
});
