import { addDays, localIso, parseDate, parseTime, resolveWall, weekdayOf, localDateOf, MINUTE_MS } from './zoned-time';

const wall = (date: string, time: string) => parseDate(date)! + parseTime(time)! * MINUTE_MS;
const iso = (ms: number) => new Date(ms).toISOString();

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
});

describe('local formatting', () => {
  it('writes both passes of the repeated hour with their own offsets', () => {
    expect(localIso(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00');
    expect(localIso(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30:00+01:00');
    expect(localIso(Date.parse('2026-06-12T13:15:00Z'), 'Asia/Kathmandu')).toBe('2026-06-12T19:00:00+05:45');
    expect(localIso(Date.parse('2026-01-01T03:00:00Z'), 'America/New_York')).toBe('2025-12-31T22:00:00-05:00');
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
