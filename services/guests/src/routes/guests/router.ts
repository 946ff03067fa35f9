import { GuestView } from '@qtable/contracts';
import { ApiRouter, badRequest, defineRoute, etagOf, expectedVersion, idempotentCreate, type JwtAuthenticator } from '@qtable/http';
import { z } from 'zod';
import type { GuestsDeps } from '../../deps';
import { decodeCursor } from '../../domain/list-cursor';
import { changeGuest } from '../../operations/change-guest';
import { createGuest, isWaitlistJoin, joinWaitlist } from '../../operations/create-guest';
import { deleteGuest } from '../../operations/delete-guest';
import { settle } from '../../operations/failures';
import { findGuest, requireVersion } from '../../operations/find-guest';
import { viewOf } from '../../operations/guest-view';
import { listGuests } from '../../operations/list-guests';
import { quoteForNewParty } from '../../operations/quote-wait';
import { callerOf, warningHeaders } from '../caller';
import { requestedTables } from '../../operations/requested-tables';
import { createGuestBody, deleteGuestQuery, guestParams, listGuestsQuery, restaurantParams, updateGuestBody, waitQuoteQuery, waitQuoteResponse } from './schemas';

const tags = ['guests'];

/** Runs a write transaction; failures that need the current state are answered after rollback. */
async function inTransaction<T>(deps: GuestsDeps, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw await settle(err, deps.em);
  }
}

const created = (restaurantId: string, view: GuestView, warnings: string[]) => ({
  status: 201,
  body: view,
  headers: { Location: `/restaurants/${restaurantId}/guests/${view.id}`, ETag: etagOf(view.version), ...warningHeaders(warnings) },
});

