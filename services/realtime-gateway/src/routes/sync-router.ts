import { ApiRouter, defineRoute, ErrorBodySchema, HttpError, type JwtAuthenticator } from '@qtable/http';
import type { RealtimeLog } from '@qtable/realtime-log';
import { z } from 'zod';

const realtimeMessageSchema = z
  .object({
    type: z.string(),
    restaurant_id: z.string(),
    guest_id: z.string().optional(),
    table_id: z.string().optional(),
    reservation_id: z.string().optional(),
    section_id: z.string().optional(),
    action: z.string(),
    timestamp: z.string().meta({ example: '2025-09-02T06:03:11.039837Z' }),
    data: z.record(z.string(), z.unknown()),
    cursor: z.string(),
  })
  .meta({ id: 'RealtimeMessage', description: 'A realtime message, as Socket.IO and the WebSocket deliver it' });

const syncResponse = z.object({
  messages: z.array(realtimeMessageSchema),
  cursor: z.string().meta({ description: 'Resume after this: the last message returned, or `since` when there was none' }),
  hasMore: z.boolean().meta({ description: 'More messages follow: call again with `cursor`' }),
});

/**
 * `GET /restaurants/{id}/sync?since=` — what a device that was offline missed: the log's
 * messages after its cursor (paged), or 410 `cursor_expired` when the log no longer
 * covers the gap (refetch the dashboard snapshot).
 */
export function syncRouter(log: RealtimeLog, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator }).add(
    defineRoute({
      method: 'get',
      path: '/restaurants/:restaurantId/sync',
      operationId: 'syncRealtime',
      summary: 'Realtime messages after a cursor, for a device that was offline',
      tags: ['realtime'],
      access: { permission: 'read' } as const,
      params: z.strictObject({ restaurantId: z.uuid() }),
      query: z.strictObject({
        since: z.string().min(1).max(64).meta({ description: 'The last cursor the device has (from a message or the dashboard snapshot)' }),
        limit: z.coerce.number().int().min(1).max(1000).default(500),
      }),
      responses: {
        200: { description: 'Messages after `since`, oldest first', schema: syncResponse },
        410: { description: 'cursor_expired: the cursor is older than the retained history; refetch the snapshot', schema: ErrorBodySchema },
        503: { description: 'realtime_log_unavailable: the log cannot be read right now; retry', schema: ErrorBodySchema },
      },
      handler: async ({ params, query }) => {
        let page;
        try {
          page = await log.readAfter(params.restaurantId, query.since, query.limit + 1);
        } catch {
          throw new HttpError(503, 'realtime_log_unavailable', 'The realtime log cannot be read right now; retry shortly', undefined, { 'Retry-After': '2' });
        }
        if (page.status === 'expired') {
          throw new HttpError(
            410,
            'cursor_expired',
            `This cursor is older than the retained history: refetch the snapshot at /api/v1/dashboard/${params.restaurantId} and resume from its cursor`,
            { snapshot: `/api/v1/dashboard/${params.restaurantId}` },
          );
        }
        const messages = page.messages.slice(0, query.limit);
        const cursor = messages.length > 0 ? messages[messages.length - 1]!.cursor : query.since;
        return { status: 200, body: { messages, cursor, hasMore: page.messages.length > query.limit }, headers: { 'Cache-Control': 'no-store' } };
      },
    }),
  );
}
