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

export const RESERVATION_STATUSES = ['booked', 'confirmed', 'arrived', 'seated', 'completed', 'cancelled', 'no_show'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];
export const RESERVATION_SOURCES = ['phone', 'walk-in', 'web', 'partner'] as const;
export type ReservationSource = (typeof RESERVATION_SOURCES)[number];

/** A booking, as the reservations service returns it and as `reservation_*` realtime messages carry it. */
export const ReservationView = z
  .object({
    id: z.uuid(),
    restaurantId: z.uuid(),
    guestName: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    partySize: z.number().int(),
    startsAt: z.iso.datetime().meta({ description: 'UTC instant the booking starts' }),
    endsAt: z.iso.datetime().meta({ description: 'startsAt + durationMinutes (UTC)' }),
    durationMinutes: z.number().int(),
    timeZone: z.string().meta({ description: "The restaurant's IANA time zone", example: 'Europe/Berlin' }),
    localStartsAt: z.string().meta({ description: 'The start in the restaurant zone, ISO-8601 with its offset', example: '2026-10-25T02:30:00+01:00' }),
    serviceDate: z.string().meta({ description: 'The local service day (YYYY-MM-DD) whose service period the booking belongs to' }),
    tableIds: z.array(z.uuid()),
    status: z.enum(RESERVATION_STATUSES),
    notes: z.string().nullable(),
    tags: z.array(z.string()),
    source: z.enum(RESERVATION_SOURCES),
    /** The guests-service party created for the booking when it arrived or was seated. */
    guestId: z.uuid().nullable(),
    arrivedAt: z.iso.datetime().nullable(),
    seatedAt: z.iso.datetime().nullable(),
    completedAt: z.iso.datetime().nullable(),
    cancelledAt: z.iso.datetime().nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Reservation' });
export type ReservationView = z.infer<typeof ReservationView>;
