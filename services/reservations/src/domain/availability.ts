import { pacingAllows, type BookingRules } from './booking-settings';
import type { SlotWindow } from './service-day';
import type { TableSet } from './table-sets';

/** Time ranges [from, to) per table during which it cannot take a new booking. */
export type BusyMap = Map<string, Array<[number, number]>>;

/** What keeps tables busy: bookings, parties seated now, tables out of service. */
export interface BusyFacts {
  bookings: { tableIds: string[]; startsAt: number; endsAt: number }[];
  /** Tables with a party at them now, busy until the estimate (at least the next slot). */
  occupied: { tableId: string; until: number }[];
  outOfService: string[];
}

export function buildBusyMap(facts: BusyFacts): BusyMap {
  const busy: BusyMap = new Map();
  const add = (tableId: string, from: number, to: number) => {
    const ranges = busy.get(tableId);
    if (ranges) ranges.push([from, to]);
    else busy.set(tableId, [[from, to]]);
  };
  for (const b of facts.bookings) for (const id of b.tableIds) add(id, b.startsAt, b.endsAt);
  for (const o of facts.occupied) add(o.tableId, -Infinity, o.until);
  for (const id of facts.outOfService) add(id, -Infinity, Infinity);
  return busy;
}

/** Whether every table of `tableIds` is free for the whole of [from, to). */
export function tablesFree(busy: BusyMap, tableIds: readonly string[], from: number, to: number): boolean {
  for (const id of tableIds) {
    for (const [start, end] of busy.get(id) ?? []) if (start < to && from < end) return false;
  }
  return true;
}

/** Covers and parties already starting in each slot (keyed by the slot's start instant). */
export type SlotLoads = Map<number, { covers: number; parties: number }>;

export interface BookableSlot {
  startsAt: number;
  window: SlotWindow;
  /** Free tables (single or joined), best first. */
  options: TableSet[];
}

/**
 * The start times a party can book, with the free tables for each: a slot is bookable when
 * pacing lets one more party start in it and at least one candidate set is free for the
 * whole turn.
 */
export function bookableSlots(input: {
  slots: { startsAt: number; window: SlotWindow }[];
  durationMs: number;
  partySize: number;
  sets: TableSet[];
  busy: BusyMap;
  pacing: BookingRules['pacing'];
  loads: SlotLoads;
  maxOptions: number;
}): BookableSlot[] {
  const result: BookableSlot[] = [];
  for (const slot of input.slots) {
    if (!pacingAllows(input.pacing, input.loads.get(slot.startsAt) ?? { covers: 0, parties: 0 }, input.partySize)) continue;
    const end = slot.startsAt + input.durationMs;
    const options: TableSet[] = [];
    for (const set of input.sets) {
      if (!tablesFree(input.busy, set.tableIds, slot.startsAt, end)) continue;
      options.push(set);
      if (options.length >= input.maxOptions) break;
    }
    if (options.length > 0) result.push({ ...slot, options });
  }
  return result;
}

/** The `count` slots nearest to `target` (ties: the earlier first). */
export function nearest<T extends { startsAt: number }>(slots: T[], target: number, count: number): T[] {
  return [...slots].sort((a, b) => Math.abs(a.startsAt - target) - Math.abs(b.startsAt - target) || a.startsAt - b.startsAt).slice(0, count);
}
