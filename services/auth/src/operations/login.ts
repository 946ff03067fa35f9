import { unauthorized } from '@qtable/http';
import type { Context } from 'koa';
import type { AuthDeps } from '../deps';
import { normalizeEmail } from '../domain/email';
import { startSession, type TokenResponse } from './claims';

/**
 * Throttle, check the credentials (passport-local), then open a session. Unknown email and
 * wrong password give the same answer, in about the same time.
 */
export async function login(deps: AuthDeps, ctx: Context, credentials: { email: string; shape: 'json' | 'form' }): Promise<TokenResponse> {
  const email = normalizeEmail(credentials.email);
  try {
    await deps.limiter.beforeAttempt(email, ctx.ip);
  } catch (err) {
    deps.counters.logins.inc({ outcome: 'rate_limited' });
    throw err;
  }
  const user = await deps.authenticateLocal(ctx, credentials.shape);
  if (!user) {
    await deps.limiter.recordFailure(email);
    deps.counters.logins.inc({ outcome: 'invalid_credentials' });
    throw unauthorized('Incorrect email or password', 'invalid_credentials');
  }
  await deps.limiter.recordSuccess(email);
  deps.counters.logins.inc({ outcome: 'success' });
  return startSession(deps, deps.em(), user.id);
}
