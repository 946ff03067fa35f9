import { parseDate, parseTime, WEEKDAYS } from '@qtable/zoned-time';
import { z } from 'zod';

/** Start times lie on this grid; pacing counts per slot of this length. */
export const SLOT_MINUTES = 15;

const wallTime = z
  .string()
  .refine((t) => parseTime(t) !== undefined, 'expected a time HH:MM (00:00-23:59)')
  .refine((t) => (parseTime(t) ?? 0) % SLOT_MINUTES === 0, `expected a time on the ${SLOT_MINUTES}-minute grid, e.g. 18:00 or 18:15`);

/**
 * A service period: bookings may START from `start` up to and including `lastSeating` (local
 * wall time). A `lastSeating` earlier than `start` runs past midnight into the next day.
 */
export const ServicePeriod = z
  .strictObject({
    name: z.string().trim().min(1, 'expected a name').max(40, 'expected at most 40 characters'),
    start: wallTime,
    lastSeating: wallTime,
  })
  .meta({ id: 'ServicePeriod' });
export type ServicePeriod = z.infer<typeof ServicePeriod>;

/** Minutes of the period's first and last seating after the service day's midnight. */
export function periodBounds(period: ServicePeriod): { from: number; to: number } {
  const from = parseTime(period.start)!;
  const last = parseTime(period.lastSeating)!;
  return { from, to: last < from ? last + 24 * 60 : last };
}

const dayPeriods = z
  .array(ServicePeriod)
  .max(6, 'expected at most 6 service periods a day')
  .superRefine((periods, ctx) => {
    const bounds = periods.map(periodBounds).sort((a, b) => a.from - b.from);
    for (let i = 1; i < bounds.length; i++) {
      if (bounds[i].from <= bounds[i - 1].to) ctx.addIssue({ code: 'custom', message: 'service periods of one day must not overlap' });
    }
  });

const openingHours = z
  .strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, dayPeriods])) as Record<(typeof WEEKDAYS)[number], typeof dayPeriods>)
  .superRefine((hours, ctx) => {
    // A period running past midnight must end before the next day's first period begins,
    // or a start time after midnight would belong to two service days.
    WEEKDAYS.forEach((day, i) => {
      const spill = Math.max(...hours[day].map((p) => periodBounds(p).to - 24 * 60), -1);
      const next = hours[WEEKDAYS[(i + 1) % 7]];
      if (spill >= 0 && next.some((p) => periodBounds(p).from <= spill)) {
        ctx.addIssue({ code: 'custom', path: [day], message: `a ${day} period runs past midnight into a period of the next day` });
      }
    });
  });

const minutes = (min: number, max: number) => z.number().int('expected whole minutes').min(min, `expected at least ${min} minutes`).max(max, `expected at most ${max} minutes`);

export const TurnTime = z.strictObject({
  upToPartySize: z.number().int().min(1).max(100),
  minutes: minutes(15, 720),
});

/** The booking rules of one restaurant, owned by the reservations service. */
export const BookingRules = z
  .strictObject({
    openingHours: openingHours.meta({ description: 'Service periods per weekday (local wall time); an empty list means closed' }),
    closedDates: z
      .array(z.string().refine((d) => parseDate(d) !== undefined, 'expected a date YYYY-MM-DD'))
      .max(366)
      .refine((d) => new Set(d).size === d.length, 'expected each date once')
      .meta({ description: 'Local dates without service (holidays)' }),
    turnTimes: z
      .array(TurnTime)
      .max(20)
      .refine((t) => new Set(t.map((x) => x.upToPartySize)).size === t.length, 'expected each upToPartySize once')
      .meta({ description: 'How long a party of up to N guests keeps its table; the entry with the smallest fitting upToPartySize applies' }),
    defaultTurnMinutes: minutes(15, 720).meta({ description: 'Turn time of parties larger than every turnTimes entry' }),
    pacing: z
      .strictObject({
        maxCoversPerSlot: z.number().int().min(1).max(1000).nullable(),
        maxPartiesPerSlot: z.number().int().min(1).max(200).nullable(),
      })
      .meta({ description: `Limits per ${SLOT_MINUTES}-minute start slot (kitchen and door load); null = no limit` }),
    holdMinutes: minutes(0, 240).meta({ description: 'Tables show reserved this long before a booking starts' }),
    noShowGraceMinutes: minutes(0, 240).meta({ description: 'A booking not arrived this long after its start becomes a no-show' }),
    maxAdvanceDays: z.number().int().min(1).max(730).meta({ description: 'How far ahead bookings are taken' }),
  })
  .meta({ id: 'BookingRules' });
export type BookingRules = z.infer<typeof BookingRules>;

const lunchAndDinner: ServicePeriod[] = [
  { name: 'lunch', start: '12:00', lastSeating: '14:30' },
  { name: 'dinner', start: '18:00', lastSeating: '21:30' },
];

/** What a restaurant books with until a manager sets its own rules. */
export const DEFAULT_BOOKING_RULES: BookingRules = {
  openingHours: Object.fromEntries(WEEKDAYS.map((d) => [d, lunchAndDinner])) as BookingRules['openingHours'],
  closedDates: [],
  turnTimes: [
    { upToPartySize: 2, minutes: 90 },
    { upToPartySize: 4, minutes: 120 },
    { upToPartySize: 6, minutes: 150 },
  ],
  defaultTurnMinutes: 180,
  pacing: { maxCoversPerSlot: null, maxPartiesPerSlot: null },
  holdMinutes: 30,
  noShowGraceMinutes: 15,
  maxAdvanceDays: 180,
};

/** Minutes a party of `partySize` keeps its table. */
export function turnMinutesFor(rules: BookingRules, partySize: number): number {
  let best: { upToPartySize: number; minutes: number } | undefined;
  for (const t of rules.turnTimes) if (partySize <= t.upToPartySize && (!best || t.upToPartySize < best.upToPartySize)) best = t;
  return best?.minutes ?? rules.defaultTurnMinutes;
}

/** Whether one more party of `partySize` fits the pacing of a slot that already has `covers` covers in `parties` parties. */
export function pacingAllows(pacing: BookingRules['pacing'], slot: { covers: number; parties: number }, partySize: number): boolean {
  if (pacing.maxCoversPerSlot !== null && slot.covers + partySize > pacing.maxCoversPerSlot) return false;
  if (pacing.maxPartiesPerSlot !== null && slot.parties + 1 > pacing.maxPartiesPerSlot) return false;
  return true;
}
