import { createPublicKey } from 'node:crypto';
import { startTestSystem, type TestSystem } from '@qtable/runtime/testing';
import jwt from 'jsonwebtoken';
import { authService } from '../src/service';
import { call, login, PASSWORD, registerOwner, uniqueEmail } from './support/api';
import { AUTH_TEST_ENV, countRows, sqlOf } from './support/system';

let system: TestSystem;
let url: string;
let count: ReturnType<typeof countRows>;
let sql: ReturnType<typeof sqlOf>;

beforeAll(async () => {
  system = await startTestSystem({ services: [authService], env: AUTH_TEST_ENV() });
  url = system.url;
  count = countRows(system);
  sql = sqlOf(system);
});
afterAll(() => system?.close());

describe('register', () => {
  it('creates a new organization owned by the user, and answers the user (never the hash) with a session', async () => {
    const email = uniqueEmail('Mixed.Case');
    const res = await call(url, 'POST', '/auth/register', {
      body: { email, password: PASSWORD, name: 'Ana', restaurantName: 'Chez Ana', timeZone: 'Europe/Paris' },
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ id: expect.any(String), email: email.toLowerCase(), name: 'Ana', createdAt: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toMatch(/\$2[aby]\$|passwordHash|password_hash/);
    expect(res.body.restaurant).toMatchObject({ name: 'Chez Ana', timeZone: 'Europe/Paris', role: 'owner', version: 1, organizationId: res.body.organization.id });
    expect(res.body.organization.name).toBe('Chez Ana');
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 900, refresh_token: expect.stringMatching(/^qtr_/) });
    const claims = jwt.decode(res.body.access_token) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: res.body.user.id, email: email.toLowerCase(), org: res.body.organization.id, rst: { [res.body.restaurant.id]: 'owner' } });
    // The stored refresh token is a hash, not the token.
    expect(await count('refresh_token', 'user_id = ?', [res.body.user.id])).toBe(1);
    expect(await count('refresh_token', 'token_hash = ?', [res.body.refresh_token])).toBe(0);
  });

  it('defaults the restaurant name and time zone', async () => {
    const body = await registerOwner(url);
    expect(body.restaurant).toMatchObject({ name: 'My restaurant', timeZone: 'UTC' });
  });

  it('refuses a second account with the same email, whatever its case (409)', async () => {
    const email = uniqueEmail();
    await registerOwner(url, { email });
    const res = await call(url, 'POST', '/auth/register', { body: { email: email.toUpperCase(), password: PASSWORD, name: 'Twin' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_taken');
    expect(await count('user_account', 'lower(email) = ?', [email])).toBe(1);
  });

  it('lets exactly one of concurrent sign-ups with one email through, leaving no orphan organization', async () => {
    const email = uniqueEmail('race');
    const orgsBefore = await count('organization');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => call(url, 'POST', '/auth/register', { body: { email, password: PASSWORD, name: `Racer ${i}` } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'email_taken')).toBe(true);
    expect(await count('organization')).toBe(orgsBefore + 1);
  });

  it.each([
    ['a malformed email', { email: 'not-an-email' }, 'body.email'],
    ['a short password', { password: 'short' }, 'body.password'],
    ['a 129-character password', { password: 'p'.repeat(129) }, 'body.password'],
    ['an unknown field', { isAdmin: true }, 'body'],
    ['a 100 kB name', { name: 'x'.repeat(100_000) }, 'body.name'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'body.timeZone'],
  ])('answers %s with 400 validation_failed and writes nothing', async (_label, override, path) => {
    const email = uniqueEmail('invalid');
    const before = { orgs: await count('organization'), outbox: await count('outbox') };
    const res = await call(url, 'POST', '/auth/register', { body: { email, password: PASSWORD, name: 'Val', ...override } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await count('user_account', 'email = ?', [email])).toBe(0);
    expect({ orgs: await count('organization'), outbox: await count('outbox') }).toEqual(before);
  });
});

describe('login', () => {
  let email: string;
  beforeAll(async () => {
    email = (await registerOwner(url)).user.email;
  });

  it('accepts JSON email/password and answers an OAuth2 token response', async () => {
    const res = await call(url, 'POST', '/auth/login', { body: { email, password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 900 });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const me = await call(url, 'GET', '/auth/me', { token: res.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);
  });

  it('accepts the OAuth2 password form (username, password, grant_type) as FastAPI did', async () => {
    const res = await call(url, 'POST', '/auth/login', { form: { username: email.toUpperCase(), password: PASSWORD, grant_type: 'password', scope: '' } });
    expect(res.status).toBe(200);
    expect((jwt.decode(res.body.access_token) as jwt.JwtPayload).email).toBe(email);
  });

  it('answers a wrong password and an unknown email alike: 401 invalid_credentials', async () => {
    const wrong = await call(url, 'POST', '/auth/login', { body: { email, password: 'wrong password' } });
    const unknown = await call(url, 'POST', '/auth/login', { body: { email: uniqueEmail('nobody'), password: PASSWORD } });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: 'invalid_credentials', message: 'Incorrect email or password' });
    }
    const form = await call(url, 'POST', '/auth/login', { form: { username: email, password: 'wrong password' } });
    expect(form.status).toBe(401);
  });

  it('refuses other content types and unknown fields', async () => {
    const text = await call(url, 'POST', '/auth/login', { headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const extra = await call(url, 'POST', '/auth/login', { body: { email, password: PASSWORD, remember: true } });
    expect(extra.status).toBe(400);
  });
});

describe('GET /auth/me', () => {
  it('answers the user and memberships with restaurant and organization, read from the database', async () => {
    const owner = await registerOwner(url, { restaurantName: 'Bistro Uno' });
    const res = await call(url, 'GET', '/auth/me', { token: owner.access_token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...owner.user,
      organization: owner.organization,
      memberships: [
        { restaurantId: owner.restaurant.id, restaurantName: 'Bistro Uno', role: 'owner', organizationId: owner.organization.id, organizationName: 'Bistro Uno' },
      ],
    });
  });

  describe('refuses tokens it cannot trust with 401', () => {
    let owner: Awaited<ReturnType<typeof registerOwner>>;
    beforeAll(async () => {
      owner = await registerOwner(url);
    });
    const claims = () => ({ email: owner.user.email, org: owner.organization.id, rst: { [owner.restaurant.id as string]: 'owner' as const } });
    const opts = () => ({ issuer: 'qtable-auth', audience: 'qtable', subject: owner.user.id });
    /** The verification key, as anyone can fetch it. */
    const publicKeyPem = async () => {
      const { keys } = (await call(url, 'GET', '/.well-known/jwks.json')).body;
      return createPublicKey({ key: keys[0], format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    };

    it('tampered (a restaurant added to the payload, signature kept)', async () => {
      const [header, payload, signature] = owner.access_token.split('.');
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
      decoded.rst['0b7a9f4e-4b53-4c1c-9d7e-6f1f1c1f0009'] = 'owner';
      const tampered = [header, Buffer.from(JSON.stringify(decoded)).toString('base64url'), signature].join('.');
      const res = await call(url, 'GET', '/auth/me', { token: tampered });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    });

    it('expired', async () => {
      // Signed with the real key, expired 10 s ago.
      const expired = system.token({ userId: owner.user.id, email: owner.user.email, organizationId: owner.organization.id, memberships: claims().rst }, -10);
      const res = await call(url, 'GET', '/auth/me', { token: expired });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('token_expired');
    });

    it('wrong algorithm (HS256 keyed with the public key) and alg none', async () => {
      const hs256 = jwt.sign(claims(), await publicKeyPem(), { ...opts(), algorithm: 'HS256' });
      const none = jwt.sign({ ...claims(), sub: owner.user.id, iss: 'qtable-auth', aud: 'qtable' }, '', { algorithm: 'none' });
      for (const token of [hs256, none]) expect((await call(url, 'GET', '/auth/me', { token })).status).toBe(401);
    });

    it('absent', async () => {
      expect((await call(url, 'GET', '/auth/me')).status).toBe(401);
    });
  });
});

describe('refresh rotation', () => {
  it('replaces the presented token with a new one of the same family, with fresh claims', async () => {
    const owner = await registerOwner(url);
    const first = await call(url, 'POST', '/auth/refresh', { body: { refresh_token: owner.refresh_token } });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(owner.refresh_token);
    expect((jwt.decode(first.body.access_token) as jwt.JwtPayload).rst).toEqual({ [owner.restaurant.id]: 'owner' });
    const second = await call(url, 'POST', '/auth/refresh', { body: { refresh_token: first.body.refresh_token } });
    expect(second.status).toBe(200);
    const families = await sql<{ family_id: string; n: string }>(
      'select family_id, count(*) as n from "auth"."refresh_token" where user_id = ? group by family_id',
      [owner.user.id],
    );
    expect(families).toHaveLength(1);
    expect(Number(families[0].n)).toBe(3);
  });

  it('treats a reused token as theft: 401 refresh_token_reused, and the newest token of the family stops working too', async () => {
    const owner = await registerOwner(url);
    const rotated = await call(url, 'POST', '/auth/refresh', { body: { refresh_token: owner.refresh_token } });
    expect(rotated.status).toBe(200);
    const other = await login(url, owner.user.email); // another session of the same user, unaffected

    const reuse = await call(url, 'POST', '/auth/refresh', { body: { refresh_token: owner.refresh_token } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('refresh_token_reused');

    const newest = await call(url, 'POST', '/auth/refresh', { body: { refresh_token: rotated.body.refresh_token } });
    expect(newest.status).toBe(401);
    expect(newest.body.error.code).toBe('refresh_token_revoked');
    expect((await call(url, 'POST', '/auth/refresh', { body: { refresh_token: other.refresh_token } })).status).toBe(200);
  });

  it('lets exactly one of 10 concurrent refreshes with the same token win; the others count as reuse', async () => {
    const owner = await registerOwner(url);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call(url, 'POST', '/auth/refresh', { body: { refresh_token: owner.refresh_token } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401).every((r) => r.body.error.code === 'refresh_token_reused')).toBe(true);
    // One successor was created, and reuse detection revoked it with the family.
    expect(await count('refresh_token', 'user_id = ?', [owner.user.id])).toBe(2);
    expect(await count('refresh_token', 'user_id = ? and revoked_at is null', [owner.user.id])).toBe(0);
  });

  it('refuses an expired token (401 refresh_token_expired) and an unknown one (401 invalid_refresh_token)', async () => {
    const owner = await registerOwner(url);
    await sql(`update "auth"."refresh_token" set expires_at = now() - interval '1 second' where user_id = ?`, [owner.user.id]);
    const expired = await call(url, 'POST', '/auth/refresh', { body: { refresh_token: owner.refresh_token } });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('refresh_token_expired');
    const unknown = await call(url, 'POST', '/auth/refresh', { body: { refresh_token: 'qtr_nope' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invalid_refresh_token');
  });
});

describe('logout', () => {
  it('revokes the whole session (204); its refresh tokens no longer work', async () => {
    const owner = await registerOwner(url);
    const rotated = await call(url, 'POST', '/auth/refresh', { body: { refresh_token: owner.refresh_token } });
    const res = await call(url, 'POST', '/auth/logout', { body: { refresh_token: rotated.body.refresh_token } });
    expect(res.status).toBe(204);
    const after = await call(url, 'POST', '/auth/refresh', { body: { refresh_token: rotated.body.refresh_token } });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('refresh_token_revoked');
    expect(await count('refresh_token', 'user_id = ? and revoked_at is null', [owner.user.id])).toBe(0);
    // Unknown tokens: same answer, nothing to learn.
    expect((await call(url, 'POST', '/auth/logout', { body: { refresh_token: 'qtr_unknown' } })).status).toBe(204);
  });
});

describe('JWKS', () => {
  it('serves the public key, which verifies issued tokens (and matches their kid)', async () => {
    const owner = await registerOwner(url);
    const res = await call(url, 'GET', '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    const [jwk] = res.body.keys;
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwk.d).toBeUndefined();
    expect(jwt.decode(owner.access_token, { complete: true })?.header.kid).toBe(jwk.kid);
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    const verified = jwt.verify(owner.access_token, publicKey, { algorithms: ['ES256'], issuer: 'qtable-auth', audience: 'qtable' }) as jwt.JwtPayload;
    expect(verified.sub).toBe(owner.user.id);
  });

  it('is documented in the OpenAPI document with the auth paths', async () => {
    const doc = await call(url, 'GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/auth/register', '/auth/login', '/auth/refresh', '/auth/logout', '/auth/me', '/.well-known/jwks.json', '/restaurants/{restaurantId}']),
    );
    expect(Object.keys(doc.body.paths['/auth/login'].post.requestBody.content)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
  });
});
