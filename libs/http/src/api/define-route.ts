import type { Permission, Principal } from '@qtable/contracts';
import type { Context } from 'koa';
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route: anyone; any signed-in user; or a member of the restaurant named by
 * the `restaurantId` path parameter whose role grants `permission`.
 */
export type RouteAccess = 'public' | 'authenticated' | { permission: Permission };

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
}

export interface RouteInput<P, Q, B, A extends RouteAccess> {
  params: P;
  query: Q;
  body: B;
  principal: A extends 'public' ? undefined : Principal;
  ctx: Context;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * One HTTP operation: its contract (schemas, responses, access) and its handler. The
 * contract both validates requests and generates the OpenAPI document, so the two
 * cannot drift apart.
 */
export interface RouteDefinition<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  A extends RouteAccess = RouteAccess,
> {
  method: HttpMethod;
  /** Koa syntax: `/restaurants/:restaurantId/guests/:guestId`. */
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Media types the body may come in; JSON unless stated (login also takes the OAuth2 form). */
  bodyTypes?: ('application/json' | 'application/x-www-form-urlencoded')[];
  responses: Record<number, RouteResponse>;
  handler(input: RouteInput<z.infer<P>, z.infer<Q>, z.infer<B>, A>): Promise<RouteResult>;
}

/** Identity function that lets TypeScript infer the handler's input types from the schemas. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, A extends RouteAccess>(
  definition: RouteDefinition<P, Q, B, A>,
): RouteDefinition<P, Q, B, A> {
  return definition;
}
