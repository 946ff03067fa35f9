import { bookableSlots, buildBusyMap, nearest, tablesFree } from './availability';
import type { SlotWindow } from './service-day';
import type { TableSet } from './table-sets';

const H = 3_600_000;
const window: SlotWindow = { serviceDate: '2026-06-12', period: 'dinner', first: 18 * H, last: 21 * H, fromWall: 18 * H, toWall: 21 * H, zone: 'UTC' };
const slots = [18, 19, 20, 21].map((h) => ({ startsAt: h * H, window }));
const set = (...ids: string[]): TableSet => ({ tableIds: ids, tableNumbers: ids, capacity: 2 * ids.length });
const noPacing = { maxCoversPerSlot: null, maxPartiesPerSlot: null };

describe('availability', () => {
  it('treats ranges as half-open: a booking ending at 20:00 leaves 20:00 free', () => {
    const busy = buildBusyMap({ bookings: [{ tableIds: ['a'], startsAt: 18 * H, endsAt: 20 * H }], occupied: [], outOfService: [] });
    expect(tablesFree(busy, ['a'], 20 * H, 22 * H)).toBe(true);
    expect(tablesFree(busy, ['a'], 19 * H, 21 * H)).toBe(false);
  });

  it('offers each slot the free sets, skipping booked, occupied and out-of-service tables', () => {
    const busy = buildBusyMap({
      bookings: [{ tableIds: ['a'], startsAt: 19 * H, endsAt: 21 * H }],
      occupied: [{ tableId: 'b', until: 19 * H }],
      outOfService: ['c'],
    });
    const result = bookableSlots({ slots, durationMs: 2 * H, partySize: 2, sets: [set('a'), set('b'), set('c')], busy, pacing: noPacing, loads: new Map(), maxOptions: 3 });
    expect(result.map((s) => [s.startsAt / H, s.options.map((o) => o.tableIds.join())])).toEqual([
      [19, ['b']],
      [20, ['b']],
      [21, ['a', 'b']],
    ]);
  });

  it('closes a slot whose pacing is used up', () => {
    const loads = new Map([[19 * H, { covers: 10, parties: 2 }]]);
    const result = bookableSlots({ slots, durationMs: H, partySize: 2, sets: [set('a')], busy: new Map(), pacing: { maxCoversPerSlot: 11, maxPartiesPerSlot: null }, loads, maxOptions: 1 });
    expect(result.map((s) => s.startsAt / H)).toEqual([18, 20, 21]);
  });

  it('orders alternatives by distance to the wanted time', () => {
    expect(nearest(slots, 19.5 * H, 3).map((s) => s.startsAt / H)).toEqual([19, 20, 18]);
  });
});
