import { turnMinutes, type TurnTimes } from './turn-times';

/** A table as the estimator sees it: its size and, if a party sits there, since when. */
export interface QuoteTable {
  id: string;
  capacity: number;
  outOfService: boolean;
  occupant: { partySize: number; seatedAt: Date } | null;
}

export interface WaitQuoteInput {
  partySize: number;
  /** Party sizes of the parties waiting (or notified) ahead, in waitlist order. */
  ahead: number[];
  tables: QuoteTable[];
  turnTimes: TurnTimes;
  now: Date;
}

/** A party past its expected turn is assumed to leave this much later, not "now". */
export const OVERDUE_REMAINING_MINUTES = 5;
/** Quotes are given the way hosts say them: in steps of five minutes, rounded up. */
export const QUOTE_STEP_MINUTES = 5;
/** Beyond this a number means nothing to a guest ("not tonight"); quotes are capped here. */
export const MAX_QUOTE_MINUTES = 240;

const MINUTE = 60_000;

interface SimTable {
  capacity: number;
  freeAt: number;
}

/**
 * Seats one party in the simulation: the fitting table that frees first (ties: the
 * smallest, so a 2 does not take the 6-top a 6 is waiting for); a party no single table
 * holds takes the earliest-free tables until their capacity is enough (joined tables).
 * Returns when the party sits down and marks the tables busy for its turn.
 */
function seat(tables: SimTable[], partySize: number, now: number, turnMs: number): number {
  // A plain loop, no arrays: this runs once per queued party per create.
  let best: SimTable | undefined;
  for (const t of tables) {
    if (t.capacity >= partySize && (!best || t.freeAt < best.freeAt || (t.freeAt === best.freeAt && t.capacity < best.capacity))) best = t;
  }
  if (best) {
    const seatAt = Math.max(now, best.freeAt);
    best.freeAt = seatAt + turnMs;
    return seatAt;
  }
  const byFreeAt = [...tables].sort((a, b) => a.freeAt - b.freeAt || b.capacity - a.capacity);
  const chosen: SimTable[] = [];
  let seats = 0;
  for (const t of byFreeAt) {
    chosen.push(t);
    seats += t.capacity;
    if (seats >= partySize) break;
  }
  const seatAt = Math.max(now, ...chosen.map((t) => t.freeAt));
  for (const t of chosen) t.freeAt = seatAt + turnMs;
  return seatAt;
}

/**
 * Minutes until a new party of `partySize` is likely seated, or null when the restaurant
 * has no table in service to estimate with. A small discrete simulation (see
 * docs/wait-quotes.md): each table frees when its party's turn time is up; the parties
 * ahead are seated first, in order, each at the fitting table that frees first; the new
 * party then gets the next fitting table. Parties ahead that need other table sizes do
 * not delay it; those competing for the same tables do.
 */
export function estimateWaitMinutes(input: WaitQuoteInput): number | null {
  return estimateQueueWaitMinutes({ partySizes: [...input.ahead, input.partySize], tables: input.tables, turnTimes: input.turnTimes, now: input.now }).at(-1) ?? null;
}

/**
 * The quote of every party of a queue, in one simulation pass: seating is deterministic
 * and in order, so party i's quote with the i parties before it ahead is its seat time in
 * the simulation of the whole queue. O(parties × tables), where quoting each party on its
 * own (the dashboard's live estimates) was quadratic in the queue.
 */
export function estimateQueueWaitMinutes(input: { partySizes: number[]; tables: QuoteTable[]; turnTimes: TurnTimes; now: Date }): (number | null)[] {
  const now = input.now.getTime();
  const tables: SimTable[] = input.tables
    .filter((t) => !t.outOfService && t.capacity > 0)
    .map((t) => ({
      capacity: t.capacity,
      freeAt: t.occupant
        ? Math.max(now + OVERDUE_REMAINING_MINUTES * MINUTE, t.occupant.seatedAt.getTime() + turnMinutes(input.turnTimes, t.occupant.partySize) * MINUTE)
        : now,
    }));
  if (tables.length === 0) return input.partySizes.map(() => null);
  const cap = now + MAX_QUOTE_MINUTES * MINUTE;
  const quotes: number[] = [];
  for (const size of input.partySizes) {
    const seatAt = seat(tables, size, now, turnMinutes(input.turnTimes, size) * MINUTE);
    const minutes = (seatAt - now) / MINUTE;
    quotes.push(Math.min(MAX_QUOTE_MINUTES, Math.max(0, Math.ceil(minutes / QUOTE_STEP_MINUTES - 1e-9)) * QUOTE_STEP_MINUTES));
    // Tables only ever free later: once every one is busy past the cap, every party behind
    // sits down past it too. A long queue (hundreds on a busy night) stops costing here.
    if (seatAt >= cap && tables.every((t) => t.freeAt >= cap)) {
      while (quotes.length < input.partySizes.length) quotes.push(MAX_QUOTE_MINUTES);
      break;
    }
  }
  return quotes;
}
