import Router from '@koa/router';
import type { Principal } from '@qtable/contracts';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { authorizeRestaurant } from '../auth/principal';
import type { JwtAuthenticator } from '../auth/jwt-authenticator';
import { HttpError } from '../errors';
import type { RouteAccess, RouteDefinition } from './define-route';
import { errorResponses } from './error-responses';

function validationError(where: string, error: z.ZodError): HttpError {
  return new HttpError(
    400,
    'validation_failed',
    `Invalid request ${where}`,
    error.issues.map((issue) => ({ path: [where, ...issue.path.map(String)].join('.'), message: issue.message, code: issue.code })),
  );
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(where, result.error);
  return result.data;
}

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * Mounts route definitions on a @koa/router with, in order: authentication, path
 * validation, tenant/role authorization, then query and body validation — so a caller
 * outside the tenant learns nothing from validation errors about the body.
 */
export class ApiRouter {
  private readonly router = new Router();
  private readonly definitions: RouteDefinition[] = [];

  constructor(private readonly deps: { authenticator: JwtAuthenticator }) {}

  add<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, A extends RouteAccess>(definition: RouteDefinition<P, Q, B, A>): this {
    this.definitions.push(definition as unknown as RouteDefinition);
    const stack: Middleware[] = [];
    if (definition.access !== 'public') stack.push(this.deps.authenticator.authenticate);
    stack.push(async (ctx: Context) => {
      const params = parse(definition.params, ctx.params, 'path');
      const principal = ctx.state.principal as Principal | undefined;
      if (typeof definition.access === 'object') {
        const restaurantId = (params as { restaurantId?: string } | undefined)?.restaurantId;
        if (!restaurantId || !principal) throw new Error(`route ${definition.operationId} needs a restaurantId path parameter`);
        authorizeRestaurant(principal, restaurantId, definition.access.permission);
      }
      const query = parse(definition.query, ctx.query, 'query');
      if (definition.body && !ctx.is(definition.bodyTypes ?? ['application/json'])) {
        throw new HttpError(415, 'unsupported_media_type', `Send ${(definition.bodyTypes ?? ['application/json']).join(' or ')}`);
      }
      const body = parse(definition.body, ctx.request.body ?? {}, 'body');
      const result = await definition.handler({ params, query, body, principal, ctx } as never);
      ctx.status = result.status;
      if (result.headers) ctx.set(result.headers);
      if (result.body !== undefined) ctx.body = result.body;
    });
    this.router.register(definition.path, [definition.method.toUpperCase()], stack);
    return this;
  }

  middleware(): Middleware {
    return this.router.routes() as unknown as Middleware;
  }

  allowedMethods(): Middleware {
    return this.router.allowedMethods() as unknown as Middleware;
  }

  openApiPaths(): ZodOpenApiPathsObject {
    const paths: ZodOpenApiPathsObject = {};
    for (const d of this.definitions) {
      const operation: ZodOpenApiOperationObject = {
        operationId: d.operationId,
        summary: d.summary,
        tags: d.tags,
        ...(d.access === 'public' ? { security: [] } : {}),
        requestParams: {
          ...(d.params ? { path: d.params as never } : {}),
          ...(d.query ? { query: d.query as never } : {}),
        },
        ...(d.body
          ? { requestBody: { required: true, content: Object.fromEntries((d.bodyTypes ?? ['application/json']).map((t) => [t, { schema: d.body }])) } }
          : {}),
        responses: {
          ...Object.fromEntries(
            Object.entries(d.responses).map(([status, r]) => [
              status,
              { description: r.description, ...(r.schema ? { content: { 'application/json': { schema: r.schema } } } : {}) },
            ]),
          ),
          ...errorResponses(d),
        },
      };
      const path = toOpenApiPath(d.path);
      paths[path] = { ...(paths[path] ?? {}), [d.method]: operation };
    }
    return paths;
  }
}
