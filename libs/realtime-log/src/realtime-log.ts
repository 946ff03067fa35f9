import type { RealtimeMessage } from '@qtable/contracts';

export type UnsequencedMessage = Omit<RealtimeMessage, 'cursor'>;

export type ReadAfterResult =
  | { status: 'ok'; messages: RealtimeMessage[] }
  /** The cursor is older than the retention (or from another log): refetch the snapshot. */
  | { status: 'expired' };

/** What `appendOnce` did: `appended` false means the event was already in the log (a redelivery). */
export interface AppendOutcome {
  message: RealtimeMessage;
  appended: boolean;
}

/**
 * The per-restaurant, bounded, ordered log of realtime messages: the authority for
 * cursors. The gateway appends each event once (assigning its cursor) and replays from it
 * to devices that reconnect with `since`; the dashboard reads `head()` *before* its
 * snapshot, so snapshot + replay after head misses nothing (it may repeat a change the
 * snapshot already shows; clients ignore a message whose `data.version` they have).
 *
 * Cursors are `<a>-<b>` and ordered (see `compareCursors`).
 */
export interface RealtimeLog {
  append(restaurantId: string, message: UnsequencedMessage): Promise<RealtimeMessage>;
  /**
   * Appends the message of event `eventId` unless that event was appended before (within
   * the log's memory of event ids), atomically: a redelivered event keeps its first cursor
   * and is never in the log twice.
   */
  appendOnce(restaurantId: string, eventId: string, message: UnsequencedMessage): Promise<AppendOutcome>;
  /** Messages strictly after `cursor`, oldest first, at most `limit`. */
  readAfter(restaurantId: string, cursor: string, limit: number): Promise<ReadAfterResult>;
  /** Cursor of the newest message, or of the empty log: resuming after it misses nothing later. */
  head(restaurantId: string): Promise<string>;
}
