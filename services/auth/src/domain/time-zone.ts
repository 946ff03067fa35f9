// IANA names only ("Europe/Paris", "UTC"): Intl alone would also take offsets such as
// "+05:00" on newer Node versions, which are not zones (no DST rules) and break schedules.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * The zone as given, with its case corrected ("utc" → "UTC"), or undefined when unknown.
 * Links are kept as sent: ICU would turn "Asia/Kolkata" into the older "Asia/Calcutta",
 * which a restaurant in Kolkata would not recognise as its own.
 */
export function canonicalTimeZone(value: string): string | undefined {
  if (value.length > 64 || !ZONE_NAME.test(value)) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
}

export const isValidTimeZone = (value: string): boolean => canonicalTimeZone(value) !== undefined;
