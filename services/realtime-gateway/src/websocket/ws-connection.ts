import type { RealtimeMessage } from '@qtable/contracts';
import { compareCursors, isCursor } from '@qtable/realtime-log';
import type { WebSocket } from 'ws';
import type { GatewayMetrics } from '../gateway-metrics';
import type { ResyncRequired } from '../messages/to-realtime-message';

export type OutgoingMessage = RealtimeMessage | ResyncRequired;

/** Close codes the iOS app acts on. */
export const CloseCodes = {
  GOING_AWAY: 1001,
  /** Reconnect with `since` (too slow to keep up, or too much to buffer). */
  TRY_AGAIN_LATER: 1013,
  /** Refresh the access token, then reconnect. */
  TOKEN_EXPIRED: 4001,
} as const;

export interface WsConnectionOptions {
  metrics: GatewayMetrics;
  /** Close the client when this much is unsent (a dead or slow network). */
  maxBufferedBytes: number;
  /** Live messages held at most while replaying. */
  maxPending: number;
}

/**
 * One plain WebSocket client of one restaurant. While it catches up (`since`), live
 * messages are held; when the replay is done they are released minus those the replay
 * already sent (at or before its last cursor), so the client sees every message once, in
 * cursor order. Afterwards a message at or before the last cursor sent is never sent again.
 */
export class WsConnection {
  /** Answered the last ping (heartbeat). */
  alive = true;
  private catchingUp = true;
  private pending: OutgoingMessage[] = [];
  private lastCursor: string | undefined;
  private closed = false;

  constructor(
    readonly ws: WebSocket,
    readonly restaurantId: string,
    private readonly options: WsConnectionOptions,
  ) {
    ws.once('close', () => (this.closed = true));
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** A live message: sent now, or held while catching up. */
  deliver(message: OutgoingMessage): void {
    if (this.closed) return;
    if (!this.catchingUp) return this.send(message);
    this.pending.push(message);
    if (this.pending.length > this.options.maxPending) this.close(CloseCodes.TRY_AGAIN_LATER, 'too_far_behind');
  }

  /** Messages of the replay, in order, while catching up. */
  sendReplayed(messages: OutgoingMessage[]): void {
    for (const message of messages) this.send(message);
  }

  /** Ends the catch-up: releases held live messages after `upTo` (everything when undefined). */
  finishCatchUp(upTo?: string): void {
    if (upTo && isCursor(upTo) && (!this.lastCursor || compareCursors(upTo, this.lastCursor) > 0)) this.lastCursor = upTo;
    const held = this.pending;
    this.pending = [];
    this.catchingUp = false;
    for (const message of held) this.send(message);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, reason);
  }

  private send(message: OutgoingMessage): void {
    if (this.closed) return;
    // Local cursors (Redis away) are not log cursors: never compared, always sent.
    if (isCursor(message.cursor)) {
      if (this.lastCursor && compareCursors(message.cursor, this.lastCursor) <= 0) return;
      this.lastCursor = message.cursor;
    }
    if (this.ws.bufferedAmount > this.options.maxBufferedBytes) return this.close(CloseCodes.TRY_AGAIN_LATER, 'slow_consumer');
    this.ws.send(JSON.stringify(message));
    this.options.metrics.delivered.inc({ protocol: 'websocket' });
  }
}
