import { createLogger, createMetrics } from '@qtable/observability';
import { generateTestKeyPair, json, listen, waitFor, type TestServer } from '@qtable/testing';
import { z } from 'zod';
import { ApiRouter } from './api/api-router';
import { defineRoute } from './api/define-route';
import { createJwtAuthenticator } from './auth/jwt-authenticator';
import { createHttpApp } from './create-http-app';

describe('load shedding (maxInFlight)', () => {
  let server: TestServer;
  const metrics = createMetrics({ service: 'test', defaultMetrics: false });
  const held: (() => void)[] = [];
  let started = 0;

  beforeAll(async () => {
    const keys = generateTestKeyPair();
    const api = new ApiRouter({ authenticator: createJwtAuthenticator({ publicKey: keys.publicKey, issuer: 'qtable-auth', audience: 'qtable' }) }).add(
      defineRoute({
        method: 'get',
        path: '/slow',
        operationId: 'slow',
        summary: 'Answers when the test lets it',
        tags: ['test'],
        access: 'public',
        responses: { 200: { description: 'Done', schema: z.object({ ok: z.boolean() }) } },
        handler: async () => {
          started++;
          await new Promise<void>((release) => held.push(release));
          return { status: 200, body: { ok: true } };
        },
      }),
    );
    const app = createHttpApp({
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics,
      apiRouters: [api],
      readiness: [],
      corsOrigins: [],
      bodyLimit: '1kb',
      maxInFlight: 2,
    });
    server = await listen(app.callback());
  });
  afterAll(async () => {
    for (const release of held.splice(0)) release();
    await server.close();
  });

  it('refuses the request past the limit at once with a retryable 503, keeps probes answering, and admits again after', async () => {
    const first = fetch(`${server.url}/slow`);
    const second = fetch(`${server.url}/slow`);
    await waitFor(() => started === 2 || undefined, 'two requests in progress', 5000);

    const refused = await fetch(`${server.url}/slow`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await json(refused)).error).toMatchObject({ code: 'overloaded' });
    expect(started).toBe(2);
    // Probes are never shed: an orchestrator must not kill a process for being busy.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/http_requests_shed_total\{[^}]*\} 1\b/);

    for (const release of held.splice(0)) release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    const third = fetch(`${server.url}/slow`);
    await waitFor(() => started === 3 || undefined, 'a request admitted once the others finished', 5000);
    for (const release of held.splice(0)) release();
    expect((await third).status).toBe(200);
  });
});
