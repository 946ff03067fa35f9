import { randomUUID } from 'node:crypto';
import { requireEnv, uniqueName } from '@qtable/testing';
import { compareCursors } from '../src/cursor';
import { RedisRealtimeLog } from '../src/redis/redis-realtime-log';

const message = (n: number, restaurantId = 'r1') => ({
  type: 'guest_updated',
  restaurant_id: restaurantId,
  guest_id: `g${n}`,
  action: 'updated',
  timestamp: '2025-09-02T06:03:11.039837Z',
  data: { n },
});

describe('RedisRealtimeLog (real Redis)', () => {
  const url = requireEnv('REDIS_URL');
  const logs: RedisRealtimeLog[] = [];
  const open = (prefix: string, options: { maxLen?: number } = {}) => {
    const log = RedisRealtimeLog.connect(url, { prefix, ...options });
    logs.push(log);
    return log;
  };
  afterAll(async () => {
    for (const log of logs) {
      const keys = await log.redis.keys(`${log.prefix}:*`);
      if (keys.length > 0) await log.redis.del(...keys);
      await log.close();
    }
  });

  it('assigns increasing cursors and replays exactly what came after one, from any replica', async () => {
    const prefix = uniqueName('rtlog');
    const a = open(prefix);
    const b = open(prefix);
    const r = randomUUID();
    const start = await a.head(r);
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await (i % 2 ? a : b).append(r, message(i, r)));
    for (let i = 1; i < sent.length; i++) expect(compareCursors(sent[i - 1]!.cursor, sent[i]!.cursor)).toBeLessThan(0);
    expect(compareCursors(start, sent[0]!.cursor)).toBeLessThan(0);
    expect(await b.readAfter(r, start, 100)).toEqual({ status: 'ok', messages: sent });
    expect(await a.readAfter(r, sent[1]!.cursor, 2)).toEqual({ status: 'ok', messages: sent.slice(2, 4) });
    expect(await a.readAfter(r, sent[4]!.cursor, 10)).toEqual({ status: 'ok', messages: [] });
    expect(await b.head(r)).toBe(sent[4]!.cursor);
  });

  it('keeps restaurants apart and answers an empty log with a real head', async () => {
    const log = open(uniqueName('rtlog'));
    const [r1, r2] = [randomUUID(), randomUUID()];
    const head2 = await log.head(r2);
    expect(head2).toMatch(/^\d+-\d+$/);
    expect(await log.head(r2)).toBe(head2);
    await log.append(r1, message(1, r1));
    expect(await log.readAfter(r2, head2, 10)).toEqual({ status: 'ok', messages: [] });
    const m = await log.append(r2, message(2, r2));
    expect(await log.readAfter(r2, head2, 10)).toEqual({ status: 'ok', messages: [m] });
  });

  it('appends an event once: a redelivery gets the first cursor back', async () => {
    const log = open(uniqueName('rtlog'));
    const r = randomUUID();
    const eventId = randomUUID();
    const first = await log.appendOnce(r, eventId, message(1, r));
    const again = await log.appendOnce(r, eventId, message(1, r));
    expect(first.appended).toBe(true);
    expect(again).toEqual({ appended: false, message: first.message });
    expect(await log.readAfter(r, '0-0', 10)).toEqual({ status: 'expired' }); // before the stream's birth
    const head = await log.head(r);
    expect(head).toBe(first.message.cursor);
  });

  it('publishes a mirror entry atomically with the append, with the cursor spliced in, once per event', async () => {
    const log = open(uniqueName('rtlog'));
    const r = randomUUID();
    const mirror = { stream: `${log.prefix}:mirror`, maxLen: 100, fields: { uid: 'emitter', data: ['{"cursor":"', '"}'] as const } };
    const eventId = randomUUID();
    const first = await log.appendOnce(r, eventId, message(1, r), mirror);
    await log.appendOnce(r, eventId, message(1, r), mirror);
    const gap = await log.markGap(r, mirror);
    const entries = await log.redis.xrange(mirror.stream, '-', '+');
    expect(entries.map(([, fields]) => fields)).toEqual([
      ['uid', 'emitter', 'data', `{"cursor":"${first.message.cursor}"}`],
      ['uid', 'emitter', 'data', `{"cursor":"${gap}"}`],
    ]);
  });

  it('refuses cursors that are malformed, ahead of the head, of a vanished stream, or across a gap', async () => {
    const log = open(uniqueName('rtlog'));
    const r = randomUUID();
    const start = await log.head(r);
    const m1 = await log.append(r, message(1, r));
    expect(await log.readAfter(r, 'garbage', 10)).toEqual({ status: 'expired' });
    expect(await log.readAfter(r, 'local-1-2', 10)).toEqual({ status: 'expired' });
    expect(await log.readAfter(r, '99999999999999-0', 10)).toEqual({ status: 'expired' });
    expect(await log.readAfter(randomUUID(), m1.cursor, 10)).toEqual({ status: 'expired' });

    const gap = await log.markGap(r);
    const m2 = await log.append(r, message(2, r));
    expect(await log.readAfter(r, start, 10)).toEqual({ status: 'expired' });
    expect(await log.readAfter(r, m1.cursor, 10)).toEqual({ status: 'expired' });
    expect(await log.readAfter(r, gap, 10)).toEqual({ status: 'ok', messages: [m2] });

    // Redis lost the stream (restart without persistence, or idle expiry): old cursors must not
    // silently resume in the new stream.
    await log.redis.del(log.streamKey(r));
    const reborn = await log.append(r, message(3, r));
    expect(await log.readAfter(r, m2.cursor, 10)).toEqual({ status: 'expired' });
    expect(await log.readAfter(r, reborn.cursor, 10)).toEqual({ status: 'ok', messages: [] });
  });

  it('trims to about maxLen and reports cursors behind the retention as expired', async () => {
    const log = open(uniqueName('rtlog'), { maxLen: 50 });
    const r = randomUUID();
    const start = await log.head(r);
    const sent = [];
    for (let i = 0; i < 400; i++) sent.push(await log.append(r, message(i, r)));
    const length = await log.redis.xlen(log.streamKey(r));
    // Approximate trimming drops whole stream nodes (100 entries by default).
    expect(length).toBeGreaterThanOrEqual(50);
    expect(length).toBeLessThan(400);
    const firstKept = sent.length - length;
    expect(await log.readAfter(r, start, 10)).toEqual({ status: 'expired' });
    expect(await log.readAfter(r, sent[firstKept - 2]!.cursor, 10)).toEqual({ status: 'expired' });
    // Resuming from the oldest kept message loses nothing. (From the newest trimmed one it would
    // not either, but the floor is conservative there: that device refetches its snapshot.)
    const fromOldest = await log.readAfter(r, sent[firstKept]!.cursor, 1000);
    expect(fromOldest).toEqual({ status: 'ok', messages: sent.slice(firstKept + 1) });
    const recent = await log.readAfter(r, sent[390]!.cursor, 1000);
    expect(recent).toEqual({ status: 'ok', messages: sent.slice(391) });
  });
});
