import { ApiRouter, defineRoute, type JwtAuthenticator } from '@qtable/http';
import { z } from 'zod';
import type { AuthDeps } from '../../deps';
import { inviteMember } from '../../operations/invite-member';
import { listMembers } from '../../operations/members';
import { revokeMember } from '../../operations/revoke-member';
import { inviteMemberBody, memberParams, memberSchema, membersParams } from './schemas';

// `access: ... as const`: inside ApiRouter.add(), TypeScript would otherwise infer the access
// type from add()'s `any` parameter and type `principal` as possibly undefined.
const tags = ['members'];

/**
 * Staff management. The route gate is the `configure` permission (owners and managers);
 * which roles each may grant or remove is decided by domain/role-grants.ts against the
 * caller's current role in the database.
 */
export function membersRouter(deps: AuthDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator })
    .add(
      defineRoute({
        method: 'get',
        path: '/restaurants/:restaurantId/members',
        operationId: 'listMembers',
        summary: "The restaurant's staff and their roles",
        tags,
        access: { permission: 'configure' } as const,
        params: membersParams,
        responses: { 200: { description: 'Members', schema: z.array(memberSchema) } },
        handler: async ({ principal, params }) => ({ status: 200, body: await listMembers(deps, principal, params.restaurantId) }),
      }),
    )
    .add(
      defineRoute({
        method: 'post',
        path: '/restaurants/:restaurantId/members',
        operationId: 'addMember',
        summary: 'Add staff: an account of the organization, or a new one (with an initial password)',
        tags,
        access: { permission: 'configure' } as const,
        params: membersParams,
        body: inviteMemberBody,
        responses: {
          201: { description: 'The membership', schema: memberSchema },
          409: { description: 'already_member, or email_in_use by another organization' },
        },
        handler: async ({ principal, params, body }) => ({ status: 201, body: await inviteMember(deps, principal, params.restaurantId, body) }),
      }),
    )
    .add(
      defineRoute({
        method: 'delete',
        path: '/restaurants/:restaurantId/members/:userId',
        operationId: 'removeMember',
        summary: 'Remove a member from the restaurant',
        tags,
        access: { permission: 'configure' } as const,
        params: memberParams,
        responses: { 204: { description: 'Removed' }, 409: { description: 'The last owner cannot be removed (last_owner)' } },
        handler: async ({ principal, params }) => {
          await revokeMember(deps, principal, params.restaurantId, params.userId);
          return { status: 204 };
        },
      }),
    );
}
