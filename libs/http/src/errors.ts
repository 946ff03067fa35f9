/**
 * Every failure leaves the API as `{"error":{"code","message","details"}}` with a 4xx/5xx
 * status. `code` is stable and machine-readable (snake_case); `message` is for people.
 */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new HttpError(400, code, message, details);
export const unauthorized = (message = 'Authentication required', code = 'unauthorized') => new HttpError(401, code, message, undefined, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (message = 'Your role does not allow this action') => new HttpError(403, 'forbidden', message);
/** Also used for objects of another tenant: their existence is not revealed. */
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string, details?: unknown) => new HttpError(409, code, message, details);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new HttpError(429, 'rate_limited', `Too many attempts; retry in ${retryAfterSeconds} s`, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