export function guestsRouter(deps: GuestsDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator })
    .add(
      defineRoute({
        method: 'get',
        path: '/restaurants/:restaurantId/guests',
        operationId: 'listGuests',
        summary: 'Parties, waitlist first in order; body is the array, X-Total-Count and X-Next-Cursor headers page it',
        tags,
        access: { permission: 'read' } as const,
        params: restaurantParams,
        query: listGuestsQuery,
        responses: { 200: { description: 'One page of parties', schema: z.array(GuestView) } },
        handler: async ({ params, query }) => {
          const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
          if (after === null) throw badRequest('invalid_cursor', 'cursor is not one this API returned');
          const page = await listGuests(deps.em(), params.restaurantId, {
            search: query.search,
            statuses: query.status,
            tableId: query.tableId,
            createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
            createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
            limit: query.limit,
            offset: query.offset,
            after,
          });
          const headers: Record<string, string> = { 'X-Total-Count': String(page.total) };
          if (page.nextCursor) headers['X-Next-Cursor'] = page.nextCursor;
          return { status: 200, body: page.guests, headers };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'post',
        path: '/restaurants/:restaurantId/guests',
        operationId: 'createGuest',
        summary: 'Add a party to the waitlist (quoted), or seat a walk-in at once; honours Idempotency-Key',
        tags,
        access: { permission: 'operate' } as const,
        params: restaurantParams,
        body: createGuestBody,
        responses: {
          201: { description: 'The party', schema: GuestView },
          409: { description: 'table_occupied, table_out_of_service' },
          422: { description: 'unknown_table, party_exceeds_capacity, table_required, idempotency_key_reused' },
        },
        handler: async ({ principal, params, body, ctx }) => {
          const caller = callerOf(principal, params.restaurantId);
          const input = { ...body, tableIds: requestedTables(body) };
          if (isWaitlistJoin(input) && !ctx.get('Idempotency-Key')) {
            const view = await joinWaitlist(deps, deps.em(), params.restaurantId, input, caller);
            deps.outboxCommitted();
            return created(params.restaurantId, view, []);
          }
          const result = await inTransaction(deps, () =>
            idempotentCreate(ctx, deps.em(), { userId: principal.userId, operation: `guests.create:${params.restaurantId}` }, async (tx) => {
              const { view, warnings } = await createGuest(deps, tx, params.restaurantId, input, caller);
              return created(params.restaurantId, view, warnings);
            }),
          );
          if (result.headers?.['Idempotent-Replayed'] !== 'true') deps.outboxCommitted();
          return result;
        },
      }),
    )
    .add(
      defineRoute({
        method: 'get',
        path: '/restaurants/:restaurantId/wait-quote',
        operationId: 'quoteWait',
        summary: 'How long a party of this size would wait if it joined the waitlist now',
        tags,
        access: { permission: 'read' } as const,
        params: restaurantParams,
        query: waitQuoteQuery,
        responses: { 200: { description: 'The quote (null without tables in service)', schema: waitQuoteResponse } },
        handler: async ({ params, query }) => {
          const { quote, queued } = await quoteForNewParty(deps, deps.em(), params.restaurantId, query.partySize, deps.now());
          return { status: 200, body: { partySize: query.partySize, quotedWaitMinutes: quote, partiesAhead: queued } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'get',
        path: '/restaurants/:restaurantId/guests/:guestId',
        operationId: 'getGuest',
        summary: 'One party; its ETag is the version to send back with PUT or DELETE',
        tags,
        access: { permission: 'read' } as const,
        params: guestParams,
        responses: { 200: { description: 'The party', schema: GuestView } },
        handler: async ({ params }) => {
          const em = deps.em();
          const view = await viewOf(em, await findGuest(em, params.restaurantId, params.guestId));
          return { status: 200, body: view, headers: { ETag: etagOf(view.version) } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'put',
        path: '/restaurants/:restaurantId/guests/:guestId',
        operationId: 'updateGuest',
        summary: 'Edit a party or change its status: notify, seat ({"status":"seated","tableId"}), move, complete, cancel, no-show',
        tags,
        access: { permission: 'operate' } as const,
        params: guestParams,
        body: updateGuestBody,
        responses: {
          200: { description: 'The party after the change', schema: GuestView },
          403: { description: 'overrideCapacity without the override permission' },
          409: { description: 'version_conflict (details.current), illegal_transition (details.allowed), table_occupied (details.occupiedBy), table_out_of_service' },
          422: { description: 'unknown_table, tables_not_combinable, party_exceeds_capacity, table_required, tables_need_seating' },
          428: { description: 'No version given (version_required)' },
        },
        handler: async ({ principal, params, body, ctx }) => {
          if (body.id !== undefined && body.id !== params.guestId) throw badRequest('id_mismatch', 'The body names another guest than the path');
          const expected = expectedVersion(ctx, body.version);
          const caller = callerOf(principal, params.restaurantId);
          const outcome = await inTransaction(deps, () =>
            deps.em().transactional(async (tx) => {
              const guest = await findGuest(tx, params.restaurantId, params.guestId);
              await requireVersion(tx, guest, expected);
              return changeGuest(deps, tx, guest, { ...body, tableIds: requestedTables(body) }, caller);
            }),
          ).catch((err: unknown) => {
            if (body.status === 'seated') deps.counters.seatings.inc({ outcome: (err as { code?: string }).code ?? 'error' });
            throw err;
          });
          if (outcome.result !== 'unchanged') deps.outboxCommitted();
          if (body.status === 'seated' && outcome.result === 'status_changed') deps.counters.seatings.inc({ outcome: 'seated' });
          return { status: 200, body: outcome.view, headers: { ETag: etagOf(outcome.view.version), ...warningHeaders(outcome.warnings) } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'delete',
        path: '/restaurants/:restaurantId/guests/:guestId',
        operationId: 'deleteGuest',
        summary: 'Remove a party entered by mistake (frees its tables), at a known version',
        tags,
        access: { permission: 'operate' } as const,
        params: guestParams,
        query: deleteGuestQuery,
        responses: {
          204: { description: 'Deleted' },
          409: { description: 'Stale version (version_conflict); details.current is the current state' },
          428: { description: 'No version given (If-Match or ?version=)' },
        },
        handler: async ({ principal, params, query, ctx }) => {
          const expected = expectedVersion(ctx, query.version);
          await inTransaction(deps, () =>
            deps.em().transactional(async (tx) => {
              const guest = await findGuest(tx, params.restaurantId, params.guestId);
              await requireVersion(tx, guest, expected);
              await deleteGuest(deps, tx, guest, principal.userId);
            }),
          );
          deps.outboxCommitted();
          return { status: 204 };
        },
      }),
    );
}
