import type { BusMessage } from '../event-bus';

/**
 * The headers a subscriber receives: the publisher's (trace context) plus `event-id` and
 * `event-type`, so that consumers and tools can route or deduplicate without parsing the
 * value. Both bus implementations add them, so handlers see the same thing in every mode.
 */
export function deliveredHeaders(message: BusMessage): Record<string, string> {
  return { ...message.headers, 'event-id': message.envelope.id, 'event-type': message.envelope.type };
}
