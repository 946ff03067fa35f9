import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, DAY_MS, localIso, localTimeOf, MINUTE_MS } from '@qtable/zoned-time';
import { bookableSlots, buildBusyMap, nearest, type BookableSlot } from '../domain/availability';
import { slotsOf, windowsOf } from '../domain/service-day';
import { candidateSets, type TableSet } from '../domain/table-sets';
import { loadBusyFacts, loadSlotLoads, loadTables, tableInfos } from './floor-state';
import type { RestaurantContext } from './restaurant-context';

/** Free table options shown per slot. */
export const OPTIONS_PER_SLOT = 3;

export interface AvailabilityRequest {
  serviceDate: string;
  partySize: number;
  durationMinutes: number;
  now: Date;
  /** When moving a booking, its own tables are not in its way. */
  excludeReservationId?: string;
  optionsPerSlot?: number;
}

/**
 * The bookable start times of a service day for a party: the 15-minute grid of its service
 * periods, from now on and within the booking horizon, where pacing allows one more party
 * and some table or joined set is free for the whole turn.
 */
export async function findAvailability(em: EntityManager, ctx: RestaurantContext, req: AvailabilityRequest): Promise<BookableSlot[]> {
  const now = req.now.getTime();
  const horizon = now + ctx.rules.maxAdvanceDays * DAY_MS;
  const slots = windowsOf(ctx.rules, req.serviceDate, ctx.timeZone)
    .flatMap((window) => slotsOf(window).map((startsAt) => ({ startsAt, window })))
    .filter((s) => s.startsAt >= now && s.startsAt <= horizon);
  if (slots.length === 0) return [];
  const tables = await loadTables(em, ctx.restaurantId);
  const sets = candidateSets(tableInfos(tables), req.partySize);
  if (sets.length === 0) return [];
  const durationMs = req.durationMinutes * MINUTE_MS;
  const from = new Date(slots[0].startsAt);
  const lastStart = new Date(slots[slots.length - 1].startsAt);
  const facts = await loadBusyFacts(em, {
    restaurantId: ctx.restaurantId,
    tables,
    rules: ctx.rules,
    from,
    to: new Date(lastStart.getTime() + durationMs),
    now: req.now,
    excludeReservationId: req.excludeReservationId,
  });
  const loads = await loadSlotLoads(em, { restaurantId: ctx.restaurantId, from, to: lastStart, excludeReservationId: req.excludeReservationId });
  return bookableSlots({
    slots,
    durationMs,
    partySize: req.partySize,
    sets,
    busy: buildBusyMap(facts),
    pacing: ctx.rules.pacing,
    loads,
    maxOptions: req.optionsPerSlot ?? OPTIONS_PER_SLOT,
  });
}

/** A slot as the API shows it: UTC, local wall time with offset, and the free tables. */
export function slotView(slot: BookableSlot, timeZone: string) {
  return {
    startsAt: new Date(slot.startsAt).toISOString(),
    localStartsAt: localIso(slot.startsAt, timeZone),
    localTime: localTimeOf(slot.startsAt, timeZone),
    period: slot.window.period,
    tables: slot.options.map(tableSetView),
  };
}
export type SlotView = ReturnType<typeof slotView>;

export const tableSetView = (set: TableSet) => ({ tableIds: set.tableIds, tableNumbers: set.tableNumbers, capacity: set.capacity });

/** Alternatives offered with a 409 slot_unavailable: the free slots nearest the wanted time, that day or the next. */
export async function findAlternatives(
  em: EntityManager,
  ctx: RestaurantContext,
  req: AvailabilityRequest & { wanted: Date },
  count = 5,
): Promise<SlotView[]> {
  let slots = await findAvailability(em, ctx, req);
  if (slots.length < count) slots = [...slots, ...(await findAvailability(em, ctx, { ...req, serviceDate: addDays(req.serviceDate, 1) }))];
  return nearest(slots, req.wanted.getTime(), count).map((s) => slotView(s, ctx.timeZone));
}
