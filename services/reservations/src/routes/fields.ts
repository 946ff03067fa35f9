import { RESERVATION_SOURCES, RESERVATION_STATUSES } from '@qtable/contracts';
import { parseDate, parseTime } from '@qtable/zoned-time';
import { z } from 'zod';
import { MAX_JOINED_TABLES } from '../domain/table-sets';

// Field schemas of the reservation bodies and queries: every string bounded, every number
// range-checked, every id a uuid, so nothing malformed reaches the rules or the database.

export const restaurantParams = z.object({ restaurantId: z.uuid() });
export const reservationParams = z.object({ restaurantId: z.uuid(), reservationId: z.uuid() });

export const isoDate = z
  .string()
  .refine((d) => parseDate(d) !== undefined, 'expected a date YYYY-MM-DD')
  .meta({ description: 'A local date in the restaurant zone', example: '2026-06-12' });

export const guestName = z.string().trim().min(1, 'expected a name').max(200, 'expected at most 200 characters');
export const phone = z
  .string()
  .trim()
  .min(3, 'expected a phone number')
  .max(40, 'expected at most 40 characters')
  .regex(/^\+?[0-9 ()./-]+$/, 'expected a phone number: digits, spaces, + ( ) . / -');
export const email = z.email({ error: 'expected an email address' }).max(254, 'expected at most 254 characters');
export const partySize = z.number().int('expected a whole number of guests').min(1, 'expected at least 1 guest').max(100, 'expected at most 100 guests');

/** An instant with its zone designator: `Z` or an offset; a bare local time is ambiguous and refused. */
export const startsAt = z.iso
  .datetime({ offset: true, error: 'expected an ISO-8601 date-time with Z or an offset, e.g. 2026-06-12T17:00:00Z' })
  .refine((v) => parseDate(v.slice(0, 10)) !== undefined, 'expected a date that exists')
  .meta({ description: 'UTC (or offset) instant of the start; on the 15-minute grid', example: '2026-06-12T17:00:00Z' });

/** A wall-clock time in the restaurant's zone, as a guest says it on the phone. */
export const localStartsAt = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected a local date-time YYYY-MM-DDTHH:MM')
  .refine((v) => parseDate(v.slice(0, 10)) !== undefined && parseTime(v.slice(11)) !== undefined, 'expected a date and time that exist on the calendar')
  .meta({ description: "Alternative to startsAt: wall time in the restaurant's zone", example: '2026-06-12T19:00' });

export const durationMinutes = z.number().int('expected whole minutes').min(15, 'expected at least 15 minutes').max(720, 'expected at most 720 minutes');
export const tableIds = z
  .array(z.uuid())
  .min(1, 'expected at least one table')
  .max(MAX_JOINED_TABLES, `expected at most ${MAX_JOINED_TABLES} joined tables`)
  .refine((ids) => new Set(ids).size === ids.length, 'expected each table once');
export const notes = z.string().trim().max(2000, 'expected at most 2000 characters');
export const tags = z
  .array(z.string().trim().min(1).max(40, 'expected tags of at most 40 characters'))
  .max(20, 'expected at most 20 tags')
  .refine((t) => new Set(t).size === t.length, 'expected each tag once');
export const source = z.enum(RESERVATION_SOURCES);
export const status = z.enum(RESERVATION_STATUSES);
/** `version` in a body or query: the version the write is based on (or send If-Match). */
export const version = z.number().int().min(0);

export const oneStart = (b: { startsAt?: string; localStartsAt?: string }) => !(b.startsAt !== undefined && b.localStartsAt !== undefined);
