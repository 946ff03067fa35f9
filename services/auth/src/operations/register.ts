import { conflict, HttpError } from '@qtable/http';
import { isUniqueViolation } from '@qtable/db';
import type { AuthDeps } from '../deps';
import { normalizeEmail } from '../domain/email';
import { hashPassword } from '../domain/password';
import { UserSchema } from '../entities';
import { startSession } from './claims';
import { createOrganizationWithOwner } from './create-organization';
import { organizationView, restaurantView, userView } from './views';

export interface Registration {
  email: string;
  password: string;
  name: string;
  restaurantName?: string;
  organizationName?: string;
  timeZone?: string;
}

const DEFAULT_RESTAURANT_NAME = 'My restaurant';

/**
 * Public sign-up creates a new tenant: the user owns a new organization and its first
 * restaurant. Joining an existing restaurant is by invitation of its owner or manager
 * (POST /restaurants/{id}/members), never by sign-up, so nobody can register into a tenant.
 */
export async function register(deps: AuthDeps, input: Registration) {
  if (!deps.config.REGISTRATION_OPEN) {
    throw new HttpError(403, 'registration_closed', 'Sign-up is closed; ask an owner or manager to invite you');
  }
  const email = normalizeEmail(input.email);
  const emailTaken = () => conflict('email_taken', 'An account with this email already exists');
  if (await deps.em().count(UserSchema, { email })) throw emailTaken();

  // Hashing (about 250 ms at cost 12) happens before the transaction, so no connection is held meanwhile.
  const passwordHash = await hashPassword(input.password, deps.config.BCRYPT_COST);
  const restaurantName = input.restaurantName ?? DEFAULT_RESTAURANT_NAME;
  const em = deps.em();
  let created;
  try {
    created = await em.transactional((tem) =>
      createOrganizationWithOwner(tem, {
        organizationName: input.organizationName ?? restaurantName,
        restaurantName,
        timeZone: input.timeZone ?? deps.config.DEFAULT_TIME_ZONE,
        owner: { email, name: input.name, passwordHash },
      }),
    );
  } catch (err) {
    // Two sign-ups with one email at the same moment: the unique index lets one through.
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
  deps.outboxCommitted();
  const tokens = await startSession(deps, deps.em(), created.user.id);
  return {
    user: userView(created.user),
    organization: organizationView(created.organization),
    restaurant: { ...restaurantView(created.restaurant), role: created.membership.role },
    ...tokens,
  };
}
