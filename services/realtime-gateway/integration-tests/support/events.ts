import { Topics, GuestEvents, FloorEvents } from '@qtable/contracts';
import { newEvent, type BusMessage, type EventBus } from '@qtable/events';
import { randomUUID } from 'node:crypto';

/** A guest event of restaurant `restaurantId`; `n` travels in data (and as the version) to check order. */
export function guestEvent(restaurantId: string, n: number, type: string = GuestEvents.GUEST_STATUS_CHANGED): BusMessage {
  const guestId = randomUUID();
  return {
    topic: Topics.GUESTS,
    key: restaurantId,
    headers: {},
    envelope: newEvent({
      type,
      restaurantId,
      aggregateId: guestId,
      aggregateVersion: n,
      actor: { type: 'user', id: 'u-1' },
      data: { id: guestId, guestName: `Guest ${n}`, status: 'seated', tableId: null, partySize: 4, n, version: n },
    }),
  };
}

export function tableEvent(restaurantId: string, n: number): BusMessage {
  const tableId = randomUUID();
  return {
    topic: Topics.FLOOR,
    key: restaurantId,
    headers: {},
    envelope: newEvent({
      type: FloorEvents.TABLE_STATUS_CHANGED,
      restaurantId,
      aggregateId: tableId,
      aggregateVersion: n,
      actor: null,
      data: { id: tableId, number: String(n), status: 'occupied', n, version: n },
    }),
  };
}

/** Publishes one at a time (each event's occurredAt is its publish time: latency is measured from it). */
export async function publishEach(bus: EventBus, messages: BusMessage[]): Promise<void> {
  for (const message of messages) {
    message.envelope.occurredAt = new Date().toISOString();
    await bus.publish([message]);
  }
}
