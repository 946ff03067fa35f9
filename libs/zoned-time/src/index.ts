// Time in a restaurant's IANA zone, with Intl only: what guests' "today" and reservations'
// opening hours, start times and clock changes are computed with. See zone-offset.ts for the
// "wall value" encoding every function here speaks.
export { DAY_MS, MINUTE_MS, isKnownTimeZone, offsetAt, wallOf } from './zone-offset';
export { firstInstantAtOrAfter, resolveWall, type LocalResolution } from './resolve-wall';
export { WEEKDAYS, addDays, formatDate, parseDate, parseTime, weekdayOf, type Weekday } from './calendar';
export { formatOffset, localDateOf, localIso, localTimeOf } from './local-format';
export { localDayOf, utcDayOf, type LocalDay } from './local-day';
