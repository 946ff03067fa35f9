import { createHash, timingSafeEqual } from 'node:crypto';
import { unauthorized } from '../errors';
import type { Context } from 'koa';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Admits a service-to-service call: `Authorization: Bearer <INTERNAL_API_TOKEN>`, compared
 * in constant time (both sides hashed first, so the length leaks nothing either). A user's
 * access token is just a wrong secret here. Without a configured secret every call is
 * refused. The secret is never logged.
 */
export function requireInternalCaller(ctx: Context, secret: string | undefined): void {
  const header = ctx.get('Authorization');
  const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  if (!secret || !presented || !timingSafeEqual(digest(presented), digest(secret))) {
    throw unauthorized('This endpoint is for the QTable services only', 'internal_unauthorized');
  }
}
