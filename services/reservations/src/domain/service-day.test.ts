import { localIso } from '@qtable/zoned-time';
import { DEFAULT_BOOKING_RULES, type BookingRules } from './booking-settings';
import { slotsOf, windowContaining, windowsOf } from './service-day';

const night: BookingRules = {
  ...DEFAULT_BOOKING_RULES,
  openingHours: { ...DEFAULT_BOOKING_RULES.openingHours, sunday: [{ name: 'late', start: '01:00', lastSeating: '04:00' }], saturday: [{ name: 'bar', start: '22:00', lastSeating: '00:30' }] },
};
const localSlots = (rules: BookingRules, date: string, zone: string) => windowsOf(rules, date, zone).flatMap(slotsOf).map((t) => localIso(t, zone));

describe('service day windows', () => {
  it('lists the lunch and dinner grid of an ordinary day', () => {
    const slots = localSlots(DEFAULT_BOOKING_RULES, '2026-06-12', 'Europe/Berlin');
    expect(slots[0]).toBe('2026-06-12T12:00:00+02:00');
    expect(slots).toContain('2026-06-12T14:30:00+02:00');
    expect(slots).not.toContain('2026-06-12T14:45:00+02:00');
    expect(slots.at(-1)).toBe('2026-06-12T21:30:00+02:00');
    expect(slots).toHaveLength(11 + 15);
  });

  it('skips the hour that does not exist when Berlin springs forward', () => {
    const slots = localSlots(night, '2026-03-29', 'Europe/Berlin');
    expect(slots).toContain('2026-03-29T01:45:00+01:00');
    expect(slots).not.toContain('2026-03-29T02:30:00+01:00');
    expect(slots).not.toContain('2026-03-29T02:30:00+02:00');
    expect(slots[slots.indexOf('2026-03-29T01:45:00+01:00') + 1]).toBe('2026-03-29T03:00:00+02:00');
    expect(slots).toHaveLength(13 - 4);
  });

  it('offers the repeated hour twice when Berlin falls back', () => {
    const slots = localSlots(night, '2026-10-25', 'Europe/Berlin');
    expect(slots).toContain('2026-10-25T02:30:00+02:00');
    expect(slots).toContain('2026-10-25T02:30:00+01:00');
    expect(slots).toHaveLength(13 + 4);
  });

  it('runs a period past midnight into the next calendar day, and finds it from either side', () => {
    const [bar] = windowsOf(night, '2026-06-13', 'Europe/Berlin');
    expect(localIso(bar.last, 'Europe/Berlin')).toBe('2026-06-14T00:30:00+02:00');
    const w = windowContaining(night, Date.parse('2026-06-13T22:15:00Z'), 'Europe/Berlin');
    expect(w).toMatchObject({ serviceDate: '2026-06-13', period: 'bar' });
  });

  it('finds nothing outside hours, off the grid or on closed dates', () => {
    const rules = { ...DEFAULT_BOOKING_RULES, closedDates: ['2026-12-25'] };
    expect(windowContaining(rules, Date.parse('2026-06-12T14:00:00Z'), 'Europe/Berlin')).toBeUndefined(); // 16:00 local
    expect(windowContaining(rules, Date.parse('2026-06-12T17:10:00Z'), 'Europe/Berlin')).toBeUndefined(); // 19:10
    expect(windowContaining(rules, Date.parse('2026-06-12T17:00:00Z'), 'Europe/Berlin')).toMatchObject({ period: 'dinner' });
    expect(windowContaining(rules, Date.parse('2026-12-25T18:00:00Z'), 'Europe/Berlin')).toBeUndefined();
  });
});

describe('last seatings inside a clock change', () => {
  const late = (lastSeating: string): BookingRules => ({
    ...DEFAULT_BOOKING_RULES,
    openingHours: { ...DEFAULT_BOOKING_RULES.openingHours, saturday: [{ name: 'late', start: '22:00', lastSeating }] },
  });
  const zone = 'America/New_York';

  it('ends before the gap when the last seating does not exist', () => {
    const slots = localSlots(late('02:30'), '2026-03-07', zone);
    expect(slots.at(-1)).toBe('2026-03-08T01:45:00-05:00');
  });

  it('takes both passes of a repeated last seating, but nothing later on the clock', () => {
    const slots = localSlots(late('01:30'), '2026-10-31', zone);
    expect(slots.filter((s) => s.includes('T01:'))).toEqual([
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:15:00-04:00',
      '2026-11-01T01:30:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T01:15:00-05:00',
      '2026-11-01T01:30:00-05:00',
    ]);
  });
});
