import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { KoaPassport } from 'koa-passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { hashPassword, verifyPassword } from '../domain/password';
import { normalizeEmail } from '../domain/email';
import { UserSchema } from '../entities';

export interface AuthenticatedUser {
  id: string;
  email: string;
}

/**
 * Checks email + password with passport-local, on a private KoaPassport instance (the
 * global singleton would be shared with whatever else runs in the process, e.g. the
 * embedded mode). Two strategies read the two login shapes: JSON `email` and the OAuth2
 * password form's `username`. Unknown emails are compared against a dummy hash of the same
 * cost, so the answer takes as long as for a wrong password and does not reveal accounts.
 */
export async function createLocalAuthenticator(deps: { em: () => EntityManager; bcryptCost: number }) {
  const dummyHash = await hashPassword('no account has this password', deps.bcryptCost);

  const verify = async (email: string, password: string): Promise<AuthenticatedUser | false> => {
    const user = await deps.em().findOne(UserSchema, { email: normalizeEmail(email) }, { populate: ['passwordHash'] });
    const matches = await verifyPassword(password, user?.passwordHash ?? dummyHash);
    return user && matches ? { id: user.id, email: user.email } : false;
  };
  const strategy = (usernameField: string) =>
    new LocalStrategy({ usernameField, passwordField: 'password', session: false }, (email, password, done) => {
      verify(email, password).then((user) => done(null, user), done);
    });

  const passport = new KoaPassport();
  passport.use('local-json', strategy('email'));
  passport.use('local-form', strategy('username'));

  /** The user whose credentials are in the (validated) request body, or false. */
  return async function authenticate(ctx: Context, shape: 'json' | 'form'): Promise<AuthenticatedUser | false> {
    let outcome: AuthenticatedUser | false = false;
    const middleware = passport.authenticate(shape === 'json' ? 'local-json' : 'local-form', { session: false }, (err: unknown, user: AuthenticatedUser | false) => {
      if (err) throw err;
      outcome = user || false;
    });
    await middleware(ctx, async () => undefined);
    return outcome;
  };
}
export type LocalAuthenticator = Awaited<ReturnType<typeof createLocalAuthenticator>>;
