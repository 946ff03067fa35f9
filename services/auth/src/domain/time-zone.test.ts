import { canonicalTimeZone, isValidTimeZone } from './time-zone';

describe('time zones', () => {
  it('accepts IANA names, keeping links as sent and correcting case', () => {
    expect(canonicalTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
  });

  it.each(['Mars/Olympus_Mons', '+05:00', 'Europe/', '', 'x'.repeat(65), 'Europe/Paris; drop table'])('rejects %p', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});
