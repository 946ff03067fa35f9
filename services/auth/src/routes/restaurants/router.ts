import { ApiRouter, defineRoute, etagOf, expectedVersion, type JwtAuthenticator } from '@qtable/http';
import { z } from 'zod';
import type { AuthDeps } from '../../deps';
import { createRestaurant } from '../../operations/create-restaurant';
import { findTenantRestaurant, listMyRestaurants } from '../../operations/restaurants-query';
import { updateRestaurant } from '../../operations/update-restaurant';
import { restaurantView } from '../../operations/views';
import { restaurantSchema } from '../fields';
import { createRestaurantBody, createRestaurantResponse, restaurantParams, restaurantWithRole, updateRestaurantBody } from './schemas';

// `access: ... as const`: inside ApiRouter.add(), TypeScript would otherwise infer the access
// type from add()'s `any` parameter and type `principal` as possibly undefined.
const tags = ['restaurants'];

export function restaurantsRouter(deps: AuthDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator })
    .add(
      defineRoute({
        method: 'get',
        path: '/restaurants',
        operationId: 'listRestaurants',
        summary: 'Restaurants the caller is a member of, with their role',
        tags,
        access: 'authenticated' as const,
        responses: { 200: { description: 'The restaurants', schema: z.array(restaurantWithRole) } },
        handler: async ({ principal }) => ({ status: 200, body: await listMyRestaurants(deps.em(), principal.userId) }),
      }),
    )
    .add(
      defineRoute({
        method: 'post',
        path: '/restaurants',
        operationId: 'createRestaurant',
        summary: "Create a restaurant in the caller's organization (owners); the creator owns it",
        tags,
        access: 'authenticated' as const,
        body: createRestaurantBody,
        responses: {
          201: { description: 'The restaurant and a fresh access token that includes it', schema: createRestaurantResponse },
          403: { description: 'The caller owns no restaurant of the organization' },
        },
        handler: async ({ principal, body }) => {
          const created = await createRestaurant(deps, principal, body);
          const headers = { Location: `/restaurants/${created.restaurant.id}`, ETag: etagOf(created.restaurant.version), 'Cache-Control': 'no-store' };
          return { status: 201, body: created, headers };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'get',
        path: '/restaurants/:restaurantId',
        operationId: 'getRestaurant',
        summary: 'One restaurant; its ETag is the version to send back with PUT',
        tags,
        access: { permission: 'read' } as const,
        params: restaurantParams,
        responses: { 200: { description: 'The restaurant', schema: restaurantSchema } },
        handler: async ({ principal, params }) => {
          const restaurant = restaurantView(await findTenantRestaurant(deps.em(), principal, params.restaurantId));
          return { status: 200, body: restaurant, headers: { ETag: etagOf(restaurant.version) } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'put',
        path: '/restaurants/:restaurantId',
        operationId: 'updateRestaurant',
        summary: 'Change name, time zone or settings (owners and managers), at a known version',
        tags,
        access: { permission: 'configure' } as const,
        params: restaurantParams,
        body: updateRestaurantBody,
        responses: {
          200: { description: 'The restaurant after the change', schema: restaurantSchema },
          409: { description: 'Stale version (version_conflict); details.current is the current state' },
          428: { description: 'No version given (version_required)' },
        },
        handler: async ({ principal, params, body, ctx }) => {
          const { version, ...changes } = body;
          const expected = expectedVersion(ctx, version);
          const restaurant = await updateRestaurant(deps, principal, params.restaurantId, changes, expected);
          return { status: 200, body: restaurant, headers: { ETag: etagOf(restaurant.version) } };
        },
      }),
    );
}
