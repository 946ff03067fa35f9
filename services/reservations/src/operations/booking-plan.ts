import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict, type HttpError } from '@qtable/http';
import { DAY_MS, localDateOf, localIso, MINUTE_MS } from '@qtable/zoned-time';
import { buildBusyMap, tablesFree } from '../domain/availability';
import { pacingAllows } from '../domain/booking-settings';
import { SLOT_MS, windowContaining, windowsOf, type SlotWindow } from '../domain/service-day';
import { candidateSets, isJoinable, largestPartySize, type TableSet } from '../domain/table-sets';
import { ruleViolation } from './errors';
import { findAlternatives } from './find-availability';
import { loadBusyFacts, loadSlotLoads, loadTables, tableInfos } from './floor-state';
import type { RestaurantContext } from './restaurant-context';

export interface BookingRequest {
  startsAt: Date;
  partySize: number;
  durationMinutes: number;
  /** The tables asked for; without them the best free fit is picked. */
  tableIds?: string[];
  /** Tried first when picking (a moved booking keeps its tables if they are still free). */
  preferTableIds?: string[];
  /** The booking being changed: its own table rows and pacing are not in its way. */
  excludeReservationId?: string;
  /** A changed booking whose start stays where it is may be in the past (an arrived party staying longer). */
  allowPast?: boolean;
}

export interface BookingPlan {
  window: SlotWindow;
  /** Free candidate sets, best first; the exclusion constraint has the last word on each. */
  candidates: TableSet[];
}

/**
 * Checks a wanted booking against the rules (grid, past, horizon, service hours, party size,
 * the tables named) — 422 when it breaks one, nothing written — and against the current
 * bookings, seated parties, tables out of service and pacing — 409 slot_unavailable with the
 * nearest alternatives when nothing is free. Pacing is serialised per restaurant and slot
 * with a transaction-scoped advisory lock, so concurrent bookings cannot overfill a slot.
 */
export async function planBooking(em: EntityManager, ctx: RestaurantContext, req: BookingRequest, now: Date): Promise<BookingPlan> {
  const { rules, timeZone } = ctx;
  const start = req.startsAt.getTime();
  const local = localIso(start, timeZone);
  if (start % SLOT_MS !== 0) throw ruleViolation('off_grid', `Bookings start on the quarter hour; ${local} is not`, { localStartsAt: local });
  if (start < now.getTime() && !req.allowPast) throw ruleViolation('date_in_past', `${local} is in the past`, { localStartsAt: local });
  if (start > now.getTime() + rules.maxAdvanceDays * DAY_MS) {
    throw ruleViolation('too_far_ahead', `Bookings are taken up to ${rules.maxAdvanceDays} days ahead`, { maxAdvanceDays: rules.maxAdvanceDays });
  }
  const window = windowContaining(rules, start, timeZone);
  if (!window) {
    const date = localDateOf(start, timeZone);
    const periods = windowsOf(rules, date, timeZone).map((w) => ({ period: w.period, from: localIso(w.first, timeZone), lastSeating: localIso(w.last, timeZone) }));
    throw ruleViolation('outside_service_hours', `The restaurant does not seat at ${local}`, { localStartsAt: local, timeZone, periods });
  }

  const tables = await loadTables(em, ctx.restaurantId);
  const infos = tableInfos(tables);
  const largest = largestPartySize(infos);
  if (req.partySize > largest) {
    throw ruleViolation('party_too_large', `No table or joinable set seats ${req.partySize}; the largest seats ${largest}`, { partySize: req.partySize, largestPartySize: largest });
  }
  let sets: TableSet[];
  if (req.tableIds) {
    const byId = new Map(tables.map((t) => [t.id, t]));
    const unknown = req.tableIds.filter((id) => !byId.has(id));
    if (unknown.length) throw ruleViolation('unknown_tables', 'Some tables do not exist in this restaurant', { tableIds: unknown });
    if (!isJoinable(infos, req.tableIds)) throw ruleViolation('tables_not_combinable', 'These tables cannot be joined', { tableIds: req.tableIds });
    const capacity = req.tableIds.reduce((sum, id) => sum + byId.get(id)!.capacity, 0);
    if (capacity < req.partySize) throw ruleViolation('tables_too_small', `These tables seat ${capacity}, not ${req.partySize}`, { capacity });
    const ids = [...req.tableIds].sort();
    sets = [{ tableIds: ids, tableNumbers: ids.map((id) => byId.get(id)!.number), capacity }];
  } else {
    sets = candidateSets(infos, req.partySize);
    const preferred = req.preferTableIds ? [...req.preferTableIds].sort().join() : undefined;
    if (preferred) sets.sort((a, b) => Number(b.tableIds.join() === preferred) - Number(a.tableIds.join() === preferred));
  }

  const end = start + req.durationMinutes * MINUTE_MS;
  const unavailable = async (reason: 'tables_taken' | 'pacing'): Promise<HttpError> =>
    slotUnavailable(em, ctx, { ...req, serviceDate: window.serviceDate, reason }, now);
  if (rules.pacing.maxCoversPerSlot !== null || rules.pacing.maxPartiesPerSlot !== null) {
    // Held until commit; a concurrent booking of the same slot waits here, then counts ours.
    await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`reservations:pacing:${ctx.restaurantId}:${start}`]);
    const loads = await loadSlotLoads(em, { restaurantId: ctx.restaurantId, from: req.startsAt, to: req.startsAt, excludeReservationId: req.excludeReservationId });
    if (!pacingAllows(rules.pacing, loads.get(start) ?? { covers: 0, parties: 0 }, req.partySize)) throw await unavailable('pacing');
  }
  const facts = await loadBusyFacts(em, {
    restaurantId: ctx.restaurantId,
    tables,
    rules,
    from: req.startsAt,
    to: new Date(end),
    now,
    excludeReservationId: req.excludeReservationId,
  });
  const busy = buildBusyMap(facts);
  const candidates = sets.filter((s) => tablesFree(busy, s.tableIds, start, end));
  if (candidates.length === 0) throw await unavailable('tables_taken');
  return { window, candidates };
}

/** 409 slot_unavailable, with the nearest free times (and their tables) to offer instead. */
export async function slotUnavailable(
  em: EntityManager,
  ctx: RestaurantContext,
  req: BookingRequest & { serviceDate: string; reason: 'tables_taken' | 'pacing' },
  now: Date,
): Promise<HttpError> {
  const alternatives = await findAlternatives(em, ctx, {
    serviceDate: req.serviceDate,
    partySize: req.partySize,
    durationMinutes: req.durationMinutes,
    now,
    excludeReservationId: req.excludeReservationId,
    wanted: req.startsAt,
  });
  const local = localIso(req.startsAt.getTime(), ctx.timeZone);
  const why = req.reason === 'pacing' ? 'the slot has as many arrivals as the kitchen takes' : 'no fitting table is free for the whole turn';
  return conflict('slot_unavailable', `${local} is no longer available for ${req.partySize}: ${why}`, {
    reason: req.reason,
    requested: { startsAt: req.startsAt.toISOString(), localStartsAt: local, partySize: req.partySize, tableIds: req.tableIds ?? null },
    alternatives,
  });
}
