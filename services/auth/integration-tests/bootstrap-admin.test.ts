import { call, login } from './support/api';
import { createAuthTestEnv, startAuthApp, type AuthTestApp, type AuthTestEnv } from './support/auth-test-app';

let env: AuthTestEnv;
const apps: AuthTestApp[] = [];
const start = async (overrides: Record<string, string>) => {
  const app = await startAuthApp(env, overrides);
  apps.push(app);
  return app;
};
const closeAll = async () => {
  for (const app of apps.splice(0)) await app.close();
};

beforeAll(async () => {
  env = await createAuthTestEnv();
  // Migrate once, as a deployment's first replica would, before replicas race below.
  await start({});
  await closeAll();
});
afterEach(closeAll);
afterAll(async () => {
  await env?.db.drop();
});

async function countAdmins(app: AuthTestApp, email: string) {
  const [row] = await app.orm.em.fork().execute<{ users: string; orgs: string; restaurants: string }[]>(
    `select (select count(*) from "auth"."user_account" where email = ?) as users,
            (select count(*) from "auth"."organization" o join "auth"."user_account" u on u.organization_id = o.id where u.email = ?) as orgs,
            (select count(*) from "auth"."restaurant" r join "auth"."user_account" u on u.organization_id = r.organization_id where u.email = ?) as restaurants`,
    [email, email, email],
  );
  return { users: Number(row.users), orgs: Number(row.orgs), restaurants: Number(row.restaurants) };
}

describe('default admin on first start', () => {
  it('creates the admin, owner of "Demo Restaurant" in "Demo Restaurant Group", once across restarts', async () => {
    const admin = { ADMIN_EMAIL: 'admin@demo.example', ADMIN_PASSWORD: 'first-password', DEFAULT_TIME_ZONE: 'Europe/Madrid' };
    const first = await start(admin);
    const session = await login(first.url, admin.ADMIN_EMAIL, admin.ADMIN_PASSWORD);
    const me = await call(first.url, 'GET', '/auth/me', { token: session.access_token });
    expect(me.body.organization.name).toBe('Demo Restaurant Group');
    expect(me.body.memberships).toEqual([expect.objectContaining({ restaurantName: 'Demo Restaurant', role: 'owner' })]);
    const restaurant = await call(first.url, 'GET', `/restaurants/${me.body.memberships[0].restaurantId}`, { token: session.access_token });
    expect(restaurant.body.timeZone).toBe('Europe/Madrid');
    const created = first.events.find((e) => e.envelope.type === 'restaurant.created');
    expect(created?.envelope.actor).toEqual({ type: 'system', id: 'auth.bootstrap-admin' });
    await closeAll();

    // Restart, even with another password in the environment: nothing new, nothing reset.
    const second = await start({ ...admin, ADMIN_PASSWORD: 'changed-in-env' });
    expect(await countAdmins(second, admin.ADMIN_EMAIL)).toEqual({ users: 1, orgs: 1, restaurants: 1 });
    expect((await call(second.url, 'POST', '/auth/login', { body: { email: admin.ADMIN_EMAIL, password: 'first-password' } })).status).toBe(200);
    expect(second.events.filter((e) => e.envelope.type === 'restaurant.created')).toHaveLength(0);
  });

  it('creates one organization, and every replica starts, when three replicas boot at the same moment', async () => {
    // Several rounds: one round does not always make the replicas collide.
    for (const round of [1, 2, 3, 4]) {
      const admin = { ADMIN_EMAIL: `race-${round}@demo.example`, ADMIN_PASSWORD: 'race-password' };
      // allSettled: a replica failing to start must not leave the others running past the test.
      const started = await Promise.allSettled([start(admin), start(admin), start(admin)]);
      expect(started.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const replicas = started.map((r) => (r as PromiseFulfilledResult<AuthTestApp>).value);
      expect(await countAdmins(replicas[0], admin.ADMIN_EMAIL)).toEqual({ users: 1, orgs: 1, restaurants: 1 });
      expect((await call(replicas[2].url, 'POST', '/auth/login', { body: { email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD } })).status).toBe(200);
      await closeAll();
    }
  });
});
