import type { Metrics } from '@qtable/observability';
import type { Middleware } from 'koa';
import { HttpError } from './errors';

/** Probes must answer however busy the process is, or the orchestrator kills a working pod. */
const NEVER_SHED = new Set(['/health', '/ready', '/metrics']);

/**
 * Admission control: at most `maxInFlight` requests in progress in this process; the next
 * one gets an immediate 503 `overloaded` with Retry-After instead of a place in a queue.
 * Without it, a rush past capacity queued requests for tens of seconds until clients gave
 * up, and the process spent its CPU on answers nobody waited for: on the local cluster at
 * twice guests' capacity, fewer writes succeeded per second than at capacity (congestion
 * collapse), and its outbox relay fell behind with them. A quick refusal keeps the
 * accepted ones fast and lets the app retry (with its Idempotency-Key).
 */
export function loadSheddingMiddleware(options: { maxInFlight: number; metrics: Metrics }): Middleware {
  const shed = options.metrics.counter('http_requests_shed_total', 'Requests refused with 503 overloaded because the process was at its in-flight limit');
  const inFlight = options.metrics.gauge('http_requests_in_flight', 'Requests in progress in this process (load shedding counts these)');
  let current = 0;
  return async (ctx, next) => {
    if (NEVER_SHED.has(ctx.path)) return next();
    if (current >= options.maxInFlight) {
      shed.inc();
      throw new HttpError(503, 'overloaded', 'This service is at capacity; retry in a moment', undefined, { 'Retry-After': '1' });
    }
    current++;
    inFlight.set(current);
    try {
      await next();
    } finally {
      current--;
      inFlight.set(current);
    }
  };
}
