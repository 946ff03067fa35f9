import { ReservationView } from '@qtable/contracts';
import { ApiRouter, defineRoute, etagOf, expectedVersion, idempotentCreate, type JwtAuthenticator } from '@qtable/http';
import type { ReservationsDeps } from '../../deps';
import { createReservation } from '../../operations/create-reservation';
import { getReservation, listReservations } from '../../operations/list-reservations';
import { updateReservation } from '../../operations/update-reservation';
import { reservationParams, restaurantParams } from '../fields';
import { createReservationBody, listReservationsQuery, reservationList, updateReservationBody, versionQuery } from './schemas';

const tags = ['reservations'];
const BOOKING_FAILURES = {
  409: { description: 'slot_unavailable: no fitting table free for the whole turn, or pacing full; details.alternatives lists the nearest free times and tables' },
  422: {
    description:
      'A booking rule refused it, nothing written: date_in_past, too_far_ahead, off_grid, outside_service_hours, party_too_large, unknown_tables, tables_not_combinable, tables_too_small, nonexistent_local_time, ambiguous_local_time',
  },
  503: { description: 'restaurant_not_synced: the restaurant has not reached reservations yet; retry' },
};
const VERSIONED = {
  409: { description: 'version_conflict (details.current is the current state), invalid_transition, or slot_unavailable' },
  428: { description: 'No version given (version_required)' },
};

// `access: ... as const`: inside ApiRouter.add(), TypeScript would otherwise infer the access
// type from add()'s `any` parameter and type `principal` as possibly undefined.
export function reservationsRouter(deps: ReservationsDeps, authenticator: JwtAuthenticator): ApiRouter {
  const outcome = (result: string) => deps.metrics.bookings.inc({ outcome: result });
  return new ApiRouter({ authenticator })
    .add(
      defineRoute({
        method: 'get',
        path: '/restaurants/:restaurantId/reservations',
        operationId: 'listReservations',
        summary: 'Reservations of a service day (local date), by status or name, in start order, a page at a time',
        tags,
        access: { permission: 'read' } as const,
        params: restaurantParams,
        query: listReservationsQuery,
        responses: { 200: { description: 'A page of reservations (a JSON array, like the guests list); X-Total-Count, and X-Next-Offset while there is more', schema: reservationList } },
        handler: async ({ params, query }) => {
          const page = await listReservations(deps.em(), params.restaurantId, query);
          const next = query.offset + page.items.length;
          const headers: Record<string, string> = { 'X-Total-Count': String(page.total), ...(next < page.total ? { 'X-Next-Offset': String(next) } : {}) };
          return { status: 200, body: page.items, headers };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'post',
        path: '/restaurants/:restaurantId/reservations',
        operationId: 'createReservation',
        summary: 'Book a table (or joined tables); honours Idempotency-Key',
        tags,
        access: { permission: 'operate' } as const,
        params: restaurantParams,
        body: createReservationBody,
        responses: { 201: { description: 'The reservation', schema: ReservationView }, ...BOOKING_FAILURES },
        handler: async ({ params, body, principal, ctx }) => {
          try {
            const result = await idempotentCreate(ctx, deps.em(), { userId: principal.userId, operation: 'reservations.create' }, async (em) => {
              const view = await createReservation(deps, em, principal, params.restaurantId, body);
              return { status: 201, body: view, headers: { Location: `/restaurants/${params.restaurantId}/reservations/${view.id}`, ETag: etagOf(view.version) } };
            });
            deps.outboxCommitted();
            outcome('booked');
            return result;
          } catch (err) {
            outcome((err as { code?: string }).code === 'slot_unavailable' ? 'slot_unavailable' : 'rejected');
            throw err;
          }
        },
      }),
    )
    .add(
      defineRoute({
        method: 'get',
        path: '/restaurants/:restaurantId/reservations/:reservationId',
        operationId: 'getReservation',
        summary: 'One reservation; its ETag is the version to send back',
        tags,
        access: { permission: 'read' } as const,
        params: reservationParams,
        responses: { 200: { description: 'The reservation', schema: ReservationView } },
        handler: async ({ params }) => {
          const view = await getReservation(deps.em(), params.restaurantId, params.reservationId);
          return { status: 200, body: view, headers: { ETag: etagOf(view.version) } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'put',
        path: '/restaurants/:restaurantId/reservations/:reservationId',
        operationId: 'updateReservation',
        summary: 'Change a reservation at a known version: contact, notes, time, party size, tables, status',
        tags,
        access: { permission: 'operate' } as const,
        params: reservationParams,
        body: updateReservationBody,
        responses: { 200: { description: 'The reservation after the change', schema: ReservationView }, ...BOOKING_FAILURES, ...VERSIONED },
        handler: async ({ params, body, principal, ctx }) => {
          const { version, ...changes } = body;
          const view = await updateReservation(deps, principal, params.restaurantId, params.reservationId, changes, expectedVersion(ctx, version));
          return { status: 200, body: view, headers: { ETag: etagOf(view.version) } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'delete',
        path: '/restaurants/:restaurantId/reservations/:reservationId',
        operationId: 'cancelReservation',
        summary: 'Cancel a reservation at a known version (If-Match or ?version=); its tables are free again',
        tags,
        access: { permission: 'operate' } as const,
        params: reservationParams,
        query: versionQuery,
        responses: { 200: { description: 'The cancelled reservation', schema: ReservationView }, ...VERSIONED },
        handler: async ({ params, query, principal, ctx }) => {
          const view = await updateReservation(deps, principal, params.restaurantId, params.reservationId, { status: 'cancelled' }, expectedVersion(ctx, query.version));
          return { status: 200, body: view, headers: { ETag: etagOf(view.version) } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'post',
        path: '/restaurants/:restaurantId/reservations/:reservationId/arrive',
        operationId: 'arriveReservation',
        summary: 'Check the party in (arrived) at a known version (If-Match or ?version=); then seat it through guests with reservationId',
        tags,
        access: { permission: 'operate' } as const,
        params: reservationParams,
        query: versionQuery,
        responses: { 200: { description: 'The arrived reservation', schema: ReservationView }, ...VERSIONED },
        handler: async ({ params, query, principal, ctx }) => {
          const view = await updateReservation(deps, principal, params.restaurantId, params.reservationId, { status: 'arrived' }, expectedVersion(ctx, query.version));
          return { status: 200, body: view, headers: { ETag: etagOf(view.version) } };
        },
      }),
    );
}
