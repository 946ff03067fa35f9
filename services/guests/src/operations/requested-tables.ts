import { badRequest } from '@qtable/http';

/**
 * The tables a body names, from the seed's `tableId` and/or `tableIds` (joined tables):
 * undefined when neither is sent, [] for an explicit null/empty. When both are sent the
 * first of `tableIds` must be `tableId` (the view's convention).
 */
export function requestedTables(body: { tableId?: string | null; tableIds?: string[] }): string[] | undefined {
  if (body.tableIds !== undefined) {
    if (body.tableId && body.tableIds.length > 0 && body.tableIds[0] !== body.tableId) {
      throw badRequest('table_mismatch', 'tableId must be the first of tableIds (or send only one of them)');
    }
    if (body.tableId && body.tableIds.length === 0) return [body.tableId];
    return body.tableIds;
  }
  if (body.tableId === undefined) return undefined;
  return body.tableId === null ? [] : [body.tableId];
}
