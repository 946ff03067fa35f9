import type { TableStatus } from '@qtable/contracts';

export type OutOfServiceRequest =
  | { ok: true; outOfService: boolean | undefined }
  | { ok: false; reason: 'derived_status' | 'contradiction'; status?: TableStatus };

/**
 * What a write asks of the one status fact the floor owns. Clients may say it the seed's
 * way (`status: "out_of_service" | "available"`) or directly (`outOfService`). `occupied`
 * and `reserved` are not facts of the floor (guests seat parties, reservations hold
 * tables), so asking for them is refused, as is a request that contradicts itself.
 */
export function outOfServiceRequest(status: TableStatus | undefined, outOfService: boolean | undefined): OutOfServiceRequest {
  if (status === 'occupied' || status === 'reserved') return { ok: false, reason: 'derived_status', status };
  const fromStatus = status === undefined ? undefined : status === 'out_of_service';
  if (fromStatus !== undefined && outOfService !== undefined && fromStatus !== outOfService) return { ok: false, reason: 'contradiction' };
  return { ok: true, outOfService: outOfService ?? fromStatus };
}
