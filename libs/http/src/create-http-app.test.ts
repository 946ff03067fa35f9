import { createLogger, createMetrics } from '@qtable/observability';
import { generateTestKeyPair, json, listen, type TestServer } from '@qtable/testing';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { ApiRouter } from './api/api-router';
import { defineRoute } from './api/define-route';
import { createJwtAuthenticator } from './auth/jwt-authenticator';
import { createHttpApp } from './create-http-app';
import { conflict } from './errors';

const keys = generateTestKeyPair();
const otherKeys = generateTestKeyPair();
const RESTAURANT = '0b7a9f4e-4b53-4c1c-9d7e-6f1f1c1f0001';
const OTHER_RESTAURANT = '0b7a9f4e-4b53-4c1c-9d7e-6f1f1c1f0002';

function token(claims: Record<string, unknown> = {}, options: jwt.SignOptions = {}, key = keys.privateKey) {
  return jwt.sign(
    { email: 'host@example.com', org: 'org-1', rst: { [RESTAURANT]: 'host', ...((claims.rst as object) ?? {}) }, ...claims },
    key,
    { algorithm: 'ES256', issuer: 'qtable-auth', audience: 'qtable', subject: 'user-1', expiresIn: '5m', ...options },
  );
}

/** Re-encodes the payload with other claims and keeps the original signature. */
function tamperClaims(signed: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = signed.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...changes };
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe('createHttpApp', () => {
  let server: TestServer;
  let dbUp = true;

  beforeAll(async () => {
    const authenticator = createJwtAuthenticator({ publicKey: keys.publicKey, issuer: 'qtable-auth', audience: 'qtable' });
    const api = new ApiRouter({ authenticator })
      .add(
        defineRoute({
          method: 'post',
          path: '/restaurants/:restaurantId/things',
          operationId: 'createThing',
          summary: 'Create a thing',
          tags: ['things'],
          access: { permission: 'operate' },
          params: z.object({ restaurantId: z.uuid() }),
          body: z.strictObject({ name: z.string().min(1).max(100), size: z.number().int().positive() }),
          responses: { 201: { description: 'Created', schema: z.object({ name: z.string() }) } },
          handler: async ({ body }) => {
            if (body.name === 'taken') throw conflict('already_taken', 'Name taken');
            return { status: 201, body: { name: body.name } };
          },
        }),
      )
      .add(
        defineRoute({
          method: 'get',
          path: '/restaurants/:restaurantId/things/:thingId',
          operationId: 'getThing',
          summary: 'Read a thing',
          tags: ['things'],
          access: { permission: 'read' },
          params: z.object({ restaurantId: z.uuid(), thingId: z.string() }),
          responses: { 200: { description: 'The thing' } },
          handler: async ({ params }) => {
            if (params.thingId === 'boom') throw new Error('database password=hunter2 exploded');
            return { status: 200, body: { id: params.thingId } };
          },
        }),
      );
    const app = createHttpApp({
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics: createMetrics({ service: 'test', defaultMetrics: false }),
      apiRouters: [api],
      readiness: [{ name: 'database', check: async () => { if (!dbUp) throw new Error('connection refused'); } }],
      corsOrigins: ['https://host.example'],
      bodyLimit: '1kb',
    });
    server = await listen(app.callback());
  });
  afterAll(() => server.close());

  const post = (body: unknown, headers: Record<string, string> = {}, restaurant = RESTAURANT) =>
    fetch(`${server.url}/restaurants/${restaurant}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('runs a valid request and echoes a request id', async () => {
    const res = await post({ name: 'a', size: 2 }, { 'x-request-id': 'req-123' });
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ name: 'a' });
    expect(res.headers.get('x-request-id')).toBe('req-123');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('rejects wrong types, unknown fields and bad values with the error body', async () => {
    const res = await post({ name: '', size: 'two', extra: true });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.size', 'body']));
  });

  it('answers malformed JSON with 400 and oversized bodies with 413', async () => {
    const malformed = await post('{"name":');
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error.code).toBe('malformed_body');
    const big = await post({ name: 'x'.repeat(5000), size: 1 });
    expect(big.status).toBe(413);
    expect((await json(big)).error.code).toBe('payload_too_large');
  });

  it('maps domain conflicts to 409', async () => {
    const res = await post({ name: 'taken', size: 1 });
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('already_taken');
  });

  it.each([
    ['no token', undefined],
    ['a token whose claims were altered (viewer made owner)', tamperClaims(token({ rst: { [RESTAURANT]: 'viewer' } }), { rst: { [RESTAURANT]: 'owner' } })],
    ['an expired token', token({}, { expiresIn: -10 })],
    ['a token signed by another key', token({}, {}, otherKeys.privateKey)],
    ['an HS256 token keyed with the public key', jwt.sign({ email: 'x', org: 'o', rst: { [RESTAURANT]: 'owner' } }, keys.publicKey, { algorithm: 'HS256', issuer: 'qtable-auth', audience: 'qtable', subject: 'u' })],
    ['an unsigned (alg none) token', jwt.sign({ email: 'x', org: 'o', rst: { [RESTAURANT]: 'owner' }, sub: 'u', iss: 'qtable-auth', aud: 'qtable' }, '', { algorithm: 'none' })],
    ['a token for another audience', token({}, { audience: 'elsewhere' })],
  ])('answers 401 to %s', async (_name, bearer) => {
    const res = await post({ name: 'a', size: 1 }, bearer === undefined ? { authorization: '' } : { authorization: `Bearer ${bearer}` });
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toMatch(/unauthorized|token_expired/);
  });

  it("hides another tenant's restaurant behind 404 and refuses a viewer's write with 403", async () => {
    const other = await post({ name: 'a', size: 1 }, {}, OTHER_RESTAURANT);
    expect(other.status).toBe(404);
    const viewer = await post({ name: 'a', size: 1 }, { authorization: `Bearer ${token({ rst: { [RESTAURANT]: 'viewer' } })}` });
    expect(viewer.status).toBe(403);
    expect((await json(viewer)).error.code).toBe('forbidden');
  });

  it('hides internals of unexpected errors behind a 500 body', async () => {
    const res = await fetch(`${server.url}/restaurants/${RESTAURANT}/things/boom`, { headers: { authorization: `Bearer ${token()}` } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('internal');
    expect(text).not.toContain('hunter2');
  });

  it('answers unknown routes with a 404 error body', async () => {
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('route_not_found');
  });

  it('reports readiness from its checks', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    dbUp = false;
    const res = await fetch(`${server.url}/ready`);
    dbUp = true;
    expect(res.status).toBe(503);
    expect((await json(res)).checks.database).toMatch(/failing: connection refused/);
  });

  it('labels metrics by route template, never by raw id', async () => {
    await fetch(`${server.url}/restaurants/${RESTAURANT}/things/abc`, { headers: { authorization: `Bearer ${token()}` } });
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('route="/restaurants/:restaurantId/things/:thingId"');
    expect(text).not.toContain(RESTAURANT);
  });

  it('serves the OpenAPI document generated from the route schemas, and the docs page', async () => {
    const doc = await json(await fetch(`${server.url}/openapi.json`));
    const op = doc.paths['/restaurants/{restaurantId}/things'].post;
    expect(op.operationId).toBe('createThing');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404']));
    expect(JSON.stringify(op.requestBody)).toContain('size');
    const docs = await fetch(`${server.url}/docs`);
    expect(await docs.text()).toContain('swagger-ui');
    expect((await fetch(`${server.url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('sends CORS headers only to configured origins', async () => {
    const allowed = await fetch(`${server.url}/health`, { headers: { origin: 'https://host.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://host.example');
    const denied = await fetch(`${server.url}/health`, { headers: { origin: 'https://evil.example' } });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });
});
