import { ApiRouter, defineRoute, type JwtAuthenticator } from '@qtable/http';
import { z } from 'zod';
import type { AccessTokenSigner } from '../../tokens/access-token-signer';

const jwksResponse = z.object({
  keys: z.array(z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), kid: z.string(), use: z.literal('sig'), alg: z.literal('ES256') })),
});

/** The access-token verification key as a JWK Set (RFC 7517), for verifiers that fetch keys by `kid`. */
export function jwksRouter(signer: AccessTokenSigner, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator }).add(
    defineRoute({
      method: 'get',
      path: '/.well-known/jwks.json',
      operationId: 'getJwks',
      summary: 'Public keys that verify QTable access tokens',
      tags: ['auth'],
      access: 'public' as const,
      responses: { 200: { description: 'JWK Set', schema: jwksResponse } },
      handler: async () => ({ status: 200, body: signer.jwks(), headers: { 'Cache-Control': 'public, max-age=300' } }),
    }),
  );
}
