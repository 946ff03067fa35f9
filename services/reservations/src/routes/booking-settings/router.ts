import { ApiRouter, defineRoute, etagOf, expectedVersion, type JwtAuthenticator } from '@qtable/http';
import { z } from 'zod';
import { BookingRules } from '../../domain/booking-settings';
import type { ReservationsDeps } from '../../deps';
import { getBookingSettings, updateBookingSettings } from '../../operations/booking-settings';
import { restaurantParams, version } from '../fields';

const settingsBody = BookingRules.extend({ version: version.optional() });
const settingsResponse = BookingRules.extend({
  restaurantId: z.uuid(),
  timeZone: z.string().meta({ description: "The restaurant's zone (auth's); hours are read in it" }),
  version: z.number().int().meta({ description: '0 while the restaurant books with the defaults' }),
  updatedAt: z.iso.datetime().nullable(),
}).meta({ id: 'BookingSettings' });

const tags = ['reservations'];

export function bookingSettingsRouter(deps: ReservationsDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator })
    .add(
      defineRoute({
        method: 'get',
        path: '/restaurants/:restaurantId/booking-settings',
        operationId: 'getBookingSettings',
        summary: 'Booking rules: opening hours and service periods, turn times, pacing, hold and no-show grace',
        tags,
        access: { permission: 'read' } as const,
        params: restaurantParams,
        responses: { 200: { description: 'The rules; the ETag is the version to send back', schema: settingsResponse } },
        handler: async ({ params }) => {
          const view = await getBookingSettings(deps.em(), params.restaurantId);
          return { status: 200, body: view, headers: { ETag: etagOf(view.version) } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'put',
        path: '/restaurants/:restaurantId/booking-settings',
        operationId: 'updateBookingSettings',
        summary: 'Replace the booking rules (owners and managers) at a known version',
        tags,
        access: { permission: 'configure' } as const,
        params: restaurantParams,
        body: settingsBody,
        responses: {
          200: { description: 'The rules after the change', schema: settingsResponse },
          409: { description: 'version_conflict; details.current is the current state' },
          428: { description: 'No version given (version_required)' },
        },
        handler: async ({ params, body, principal, ctx }) => {
          const { version: bodyVersion, ...rules } = body;
          const view = await updateBookingSettings(deps, principal, params.restaurantId, rules, expectedVersion(ctx, bodyVersion));
          return { status: 200, body: view, headers: { ETag: etagOf(view.version) } };
        },
      }),
    );
}
