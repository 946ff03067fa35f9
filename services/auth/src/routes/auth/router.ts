import { ApiRouter, defineRoute, type JwtAuthenticator } from '@qtable/http';
import type { AuthDeps } from '../../deps';
import { login } from '../../operations/login';
import { me } from '../../operations/me';
import { logout, refresh } from '../../operations/refresh';
import { register } from '../../operations/register';
import { loginBody, meResponse, refreshTokenBody, registerBody, registerResponse, tokenResponse } from './schemas';

// `access: ... as const`: inside ApiRouter.add(), TypeScript would otherwise infer the access
// type from add()'s `any` parameter and type `principal` as possibly undefined.
const tags = ['auth'];

export function authRouter(deps: AuthDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator })
    .add(
      defineRoute({
        method: 'post',
        path: '/auth/register',
        operationId: 'register',
        summary: 'Sign up: a new organization and restaurant, owned by the new user',
        tags,
        access: 'public' as const,
        body: registerBody,
        responses: {
          201: { description: 'The account, its organization and restaurant, and a session', schema: registerResponse },
          403: { description: 'Sign-up is closed (registration_closed)' },
          409: { description: 'Email already registered (email_taken)' },
        },
        handler: async ({ body }) => ({ status: 201, body: await register(deps, body) }),
      }),
    )
    .add(
      defineRoute({
        method: 'post',
        path: '/auth/login',
        operationId: 'login',
        summary: 'Log in with email and password (JSON, or the OAuth2 password form with username)',
        tags,
        access: 'public' as const,
        body: loginBody,
        bodyTypes: ['application/json', 'application/x-www-form-urlencoded'],
        responses: {
          200: { description: 'A session', schema: tokenResponse },
          401: { description: 'Wrong email or password (invalid_credentials)' },
          429: { description: 'Too many attempts for this account or address (rate_limited); see Retry-After' },
        },
        handler: async ({ body, ctx }) => {
          const credentials = 'email' in body ? { email: body.email, shape: 'json' as const } : { email: body.username, shape: 'form' as const };
          return { status: 200, body: await login(deps, ctx, credentials), headers: { 'Cache-Control': 'no-store' } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'post',
        path: '/auth/refresh',
        operationId: 'refreshSession',
        summary: 'Exchange a refresh token for new tokens (rotation; a reused token ends the session)',
        tags,
        access: 'public' as const,
        body: refreshTokenBody,
        responses: {
          200: { description: 'New access and refresh tokens', schema: tokenResponse },
          401: { description: 'invalid_refresh_token, refresh_token_expired, refresh_token_revoked or refresh_token_reused' },
        },
        handler: async ({ body }) => ({ status: 200, body: await refresh(deps, body.refresh_token), headers: { 'Cache-Control': 'no-store' } }),
      }),
    )
    .add(
      defineRoute({
        method: 'post',
        path: '/auth/logout',
        operationId: 'logout',
        summary: 'End the session the refresh token belongs to',
        tags,
        access: 'public' as const,
        body: refreshTokenBody,
        responses: { 204: { description: 'Session ended (also for unknown tokens)' } },
        handler: async ({ body }) => {
          await logout(deps, body.refresh_token);
          return { status: 204 };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'get',
        path: '/auth/me',
        operationId: 'getMe',
        summary: 'The signed-in user and their memberships',
        tags,
        access: 'authenticated' as const,
        responses: { 200: { description: 'The user', schema: meResponse } },
        handler: async ({ principal }) => ({ status: 200, body: await me(deps, principal) }),
      }),
    );
}
