import { roleAllows, TableView } from '@qtable/contracts';
import { isUniqueViolation } from '@qtable/db';
import { ApiRouter, defineRoute, etagOf, expectedVersion, forbidden, idempotentCreate, type JwtAuthenticator } from '@qtable/http';
import { z } from 'zod';
import type { FloorDeps } from '../../deps';
import { createTable } from '../../operations/create-table';
import { deleteTable } from '../../operations/delete-table';
import { numberTaken } from '../../operations/floor-errors';
import { userActor } from '../../operations/floor-events';
import { getTable, listTables } from '../../operations/list-tables';
import { updateTable } from '../../operations/update-table';
import { staleFromLockError } from '../stale';
import { deleteQuery, restaurantParams } from '../fields';
import { createTableBody, listTablesQuery, OPERATE_FIELDS, tableParams, updateTableBody } from './schemas';

const tags = ['tables'];
const base = '/restaurants/:restaurantId/tables';
const conflicts = { description: 'version_conflict (details.current), table_number_taken, table_occupied, table_limit_reached' };
const refused = { description: 'unknown_section, unknown_table, status_derived, min_capacity_exceeds_capacity' };

/** The unique index decides a race the pre-check lost: the only unique value a table write can collide on is its number. */
async function numberRace<T>(number: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (number !== undefined && isUniqueViolation(err)) throw numberTaken(number);
    throw err;
  }
}

export function tablesRouter(deps: FloorDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator })
    .add(
      defineRoute({
        method: 'get',
        path: base,
        operationId: 'listTables',
        summary: 'Live tables in natural number order, optionally of one section or status',
        tags,
        access: { permission: 'read' } as const,
        params: restaurantParams,
        query: listTablesQuery,
        responses: { 200: { description: 'The tables', schema: z.array(TableView) } },
        handler: async ({ params, query }) => ({ status: 200, body: await listTables(deps.em(), params.restaurantId, query) }),
      }),
    )
    .add(
      defineRoute({
        method: 'post',
        path: base,
        operationId: 'createTable',
        summary: 'Create a table (owners and managers); honours Idempotency-Key',
        tags,
        access: { permission: 'configure' } as const,
        params: restaurantParams,
        body: createTableBody,
        responses: { 201: { description: 'The table', schema: TableView }, 409: conflicts, 422: refused },
        handler: async ({ params, body, principal, ctx }) => {
          const result = await numberRace(body.number, () =>
            idempotentCreate(ctx, deps.em(), { userId: principal.userId, operation: 'floor.createTable' }, async (tx) => {
              const view = await createTable(tx, params.restaurantId, body, userActor(principal.userId));
              return { status: 201, body: view, headers: { Location: `${ctx.path}/${view.id}`, ETag: etagOf(view.version) } };
            }),
          );
          deps.outboxCommitted();
          return result;
        },
      }),
    )
    .add(
      defineRoute({
        method: 'get',
        path: `${base}/:tableId`,
        operationId: 'getTable',
        summary: 'One table; its ETag is the version to send back with PUT or DELETE',
        tags,
        access: { permission: 'read' } as const,
        params: tableParams,
        responses: { 200: { description: 'The table', schema: TableView } },
        handler: async ({ params }) => {
          const view = await getTable(deps.em(), params.restaurantId, params.tableId);
          return { status: 200, body: view, headers: { ETag: etagOf(view.version) } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'put',
        path: `${base}/:tableId`,
        operationId: 'updateTable',
        summary: 'Change a table at a known version. Hosts may only set status out_of_service/available; the rest needs owner or manager',
        tags,
        access: { permission: 'operate' } as const,
        params: tableParams,
        body: updateTableBody,
        responses: {
          200: { description: 'The table after the change', schema: TableView },
          409: conflicts,
          422: refused,
          428: { description: 'No version given (version_required)' },
        },
        handler: async ({ params, body, principal, ctx }) => {
          const configuring = Object.keys(body).some((key) => !OPERATE_FIELDS.has(key));
          if (configuring && !roleAllows(principal.memberships[params.restaurantId], 'configure')) {
            throw forbidden('Hosts may only set a table out of service or back; changing the floor plan needs an owner or manager');
          }
          const expected = expectedVersion(ctx, body.version);
          const outcome = await staleFromLockError(
            () => getTable(deps.em(), params.restaurantId, params.tableId),
            () =>
              numberRace(body.number, () =>
                deps.em().transactional((tx) => updateTable(tx, params.restaurantId, params.tableId, body, expected, userActor(principal.userId))),
              ),
          );
          if (outcome.changed) deps.outboxCommitted();
          return { status: 200, body: outcome.view, headers: { ETag: etagOf(outcome.view.version) } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'delete',
        path: `${base}/:tableId`,
        operationId: 'deleteTable',
        summary: 'Delete a table at a known version (If-Match or ?version=); refused while a party sits there',
        tags,
        access: { permission: 'configure' } as const,
        params: tableParams,
        query: deleteQuery,
        responses: { 204: { description: 'Deleted' }, 409: conflicts, 428: { description: 'No version given (version_required)' } },
        handler: async ({ params, query, principal, ctx }) => {
          const expected = expectedVersion(ctx, query.version);
          await staleFromLockError(
            () => getTable(deps.em(), params.restaurantId, params.tableId),
            () => deps.em().transactional((tx) => deleteTable(tx, params.restaurantId, params.tableId, expected, userActor(principal.userId))),
          );
          deps.outboxCommitted();
          return { status: 204 };
        },
      }),
    );
}
