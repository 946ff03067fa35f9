import type { RealtimeMessage } from '@qtable/contracts';
import type { RealtimeLog } from '@qtable/realtime-log';

export type CatchUpOutcome =
  /** Everything after `since` was sent; `upTo` is the last cursor the client now has. */
  | { status: 'replayed'; upTo: string; count: number }
  /** The cursor cannot be resumed: the client refetches its snapshot and continues after `head`. */
  | { status: 'expired'; head: string }
  /** The log cannot be read (Redis away). */
  | { status: 'unavailable'; error: unknown };

/**
 * Sends a client everything the log holds after `since`, page by page, until a page comes
 * back short (caught up with the log as of that read; what follows arrives live). A backlog
 * beyond `maxMessages` is treated as expired: a snapshot is cheaper than that replay.
 */
export async function replaySince(
  log: RealtimeLog,
  restaurantId: string,
  since: string,
  send: (messages: RealtimeMessage[]) => void | Promise<void>,
  options: { pageSize?: number; maxMessages?: number } = {},
): Promise<CatchUpOutcome> {
  const pageSize = options.pageSize ?? 500;
  const maxMessages = options.maxMessages ?? 20_000;
  let cursor = since;
  let count = 0;
  try {
    for (;;) {
      const page = await log.readAfter(restaurantId, cursor, pageSize);
      if (page.status === 'expired' || count >= maxMessages) return { status: 'expired', head: await log.head(restaurantId) };
      if (page.messages.length > 0) {
        await send(page.messages);
        cursor = page.messages[page.messages.length - 1]!.cursor;
        count += page.messages.length;
      }
      if (page.messages.length < pageSize) return { status: 'replayed', upTo: cursor, count };
    }
  } catch (error) {
    return { status: 'unavailable', error };
  }
}
