import { OptimisticLockError, UniqueConstraintViolationException, ValidationError as OrmValidationError } from '@mikro-orm/core';
import type { Logger } from '@qtable/observability';
import type { Middleware } from 'koa';
import { HttpError } from './errors';

/** Errors thrown by koa's body parser and co-body carry an HTTP status and `expose`. */
interface ExposedError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  message: string;
}

function toHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  // Backstops: services check versions and uniqueness themselves and answer with the
  // current state; these catch what slips through, as 409s rather than 500s.
  if (err instanceof OptimisticLockError) {
    return new HttpError(409, 'version_conflict', 'The record was changed by someone else; reload and retry');
  }
  if (err instanceof UniqueConstraintViolationException) {
    return new HttpError(409, 'already_exists', 'A record with the same unique value already exists');
  }
  if (err instanceof OrmValidationError) return undefined;
  const e = err as ExposedError;
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && e.expose !== false) {
    if (status === 413) return new HttpError(413, 'payload_too_large', 'Request body is too large');
    if (status === 415) return new HttpError(415, 'unsupported_media_type', 'Send application/json');
    if (e.type === 'entity.parse.failed' || /JSON|Unexpected token|invalid/i.test(e.message)) {
      return new HttpError(400, 'malformed_body', 'Request body is not valid JSON');
    }
    return new HttpError(status, 'bad_request', e.message);
  }
  return undefined;
}

/**
 * Turns every failure into the JSON error body; unknown errors become a 500 that names
 * nothing internal (the log line carries the stack and request id).
 */
export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new HttpError(404, 'route_not_found', `No route for ${ctx.method} ${ctx.path}`);
      }
    } catch (err) {
      const httpError = toHttpError(err);
      if (httpError) {
        ctx.status = httpError.status;
        ctx.body = httpError.toBody();
        if (httpError.headers) ctx.set(httpError.headers);
        return;
      }
      logger.error({ err, method: ctx.method, route: ctx._matchedRoute ?? ctx.path }, 'unhandled error');
      ctx.status = 500;
      ctx.body = { error: { code: 'internal', message: 'Internal server error' } };
    }
  };
}
