import { z } from 'zod';
import type { RouteDefinition } from './define-route';

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. validation_failed, version_conflict' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBodySchema } } });

/** The failures every route can answer with, documented once for all. */
export function errorResponses(definition: RouteDefinition) {
  return {
    ...(definition.params || definition.query || definition.body ? { 400: errorResponse('Invalid request (validation_failed, malformed_body)') } : {}),
    ...(definition.access !== 'public' ? { 401: errorResponse('Missing, invalid or expired access token') } : {}),
    ...(typeof definition.access === 'object'
      ? { 403: errorResponse('Your role lacks the permission'), 404: errorResponse('Not found, or not in your organization') }
      : {}),
  };
}
