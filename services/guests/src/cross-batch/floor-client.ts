import type { FloorBatchOperation, PrepareBatchRequest } from '@qtable/contracts';
import { HttpError } from '@qtable/http';
import type { GuestsDeps } from '../deps';

/** Floor could not be asked, or did not answer as floor answers: the batch cannot prepare. */
export class FloorUnavailable extends Error {
  constructor(
    readonly reason: string,
    /** Whether floor may have prepared anyway (the request may have reached it): then guests records an abort. */
    readonly maybePrepared: boolean,
  ) {
    super(`floor unavailable: ${reason}`);
  }
}

interface FloorErrorBody {
  error?: { code?: unknown; message?: unknown; details?: { index?: unknown } };
}

/**
 * Asks floor to prepare the batch's table operations (validate, lock, store unapplied).
 * Resolves when prepared; throws the refusal of an operation as floor answered it (an
 * HttpError whose details name the operation's index), or FloorUnavailable when floor is
 * not configured, unreachable, too slow or answers anything else. Never called inside a
 * transaction: on PGlite floor queries the same database.
 */
export async function prepareInFloor(deps: GuestsDeps, batchId: string, restaurantId: string, actorId: string, operations: FloorBatchOperation[]): Promise<void> {
  const base = deps.floorUrl();
  const token = deps.config.INTERNAL_API_TOKEN;
  if (!base || !token) throw new FloorUnavailable('FLOOR_INTERNAL_URL or INTERNAL_API_TOKEN is not configured', false);
  const request: PrepareBatchRequest = { restaurantId, actorId, operations };
  let res: Response;
  try {
    res = await fetch(`${base.replace(/\/$/, '')}/internal/batches/${batchId}/prepare`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(deps.config.GUESTS_FLOOR_PREPARE_TIMEOUT_MS),
    });
  } catch (err) {
    throw new FloorUnavailable((err as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable', true);
  }
  if (res.ok) {
    await res.body?.cancel();
    return;
  }
  const body = (await res.json().catch(() => ({}))) as FloorErrorBody;
  const error = body.error;
  if ((res.status === 409 || res.status === 422) && error && typeof error.code === 'string' && typeof error.details?.index === 'number') {
    throw new HttpError(res.status, error.code, String(error.message ?? error.code), error.details);
  }
  // 401 (secrets differ), 400 (versions of the two services disagree), 5xx: not the client's fault.
  throw new FloorUnavailable(`answered ${res.status}${error && typeof error.code === 'string' ? ` ${error.code}` : ''}`, res.status >= 500);
}
