import { ApiRouter, defineRoute, type JwtAuthenticator } from '@qtable/http';
import { localDateOf } from '@qtable/zoned-time';
import { z } from 'zod';
import { turnMinutesFor } from '../../domain/booking-settings';
import { largestPartySize } from '../../domain/table-sets';
import type { ReservationsDeps } from '../../deps';
import { ruleViolation } from '../../operations/errors';
import { findAvailability, slotView } from '../../operations/find-availability';
import { loadTables, tableInfos } from '../../operations/floor-state';
import { loadRestaurantContext } from '../../operations/restaurant-context';
import { durationMinutes, isoDate, restaurantParams } from '../fields';

const availabilityQuery = z.strictObject({
  date: isoDate,
  partySize: z.coerce.number().int().min(1).max(100),
  durationMinutes: z.coerce.number().pipe(durationMinutes).optional(),
});

const tableOption = z.object({ tableIds: z.array(z.uuid()), tableNumbers: z.array(z.string()), capacity: z.number().int() });
const availabilityResponse = z.object({
  date: z.string(),
  partySize: z.number().int(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  slots: z.array(
    z.object({
      startsAt: z.iso.datetime().meta({ description: 'UTC; send it back as startsAt to book' }),
      localStartsAt: z.string().meta({ description: 'Local wall time with offset (the repeated hour appears twice, with different offsets)' }),
      localTime: z.string(),
      period: z.string(),
      tables: z.array(tableOption).meta({ description: 'Free tables for the whole turn, best (smallest) fit first' }),
    }),
  ),
});

export function availabilityRouter(deps: ReservationsDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator }).add(
    defineRoute({
      method: 'get',
      path: '/restaurants/:restaurantId/availability',
      operationId: 'getAvailability',
      summary: 'Bookable start times of a local service day for a party, with candidate tables',
      tags: ['reservations'],
      access: { permission: 'read' } as const,
      params: restaurantParams,
      query: availabilityQuery,
      responses: {
        200: { description: 'Bookable start times (15-minute grid within service periods), in local time and UTC', schema: availabilityResponse },
        422: { description: 'date_in_past, or party_too_large for every table and joinable set' },
      },
      handler: async ({ params, query }) => {
        const started = process.hrtime.bigint();
        const em = deps.em();
        const now = deps.clock.now();
        const ctx = await loadRestaurantContext(em, params.restaurantId);
        if (query.date < localDateOf(now.getTime(), ctx.timeZone)) throw ruleViolation('date_in_past', `${query.date} is in the past`, { date: query.date });
        const largest = largestPartySize(tableInfos(await loadTables(em, params.restaurantId)));
        if (query.partySize > largest) {
          throw ruleViolation('party_too_large', `No table or joinable set seats ${query.partySize}; the largest seats ${largest}`, { partySize: query.partySize, largestPartySize: largest });
        }
        const duration = query.durationMinutes ?? turnMinutesFor(ctx.rules, query.partySize);
        const slots = await findAvailability(em, ctx, { serviceDate: query.date, partySize: query.partySize, durationMinutes: duration, now });
        deps.metrics.availabilitySeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
        return {
          status: 200,
          body: { date: query.date, partySize: query.partySize, durationMinutes: duration, timeZone: ctx.timeZone, slots: slots.map((s) => slotView(s, ctx.timeZone)) },
        };
      },
    }),
  );
}
