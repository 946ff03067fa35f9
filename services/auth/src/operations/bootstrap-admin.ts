import type { AuthDeps } from '../deps';
import { normalizeEmail } from '../domain/email';
import { hashPassword } from '../domain/password';
import { UserSchema } from '../entities';
import { createOrganizationWithOwner } from './create-organization';

export type BootstrapResult =
  | { created: false; reason: 'not_configured' | 'admin_exists' }
  | { created: true; userId: string; organizationId: string; restaurantId: string };

export const DEMO_ORGANIZATION_NAME = 'Demo Restaurant Group';
export const DEMO_RESTAURANT_NAME = 'Demo Restaurant';
// Any constant works; it only has to be the same in every replica.
const BOOTSTRAP_LOCK = 'qtable.auth.bootstrap-admin';

/**
 * First start: the admin of ADMIN_EMAIL / ADMIN_PASSWORD owning a demo organization and
 * restaurant. Idempotent across restarts (an existing admin account is left untouched,
 * password included) and across replicas booting together: a transaction-scoped advisory
 * lock lets one create while the others wait, then find the admin and do nothing.
 */
export async function bootstrapAdmin(deps: AuthDeps): Promise<BootstrapResult> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = deps.config;
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return { created: false, reason: 'not_configured' };
  const email = normalizeEmail(ADMIN_EMAIL);
  if (await deps.em().count(UserSchema, { email })) return { created: false, reason: 'admin_exists' };

  const passwordHash = await hashPassword(ADMIN_PASSWORD, deps.config.BCRYPT_COST);
  const result = await deps.em().transactional(async (tem): Promise<BootstrapResult> => {
    await tem.execute('select pg_advisory_xact_lock(hashtext(?))', [BOOTSTRAP_LOCK]);
    if (await tem.count(UserSchema, { email })) return { created: false, reason: 'admin_exists' };
    const created = await createOrganizationWithOwner(
      tem,
      {
        organizationName: DEMO_ORGANIZATION_NAME,
        restaurantName: DEMO_RESTAURANT_NAME,
        timeZone: deps.config.DEFAULT_TIME_ZONE,
        owner: { email, name: 'Admin', passwordHash },
      },
      { type: 'system', id: 'auth.bootstrap-admin' },
    );
    return { created: true, userId: created.user.id, organizationId: created.organization.id, restaurantId: created.restaurant.id };
  });
  if (result.created) {
    deps.outboxCommitted();
    const { userId, organizationId, restaurantId } = result;
    deps.logger.info({ email, userId, organizationId, restaurantId }, 'created the default admin, owner of the demo restaurant');
  }
  return result;
}
