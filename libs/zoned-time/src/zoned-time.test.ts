import {
  addDays,
  firstInstantAtOrAfter,
  isKnownTimeZone,
  localDateOf,
  localDayOf,
  localIso,
  localTimeOf,
  MINUTE_MS,
  offsetAt,
  parseDate,
  parseTime,
  resolveWall,
  utcDayOf,
  wallOf,
  weekdayOf,
} from './index';

const wall = (date: string, time: string) => parseDate(date)! + parseTime(time)! * MINUTE_MS;
const iso = (ms: number) => new Date(ms).toISOString();
const hours = (day: { start: Date; end: Date }) => (day.end.getTime() - day.start.getTime()) / 3_600_000;

describe('offsets and zones', () => {
  it('gives the offset in force at an instant, on both sides of a clock change', () => {
    expect(offsetAt(Date.parse('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-18_000_000);
    expect(offsetAt(Date.parse('2026-06-12T12:00:00Z'), 'Europe/Berlin')).toBe(7_200_000);
    // Berlin springs forward at 01:00Z on 2026-03-29: the minute before is still winter time.
    expect(offsetAt(Date.parse('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(offsetAt(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(7_200_000);
    // Asked again (now from the per-minute cache), the answer is the same.
    expect(offsetAt(Date.parse('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(wallOf(Date.parse('2026-06-12T13:15:00Z'), 'Asia/Kathmandu')).toBe(wall('2026-06-12', '19:00'));
  });

  it('knows real zones from typos', () => {
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
  });
});

describe('resolveWall', () => {
  it('maps an ordinary Berlin evening to one instant', () => {
    expect(resolveWall(wall('2026-06-12', '19:00'), 'Europe/Berlin')).toEqual({ kind: 'unique', instant: Date.parse('2026-06-12T17:00:00Z') });
  });

  it('finds no instant for the 02:30 skipped when Berlin springs forward, and names 03:00 as the next', () => {
    const r = resolveWall(wall('2026-03-29', '02:30'), 'Europe/Berlin');
    expect(r.kind).toBe('nonexistent');
    if (r.kind === 'nonexistent') expect(iso(r.nextValid)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('finds two instants for the 02:30 repeated when Berlin falls back', () => {
    expect(resolveWall(wall('2026-10-25', '02:30'), 'Europe/Berlin')).toEqual({
      kind: 'ambiguous',
      earlier: Date.parse('2026-10-25T00:30:00Z'),
      later: Date.parse('2026-10-25T01:30:00Z'),
    });
  });

  it('handles New York both ways', () => {
    const spring = resolveWall(wall('2026-03-08', '02:30'), 'America/New_York');
    expect(spring.kind === 'nonexistent' && iso(spring.nextValid)).toBe('2026-03-08T07:00:00.000Z');
    expect(resolveWall(wall('2026-11-01', '01:30'), 'America/New_York')).toEqual({
      kind: 'ambiguous',
      earlier: Date.parse('2026-11-01T05:30:00Z'),
      later: Date.parse('2026-11-01T06:30:00Z'),
    });
  });

  it('works for zones with quarter-hour offsets and without DST', () => {
    expect(resolveWall(wall('2026-06-12', '19:00'), 'Asia/Kathmandu')).toEqual({ kind: 'unique', instant: Date.parse('2026-06-12T13:15:00Z') });
    expect(resolveWall(wall('2026-06-12', '00:00'), 'UTC')).toEqual({ kind: 'unique', instant: Date.parse('2026-06-12T00:00:00Z') });
  });

  it('takes the first instant at or after a wall time: itself, its first pass, or the end of the gap', () => {
    expect(iso(firstInstantAtOrAfter(wall('2026-06-12', '19:00'), 'Europe/Berlin'))).toBe('2026-06-12T17:00:00.000Z');
    expect(iso(firstInstantAtOrAfter(wall('2026-10-25', '02:30'), 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(firstInstantAtOrAfter(wall('2026-03-29', '02:30'), 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
  });
});

describe('local formatting', () => {
  it('writes both passes of the repeated hour with their own offsets', () => {
    expect(localIso(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00');
    expect(localIso(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30:00+01:00');
    expect(localIso(Date.parse('2026-06-12T13:15:00Z'), 'Asia/Kathmandu')).toBe('2026-06-12T19:00:00+05:45');
    expect(localIso(Date.parse('2026-01-01T03:00:00Z'), 'America/New_York')).toBe('2025-12-31T22:00:00-05:00');
    expect(localTimeOf(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('02:30');
  });

  it('gives the local date and weekday', () => {
    expect(localDateOf(Date.parse('2026-06-12T23:30:00Z'), 'Europe/Berlin')).toBe('2026-06-13');
    expect(weekdayOf('2026-06-13')).toBe('saturday');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('refuses dates and times that do not exist on any calendar', () => {
    expect(parseDate('2026-02-30')).toBeUndefined();
    expect(parseDate('2026-13-01')).toBeUndefined();
    expect(parseDate('26-01-01')).toBeUndefined();
    expect(parseTime('24:00')).toBeUndefined();
    expect(parseTime('7:30')).toBeUndefined();
  });
});

describe('local day', () => {
  it('runs from local midnight to the next local midnight (New York, winter: UTC−5)', () => {
    // 00:30 local on 15 Jan = 05:30Z; 23:30 local on 14 Jan = 04:30Z on the 15th.
    for (const instant of ['2026-01-15T05:30:00Z', '2026-01-16T04:59:59.999Z', '2026-01-15T05:00:00Z']) {
      const day = localDayOf(new Date(instant), 'America/New_York');
      expect([day.start.toISOString(), day.end.toISOString(), day.date]).toEqual(['2026-01-15T05:00:00.000Z', '2026-01-16T05:00:00.000Z', '2026-01-15']);
    }
    expect(localDayOf(new Date('2026-01-15T04:30:00Z'), 'America/New_York').date).toBe('2026-01-14');
  });

  it('is 23 hours on the day clocks go forward and 25 on the day they go back', () => {
    const spring = localDayOf(new Date('2026-03-08T18:00:00Z'), 'America/New_York');
    expect([spring.start.toISOString(), spring.end.toISOString(), hours(spring)]).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z', 23]);
    const fall = localDayOf(new Date('2026-11-01T18:00:00Z'), 'America/New_York');
    expect([fall.start.toISOString(), fall.end.toISOString(), hours(fall)]).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', 25]);
    // Both passes through the repeated 01:00–02:00 belong to the same day.
    expect(localDayOf(new Date('2026-11-01T05:30:00Z'), 'America/New_York').date).toBe('2026-11-01');
    expect(localDayOf(new Date('2026-11-01T06:30:00Z'), 'America/New_York').date).toBe('2026-11-01');
  });

  it('starts at the end of the gap where clocks skip midnight (Santiago, September)', () => {
    // Chile moved from −04 to −03 at 00:00 local on 2024-09-08: the day starts at 01:00 (04:00Z).
    const day = localDayOf(new Date('2024-09-08T15:00:00Z'), 'America/Santiago');
    expect([day.start.toISOString(), day.end.toISOString(), hours(day)]).toEqual(['2024-09-08T04:00:00.000Z', '2024-09-09T03:00:00.000Z', 23]);
  });

  it('handles zones east of UTC and fractional offsets', () => {
    const kathmandu = localDayOf(new Date('2026-06-01T20:00:00Z'), 'Asia/Kathmandu'); // 01:45 on the 2nd, UTC+5:45
    expect([kathmandu.start.toISOString(), kathmandu.date]).toEqual(['2026-06-01T18:15:00.000Z', '2026-06-02']);
  });

  it('falls back to the UTC day', () => {
    expect(utcDayOf(new Date('2026-01-15T23:59:00Z'))).toEqual({ start: new Date('2026-01-15T00:00:00Z'), end: new Date('2026-01-16T00:00:00Z'), date: '2026-01-15' });
  });
});
