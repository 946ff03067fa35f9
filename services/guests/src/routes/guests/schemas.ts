import { GUEST_STATUSES } from '@qtable/contracts';
import { z } from 'zod';
import { createGuestFields, echoedViewFields, guestStatus, updateGuestFields, version } from '../fields';

export const restaurantParams = z.object({ restaurantId: z.uuid() });
export const guestParams = z.object({ restaurantId: z.uuid(), guestId: z.uuid() });

export const createGuestBody = z.strictObject(createGuestFields);

/** Absent fields are unchanged; `version` (or If-Match) names the version the change is based on. */
export const updateGuestBody = z.strictObject({ ...updateGuestFields, ...echoedViewFields, version: version.optional() });

/** `status=waiting,notified` or `status=waiting&status=notified`. */
const statusList = z.preprocess(
  (value) => (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).map((v) => (typeof v === 'string' ? v.trim() : v)),
  z.array(guestStatus).min(1).max(GUEST_STATUSES.length),
);
const single = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), schema);

export const listGuestsQuery = z
  .strictObject({
    search: single(z.string().trim().min(1).max(100)).optional().meta({ description: 'Part of the name, case-insensitive' }),
    status: statusList.optional(),
    tableId: single(z.uuid()).optional().meta({ description: 'Parties that sat (or sit) at this table' }),
    createdFrom: single(z.iso.datetime({ offset: true })).optional(),
    createdTo: single(z.iso.datetime({ offset: true })).optional(),
    limit: single(z.coerce.number().int().min(1).max(200)).default(50),
    offset: single(z.coerce.number().int().min(0).max(100_000)).optional(),
    cursor: single(z.string().min(1).max(200)).optional().meta({ description: 'X-Next-Cursor of the previous page' }),
  })
  .refine((q) => q.offset === undefined || q.cursor === undefined, 'send either offset or cursor, not both');

export const deleteGuestQuery = z.strictObject({
  version: single(z.coerce.number().int().positive()).optional().meta({ description: 'The version read (or send If-Match)' }),
});

export const waitQuoteQuery = z.strictObject({ partySize: single(z.coerce.number().int().min(1).max(100)) });

export const waitQuoteResponse = z.object({
  partySize: z.number().int(),
  quotedWaitMinutes: z.number().int().nullable(),
  partiesAhead: z.number().int(),
});
