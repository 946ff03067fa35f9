import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { createMetrics } from '@qtable/observability';
import { createGatewayMetrics } from '../gateway-metrics';
import { CloseCodes, WsConnection, type OutgoingMessage } from './ws-connection';

class FakeSocket extends EventEmitter {
  sent: OutgoingMessage[] = [];
  bufferedAmount = 0;
  closedWith: [number, string] | undefined;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code: number, reason: string) {
    this.closedWith = [code, reason];
    this.emit('close');
  }
}

const message = (cursor: string, n = 0): OutgoingMessage => ({ type: 'guest_updated', restaurant_id: 'r', action: 'updated', timestamp: '2025-09-02T06:03:11.000000Z', data: { n }, cursor });

function connection(options: { maxPending?: number; maxBufferedBytes?: number } = {}) {
  const ws = new FakeSocket();
  const metrics = createGatewayMetrics(createMetrics({ service: 'test', defaultMetrics: false }));
  const conn = new WsConnection(ws as unknown as WebSocket, 'r', { metrics, maxPending: options.maxPending ?? 100, maxBufferedBytes: options.maxBufferedBytes ?? 1e6 });
  return { ws, conn };
}

describe('WsConnection', () => {
  it('holds live messages during the catch-up, then sends those after the replay, once, in order', () => {
    const { ws, conn } = connection();
    conn.deliver(message('1-3'));
    conn.deliver(message('1-4'));
    conn.sendReplayed([message('1-2'), message('1-3')]);
    conn.deliver(message('1-5'));
    expect(ws.sent.map((m) => m.cursor)).toEqual(['1-2', '1-3']);
    conn.finishCatchUp('1-3');
    conn.deliver(message('1-5')); // a repeat from the log follower would never go out twice
    conn.deliver(message('1-6'));
    expect(ws.sent.map((m) => m.cursor)).toEqual(['1-2', '1-3', '1-4', '1-5', '1-6']);
  });

  it('after an expired cursor, sends only what follows the head it was told to resync to', () => {
    const { ws, conn } = connection();
    conn.deliver(message('1-7'));
    conn.deliver(message('1-9'));
    conn.sendReplayed([{ type: 'resync_required', restaurant_id: 'r', cursor: '1-8' }]);
    conn.finishCatchUp('1-8');
    expect(ws.sent.map((m) => m.cursor)).toEqual(['1-8', '1-9']);
  });

  it('always sends messages with local cursors (Redis away): they are not comparable', () => {
    const { ws, conn } = connection();
    conn.finishCatchUp();
    conn.deliver(message('1-9'));
    conn.deliver(message('local-5-1'));
    conn.deliver(message('local-5-2'));
    expect(ws.sent.map((m) => m.cursor)).toEqual(['1-9', 'local-5-1', 'local-5-2']);
  });

  it('closes a client that is too far behind or too slow, so it resumes with since', () => {
    const held = connection({ maxPending: 2 });
    for (const cursor of ['1-1', '1-2', '1-3']) held.conn.deliver(message(cursor));
    expect(held.ws.closedWith).toEqual([CloseCodes.TRY_AGAIN_LATER, 'too_far_behind']);
    const slow = connection({ maxBufferedBytes: 10 });
    slow.conn.finishCatchUp();
    slow.ws.bufferedAmount = 11;
    slow.conn.deliver(message('1-1'));
    expect(slow.ws.sent).toEqual([]);
    expect(slow.ws.closedWith).toEqual([CloseCodes.TRY_AGAIN_LATER, 'slow_consumer']);
  });
});
