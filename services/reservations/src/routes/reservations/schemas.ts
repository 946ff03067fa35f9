import { ReservationView } from '@qtable/contracts';
import { z } from 'zod';
import * as f from '../fields';

export const createReservationBody = z
  .strictObject({
    guestName: f.guestName,
    phone: f.phone.nullable().optional(),
    email: f.email.nullable().optional(),
    partySize: f.partySize,
    startsAt: f.startsAt.optional(),
    localStartsAt: f.localStartsAt.optional(),
    durationMinutes: f.durationMinutes.optional().meta({ description: "Default: the restaurant's turn time for the party size" }),
    tableIds: f.tableIds.optional().meta({ description: 'Default: the smallest free fit, joined tables if needed' }),
    notes: f.notes.nullable().optional(),
    tags: f.tags.optional(),
    source: f.source.default('phone'),
    status: z.enum(['booked', 'confirmed']).optional(),
  })
  .refine((b) => (b.startsAt === undefined) !== (b.localStartsAt === undefined), { message: 'expected exactly one of startsAt and localStartsAt', path: ['startsAt'] });

/** Fields absent stay as they are; `version` (or If-Match) names the version the change is based on. */
export const updateReservationBody = z
  .strictObject({
    guestName: f.guestName.optional(),
    phone: f.phone.nullable().optional(),
    email: f.email.nullable().optional(),
    partySize: f.partySize.optional(),
    startsAt: f.startsAt.optional(),
    localStartsAt: f.localStartsAt.optional(),
    durationMinutes: f.durationMinutes.optional(),
    tableIds: f.tableIds.optional(),
    notes: f.notes.nullable().optional(),
    tags: f.tags.optional(),
    source: f.source.optional(),
    status: f.status.optional(),
    version: f.version.optional(),
  })
  .refine(f.oneStart, { message: 'expected at most one of startsAt and localStartsAt', path: ['startsAt'] });

const statusList = z
  .string()
  .max(200)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(f.status).max(7));

export const listReservationsQuery = z.strictObject({
  date: f.isoDate.optional(),
  status: statusList.optional().meta({ description: 'Comma-separated statuses, e.g. booked,confirmed' }),
  name: z.string().trim().min(1).max(100).optional().meta({ description: "Part of the guest's name, any case" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** DELETE and arrive take the version as If-Match or `?version=`. */
export const versionQuery = z.strictObject({ version: z.coerce.number().int().min(0).optional() });

export const reservationList = z.array(ReservationView);
