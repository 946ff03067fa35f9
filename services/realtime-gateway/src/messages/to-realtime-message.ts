import { REALTIME_MAPPING } from '@qtable/contracts';
import type { EventEnvelope } from '@qtable/events';
import type { UnsequencedMessage } from '@qtable/realtime-log';
import { realtimeTimestamp } from './realtime-timestamp';

/**
 * The realtime message of a domain event, in the seed's shape and key order
 * (type, restaurant_id, <entity>_id, action, timestamp, data); the log adds `cursor`.
 * Null for events realtime clients do not get (not in REALTIME_MAPPING).
 */
export function toRealtimeMessage(envelope: EventEnvelope): UnsequencedMessage | null {
  const mapping = REALTIME_MAPPING[envelope.type];
  if (!mapping) return null;
  return {
    type: mapping.type,
    restaurant_id: envelope.restaurantId,
    ...(mapping.idField ? { [mapping.idField]: envelope.aggregateId } : {}),
    action: mapping.action,
    timestamp: realtimeTimestamp(envelope.occurredAt),
    data: envelope.data,
  };
}

/** What a device gets when it cannot resume: refetch the snapshot, then continue after `cursor`. */
export interface ResyncRequired {
  type: 'resync_required';
  restaurant_id: string;
  cursor: string;
}

export const resyncRequired = (restaurantId: string, cursor: string): ResyncRequired => ({ type: 'resync_required', restaurant_id: restaurantId, cursor });
