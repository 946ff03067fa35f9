import { isKnownTimeZone, localDayOf, utcDayOf } from './local-day';

const hours = (day: { start: Date; end: Date }) => (day.end.getTime() - day.start.getTime()) / 3_600_000;

describe('local service day', () => {
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

  it('falls back to the UTC day and knows real zones from typos', () => {
    expect(utcDayOf(new Date('2026-01-15T23:59:00Z'))).toEqual({ start: new Date('2026-01-15T00:00:00Z'), end: new Date('2026-01-16T00:00:00Z'), date: '2026-01-15' });
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
