import Router from '@koa/router';
import type { Metrics } from '@qtable/observability';

/** A dependency readiness depends on: the database, Kafka, Redis. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
  /**
   * A degraded dependency is reported but keeps the process ready (e.g. the gateway serves
   * its own sockets while Redis is away). Default: false, i.e. not ready without it.
   */
  optional?: boolean;
}

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: ReadinessCheck): Promise<'ok' | string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (err) {
    return `failing: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    clearTimeout(timer);
  }
}

/** `/health` (liveness: the process answers), `/ready` (dependencies answer), `/metrics`. */
export function healthRouter(options: { checks: ReadinessCheck[]; metrics: Metrics }): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    const results = await Promise.all(options.checks.map(async (c) => [c, await runCheck(c)] as const));
    const ready = results.every(([c, result]) => result === 'ok' || c.optional);
    const degraded = results.some(([, result]) => result !== 'ok');
    ctx.status = ready ? 200 : 503;
    ctx.body = {
      status: ready ? (degraded ? 'degraded' : 'ok') : 'unavailable',
      checks: Object.fromEntries(results.map(([c, result]) => [c.name, result])),
    };
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = options.metrics.registry.contentType;
    ctx.body = await options.metrics.registry.metrics();
  });
  return router;
}
