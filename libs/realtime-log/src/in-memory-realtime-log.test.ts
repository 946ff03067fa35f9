import { InMemoryRealtimeLog } from './in-memory-realtime-log';

const message = (n: number) => ({ type: 'guest_updated', restaurant_id: 'r1', action: 'updated', timestamp: new Date().toISOString(), data: { n } });

describe('InMemoryRealtimeLog', () => {
  it('assigns increasing cursors and replays exactly what came after one', async () => {
    const log = new InMemoryRealtimeLog({ epoch: 7 });
    const head0 = await log.head('r1');
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await log.append('r1', message(i)));
    const fromStart = await log.readAfter('r1', head0, 100);
    expect(fromStart).toEqual({ status: 'ok', messages: sent });
    const afterSecond = await log.readAfter('r1', sent[1].cursor, 2);
    expect(afterSecond).toEqual({ status: 'ok', messages: sent.slice(2, 4) });
    expect(await log.readAfter('r1', sent[4].cursor, 10)).toEqual({ status: 'ok', messages: [] });
    expect(await log.head('r1')).toBe(sent[4].cursor);
  });

  it('keeps restaurants apart', async () => {
    const log = new InMemoryRealtimeLog();
    const start = await log.head('r2');
    await log.append('r1', message(1));
    expect(await log.readAfter('r2', start, 10)).toEqual({ status: 'ok', messages: [] });
  });

  it('reports a cursor behind the retention, from another epoch, or malformed as expired', async () => {
    const log = new InMemoryRealtimeLog({ retain: 3, epoch: 1 });
    const start = await log.head('r1');
    for (let i = 0; i < 5; i++) await log.append('r1', message(i));
    expect(await log.readAfter('r1', start, 10)).toEqual({ status: 'expired' });
    expect(await log.readAfter('r1', '2-1', 10)).toEqual({ status: 'expired' });
    expect(await log.readAfter('r1', 'garbage', 10)).toEqual({ status: 'expired' });
    expect(await log.readAfter('r1', '1-99', 10)).toEqual({ status: 'expired' });
    const kept = await log.readAfter('r1', '1-2', 10);
    expect(kept.status === 'ok' && kept.messages.map((m) => m.data.n)).toEqual([2, 3, 4]);
  });

  it('appends an event once: a redelivery gets the first cursor back', async () => {
    const log = new InMemoryRealtimeLog();
    const first = await log.appendOnce('r1', 'e1', message(1));
    const again = await log.appendOnce('r1', 'e1', message(1));
    expect(first.appended).toBe(true);
    expect(again).toEqual({ appended: false, message: first.message });
    expect(await log.head('r1')).toBe(first.message.cursor);
  });
});
