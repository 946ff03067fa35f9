import { FloorEvents, GuestEvents, ReservationEvents } from '@qtable/contracts';
import { newEvent } from '@qtable/events';
import { realtimeTimestamp } from './realtime-timestamp';
import { toRealtimeMessage } from './to-realtime-message';

const envelope = (type: string, occurredAt = new Date('2025-09-02T06:03:11.039Z')) =>
  newEvent({ type, restaurantId: 'r-1', aggregateId: 'a-1', aggregateVersion: 3, actor: null, occurredAt, data: { id: 'a-1', version: 3 } });

describe('toRealtimeMessage', () => {
  it("gives the seed's shape, keys in the seed's order", () => {
    const message = toRealtimeMessage(envelope(GuestEvents.GUEST_STATUS_CHANGED));
    expect(message).toEqual({
      type: 'guest_updated',
      restaurant_id: 'r-1',
      guest_id: 'a-1',
      action: 'status_changed',
      timestamp: '2025-09-02T06:03:11.039000Z',
      data: { id: 'a-1', version: 3 },
    });
    expect(Object.keys(message!)).toEqual(['type', 'restaurant_id', 'guest_id', 'action', 'timestamp', 'data']);
  });

  it('names the entity id after the entity', () => {
    expect(toRealtimeMessage(envelope(FloorEvents.TABLE_CREATED))).toMatchObject({ type: 'table_created', table_id: 'a-1' });
    expect(toRealtimeMessage(envelope(ReservationEvents.RESERVATION_NO_SHOW))).toMatchObject({ type: 'reservation_no_show', reservation_id: 'a-1' });
    expect(toRealtimeMessage(envelope(GuestEvents.BATCH_COMPLETED))).not.toHaveProperty('guest_id');
  });

  it('sends nothing for events outside the mapping', () => {
    expect(toRealtimeMessage(envelope(ReservationEvents.TABLES_HELD))).toBeNull();
    expect(toRealtimeMessage(envelope('membership.granted'))).toBeNull();
  });
});

describe('realtimeTimestamp', () => {
  it('writes UTC with six fractional digits', () => {
    expect(realtimeTimestamp('2025-09-02T06:03:11Z')).toBe('2025-09-02T06:03:11.000000Z');
    expect(realtimeTimestamp('2025-09-02T06:03:11.039837Z')).toBe('2025-09-02T06:03:11.039837Z');
    expect(realtimeTimestamp('2025-09-02T06:03:11.0398371Z')).toBe('2025-09-02T06:03:11.039837Z');
    expect(realtimeTimestamp('2025-09-02T08:03:11.5+02:00')).toBe('2025-09-02T06:03:11.500000Z');
    expect(() => realtimeTimestamp('yesterday')).toThrow();
  });
});
