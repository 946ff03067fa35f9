import { BookingRules, DEFAULT_BOOKING_RULES, pacingAllows, turnMinutesFor } from './booking-settings';

const withHours = (day: string, periods: unknown) => ({ ...DEFAULT_BOOKING_RULES, openingHours: { ...DEFAULT_BOOKING_RULES.openingHours, [day]: periods } });

describe('booking rules', () => {
  it('accepts the defaults', () => {
    expect(BookingRules.safeParse(DEFAULT_BOOKING_RULES).success).toBe(true);
  });

  it.each([
    ['overlapping periods', withHours('monday', [{ name: 'a', start: '12:00', lastSeating: '15:00' }, { name: 'b', start: '14:00', lastSeating: '20:00' }])],
    ['a time off the grid', withHours('monday', [{ name: 'a', start: '12:10', lastSeating: '15:00' }])],
    ['a time that is no time', withHours('monday', [{ name: 'a', start: '24:00', lastSeating: '15:00' }])],
    ['a period running into the next day', withHours('monday', [{ name: 'late', start: '22:00', lastSeating: '12:30' }])],
    ['an unknown weekday', { ...DEFAULT_BOOKING_RULES, openingHours: { ...DEFAULT_BOOKING_RULES.openingHours, funday: [] } }],
    ['an unknown field', { ...DEFAULT_BOOKING_RULES, colour: 'red' }],
    ['a date that does not exist', { ...DEFAULT_BOOKING_RULES, closedDates: ['2026-02-30'] }],
    ['a turn time of one minute', { ...DEFAULT_BOOKING_RULES, turnTimes: [{ upToPartySize: 2, minutes: 1 }] }],
  ])('refuses %s', (_name, rules) => {
    expect(BookingRules.safeParse(rules).success).toBe(false);
  });

  it('takes the turn time of the smallest fitting bucket, else the default', () => {
    const rules = { ...DEFAULT_BOOKING_RULES, turnTimes: [{ upToPartySize: 6, minutes: 150 }, { upToPartySize: 2, minutes: 90 }] };
    expect(turnMinutesFor(rules, 1)).toBe(90);
    expect(turnMinutesFor(rules, 3)).toBe(150);
    expect(turnMinutesFor(rules, 9)).toBe(180);
  });

  it('applies covers and parties limits per slot', () => {
    const pacing = { maxCoversPerSlot: 10, maxPartiesPerSlot: 3 };
    expect(pacingAllows(pacing, { covers: 6, parties: 2 }, 4)).toBe(true);
    expect(pacingAllows(pacing, { covers: 6, parties: 2 }, 5)).toBe(false);
    expect(pacingAllows(pacing, { covers: 2, parties: 3 }, 1)).toBe(false);
    expect(pacingAllows({ maxCoversPerSlot: null, maxPartiesPerSlot: null }, { covers: 999, parties: 99 }, 8)).toBe(true);
  });
});
