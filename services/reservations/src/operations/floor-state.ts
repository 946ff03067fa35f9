import type { EntityManager } from '@mikro-orm/postgresql';
import { MINUTE_MS } from '@qtable/zoned-time';
import type { BusyFacts, SlotLoads } from '../domain/availability';
import { turnMinutesFor, type BookingRules } from '../domain/booking-settings';
import { PACED_STATUSES } from '../domain/reservation-status';
import { SLOT_MS } from '../domain/service-day';
import type { TableInfo } from '../domain/table-sets';
import type { FloorTableProjection } from '../entities';
import { tableOf } from './sql';

interface TableRow {
  id: string;
  number: string;
  capacity: number;
  min_capacity: number | null;
  combinable_with: string[];
  out_of_service: boolean;
  party_id: string | null;
  occupied_since: Date | null;
  aggregate_version: number;
  updated_at: Date;
}

/** The restaurant's live tables, as floor last told us. Plain rows, not entities: every search reads them. */
export async function loadTables(em: EntityManager, restaurantId: string): Promise<FloorTableProjection[]> {
  const rows = await em.execute<TableRow[]>(
    `select "id", "number", "capacity", "min_capacity", "combinable_with", "out_of_service", "party_id", "occupied_since", "aggregate_version", "updated_at"
       from ${tableOf(em, 'floor_table')} where "restaurant_id" = ? and not "deleted" order by "number", "id"`,
    [restaurantId],
  );
  return rows.map((r) => ({
    id: r.id,
    restaurantId,
    number: r.number,
    capacity: r.capacity,
    minCapacity: r.min_capacity,
    combinableWith: r.combinable_with,
    outOfService: r.out_of_service,
    partyId: r.party_id,
    occupiedSince: r.occupied_since ? new Date(r.occupied_since) : null,
    deleted: false,
    aggregateVersion: r.aggregate_version,
    updatedAt: new Date(r.updated_at),
  }));
}

export const tableInfos = (tables: FloorTableProjection[]): TableInfo[] =>
  tables.map((t) => ({ id: t.id, number: t.number, capacity: t.capacity, minCapacity: t.minCapacity, combinableWith: t.combinableWith }));

/**
 * What keeps tables busy between `from` and `to`: booked table rows (the same rows the
 * exclusion constraint guards), parties seated now (busy at least until the next slot, or
 * until their expected turn ends), and tables out of service.
 */
export async function loadBusyFacts(
  em: EntityManager,
  input: { restaurantId: string; tables: FloorTableProjection[]; rules: BookingRules; from: Date; to: Date; now: Date; excludeReservationId?: string },
): Promise<BusyFacts> {
  const rows = await em.execute<{ reservation_id: string; table_id: string; starts_at: Date; ends_at: Date }[]>(
    `select "reservation_id", "table_id", lower("during") as "starts_at", upper("during") as "ends_at"
       from ${tableOf(em, 'reservation_table')}
      where "restaurant_id" = ? and "active" and "during" && tstzrange(?, ?)`,
    [input.restaurantId, input.from, input.to],
  );
  const now = input.now.getTime();
  return {
    bookings: rows
      .filter((r) => r.reservation_id !== input.excludeReservationId)
      .map((r) => ({ tableIds: [r.table_id], startsAt: new Date(r.starts_at).getTime(), endsAt: new Date(r.ends_at).getTime() })),
    occupied: input.tables
      .filter((t) => t.partyId !== null)
      .map((t) => {
        // We do not know the party's size; the table's capacity gives a fair turn estimate.
        const since = (t.occupiedSince ?? input.now).getTime();
        return { tableId: t.id, until: Math.max(since + turnMinutesFor(input.rules, t.capacity) * MINUTE_MS, now + SLOT_MS) };
      }),
    outOfService: input.tables.filter((t) => t.outOfService).map((t) => t.id),
  };
}

/** Covers and parties starting in each slot between `from` and `to` (bookings still counting against pacing). */
export async function loadSlotLoads(em: EntityManager, input: { restaurantId: string; from: Date; to: Date; excludeReservationId?: string }): Promise<SlotLoads> {
  const rows = await em.execute<{ starts_at: Date; covers: string; parties: string }[]>(
    `select "starts_at", sum("party_size") as "covers", count(*) as "parties"
       from ${tableOf(em, 'reservation')}
      where "restaurant_id" = ? and "starts_at" >= ? and "starts_at" <= ? and "status" in (?) and "id" <> ?
      group by "starts_at"`,
    [input.restaurantId, input.from, input.to, [...PACED_STATUSES], input.excludeReservationId ?? '00000000-0000-0000-0000-000000000000'],
  );
  return new Map(rows.map((r) => [new Date(r.starts_at).getTime(), { covers: Number(r.covers), parties: Number(r.parties) }]));
}
