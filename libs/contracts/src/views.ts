import { z } from 'zod';

/**
 * The entities as the REST API returns them and as realtime messages carry them in `data`
 * (camelCase, the seed's iOS contract). Owning services build them; everyone else reads.
 */

export const TABLE_SHAPES = ['round', 'square', 'rectangle', 'booth', 'bar'] as const;
export const TABLE_STATUSES = ['available', 'occupied', 'reserved', 'out_of_service'] as const;
export type TableStatus = (typeof TABLE_STATUSES)[number];

export const SectionView = z
  .object({
    id: z.uuid(),
    restaurantId: z.uuid(),
    name: z.string(),
    color: z.string(),
    order: z.number().int(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Section' });
export type SectionView = z.infer<typeof SectionView>;

export const TableView = z
  .object({
    id: z.uuid(),
    restaurantId: z.uuid(),
    number: z.string().meta({ description: 'The label staff say, e.g. "12" or "P3"' }),
    capacity: z.number().int(),
    minCapacity: z.number().int().nullable(),
    shape: z.enum(TABLE_SHAPES),
    x: z.number(),
    y: z.number(),
    width: z.number(),
    height: z.number(),
    rotation: z.number(),
    sectionId: z.uuid().nullable(),
    status: z.enum(TABLE_STATUSES).meta({ description: 'Derived: out of service, else occupied, else reserved, else available' }),
    outOfService: z.boolean(),
    /** The party seated here (a guest id), if any. */
    partyId: z.uuid().nullable(),
    combinableWith: z.array(z.uuid()),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Table' });
export type TableView = z.infer<typeof TableView>;

export const GUEST_STATUSES = ['waiting', 'notified', 'seated', 'completed', 'cancelled', 'no_show'] as const;
export type GuestStatus = (typeof GUEST_STATUSES)[number];

export const GuestView = z
  .object({
    id: z.uuid(),
    restaurantId: z.uuid(),
    guestName: z.string(),
    partySize: z.number().int(),
    phone: z.string().nullable(),
    notes: z.string().nullable(),
    tags: z.array(z.string()),
    status: z.enum(GUEST_STATUSES),
    /** The (first) table the party sits at; the seed's field. */
    tableId: z.uuid().nullable(),
    /** All tables when the party sits at joined tables. */
    tableIds: z.array(z.uuid()),
    quotedWaitMinutes: z.number().int().nullable(),
    /** 1-based place in the waitlist while waiting or notified; null otherwise. */
    position: z.number().int().nullable(),
    reservationId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    notifiedAt: z.iso.datetime().nullable(),
    seatedAt: z.iso.datetime().nullable(),
    completedAt: z.iso.datetime().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Guest' });
export type GuestView = z.infer<typeof GuestView>;
