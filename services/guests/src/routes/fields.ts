import { GUEST_STATUSES } from '@qtable/contracts';
import { z } from 'zod';

// Field schemas shared by the guest and batch bodies: bounded, typed, trimmed.

export const guestName = z.string().trim().min(1, 'expected a name').max(200, 'expected at most 200 characters');
export const partySize = z.number().int('expected a whole number').min(1, 'a party has at least 1 guest').max(100, 'a party has at most 100 guests');
export const phone = z
  .string()
  .trim()
  .max(40, 'expected at most 40 characters')
  .regex(/^[0-9+()\-.\sxX#*]*$/, 'expected a phone number (digits, spaces, + - ( ) . x)');
export const notes = z.string().max(2000, 'expected at most 2000 characters');
export const tags = z.array(z.string().trim().min(1).max(40, 'expected at most 40 characters')).max(20, 'expected at most 20 tags');
export const guestStatus = z.enum(GUEST_STATUSES);
export const tableIds = z
  .array(z.uuid())
  .max(8, 'expected at most 8 joined tables')
  .refine((ids) => new Set(ids).size === ids.length, 'expected distinct table ids');
export const quotedWaitMinutes = z.number().int().min(0).max(600, 'expected at most 600 minutes');
export const version = z.number().int().positive();

/** Creation fields; a party starts waiting, or seated (a walk-in) with its tables. */
export const createGuestFields = {
  guestName,
  partySize,
  phone: phone.nullable().optional(),
  notes: notes.nullable().optional(),
  tags: tags.optional(),
  status: z.enum(['waiting', 'seated']).optional().meta({ description: 'waiting (default) or seated with tableId/tableIds' }),
  tableId: z.uuid().nullable().optional(),
  tableIds: tableIds.optional(),
  quotedWaitMinutes: quotedWaitMinutes.nullable().optional().meta({ description: 'The quote given; estimated when absent' }),
  reservationId: z.uuid().nullable().optional(),
  overrideCapacity: z.boolean().optional().meta({ description: 'Seat beyond the tables’ capacity (managers and owners)' }),
};

/** Update fields: absent means unchanged. */
export const updateGuestFields = {
  guestName: guestName.optional(),
  partySize: partySize.optional(),
  phone: phone.nullable().optional(),
  notes: notes.nullable().optional(),
  tags: tags.optional(),
  status: guestStatus.optional(),
  tableId: z.uuid().nullable().optional(),
  tableIds: tableIds.optional(),
  quotedWaitMinutes: quotedWaitMinutes.nullable().optional(),
  reservationId: z.uuid().nullable().optional(),
  overrideCapacity: z.boolean().optional(),
};

/**
 * Read-only GuestView fields a client may send back unchanged (PUT of the whole object it
 * read); they are ignored. Anything else unknown is refused.
 */
export const echoedViewFields = {
  id: z.uuid().optional(),
  restaurantId: z.uuid().optional(),
  position: z.number().int().nullable().optional(),
  createdAt: z.string().max(40).optional(),
  notifiedAt: z.string().max(40).nullable().optional(),
  seatedAt: z.string().max(40).nullable().optional(),
  completedAt: z.string().max(40).nullable().optional(),
};

