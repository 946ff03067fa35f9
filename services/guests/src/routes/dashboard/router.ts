import { GuestView, TABLE_STATUSES } from '@qtable/contracts';
import { ApiRouter, defineRoute, type JwtAuthenticator } from '@qtable/http';
import { z } from 'zod';
import type { GuestsDeps } from '../../deps';
import { dashboard } from '../../operations/dashboard';

const params = z.object({ restaurantId: z.uuid() });

export const dashboardResponse = z
  .object({
    restaurantId: z.uuid(),
    cursor: z.string().meta({ description: 'Realtime cursor read before the snapshot: resume with since=cursor' }),
    generatedAt: z.iso.datetime(),
    tables: z.array(
      z.looseObject({
        id: z.uuid(),
        number: z.string(),
        status: z.enum(TABLE_STATUSES),
        partyId: z.uuid().nullable(),
        party: z.object({ id: z.uuid(), guestName: z.string(), partySize: z.number().int(), seatedAt: z.iso.datetime(), elapsedMinutes: z.number().int() }).nullable(),
      }),
    ),
    waitlist: z.array(GuestView.extend({ waitedMinutes: z.number().int(), estimatedWaitMinutes: z.number().int().nullable() })),
    seated: z.array(
      GuestView.extend({
        elapsedMinutes: z.number().int(),
        tableIssues: z.array(z.object({ tableId: z.uuid(), issue: z.enum(['table_deleted', 'table_out_of_service']) })).meta({ description: 'Tables floor deleted or set out of service under the party' }),
      }),
    ),
    counts: z.object({
      partiesWaiting: z.number().int(),
      coversWaiting: z.number().int(),
      partiesSeated: z.number().int(),
      coversSeated: z.number().int(),
      tablesTotal: z.number().int(),
      tablesAvailable: z.number().int(),
      tablesOccupied: z.number().int(),
      tablesReserved: z.number().int(),
      tablesOutOfService: z.number().int(),
      partiesSeatedToday: z.number().int(),
      coversSeatedToday: z.number().int(),
      averageWaitMinutesToday: z.number().nullable(),
      dayStartsAt: z.iso.datetime().meta({ description: "Start of today's figures: local midnight in the restaurant's zone (UTC midnight while the zone is unknown)" }),
      dayEndsAt: z.iso.datetime().meta({ description: 'The next local midnight (exclusive); 23 or 25 hours after dayStartsAt on a clock-change day' }),
      dayBasis: z.string().meta({ description: 'The IANA zone of the restaurant that defines "today", or "UTC" while guests has not learned it from auth' }),
    }),
    turnTimes: z.record(z.string(), z.number()),
  })
  .meta({ id: 'Dashboard' });

/** The new path and the seed's legacy one answer the same body. */
export function dashboardRouter(deps: GuestsDeps, authenticator: JwtAuthenticator): ApiRouter {
  const router = new ApiRouter({ authenticator });
  for (const [path, operationId] of [
    ['/api/v1/dashboard/:restaurantId', 'getDashboard'],
    ['/restaurants/:restaurantId/dashboard-data', 'getDashboardLegacy'],
  ] as const) {
    router.add(
      defineRoute({
        method: 'get',
        path,
        operationId,
        summary: 'Tables with status and party, the waitlist with quotes and waits, seated parties, counts, and the realtime cursor',
        tags: ['dashboard'],
        access: { permission: 'read' } as const,
        params,
        responses: { 200: { description: 'A consistent snapshot', schema: dashboardResponse } },
        handler: async ({ params: p }) => ({ status: 200, body: await dashboard(deps, p.restaurantId), headers: { 'Cache-Control': 'no-store' } }),
      }),
    );
  }
  return router;
}
