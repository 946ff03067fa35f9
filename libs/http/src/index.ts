export { createHttpApp, type HttpAppOptions } from './create-http-app';
export { HttpError, badRequest, unauthorized, forbidden, notFound, conflict, tooManyRequests, type ErrorBody } from './errors';
export { type ReadinessCheck } from './health';
export { ApiRouter } from './api/api-router';
export { defineRoute, type RouteDefinition, type RouteAccess, type RouteResult, type RouteInput } from './api/define-route';
export { ErrorBodySchema } from './api/error-responses';
export { buildOpenApiDocument } from './api/openapi';
export { createJwtAuthenticator, ACCESS_TOKEN_ALGORITHM, type JwtAuthenticator, type JwtVerifyOptions } from './auth/jwt-authenticator';
export { authorizeRestaurant, principalOf } from './auth/principal';
