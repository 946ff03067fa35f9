import { SectionView } from '@qtable/contracts';
import { isUniqueViolation } from '@qtable/db';
import { ApiRouter, conflict, defineRoute, etagOf, expectedVersion, idempotentCreate, type JwtAuthenticator } from '@qtable/http';
import { z } from 'zod';
import type { FloorDeps } from '../../deps';
import { userActor } from '../../operations/floor-events';
import { createSection, deleteSection, getSection, listSections, updateSection } from '../../operations/sections';
import { deleteQuery, restaurantParams } from '../fields';
import { staleFromLockError } from '../stale';
import { createSectionBody, sectionParams, updateSectionBody } from './schemas';

const tags = ['sections'];
const base = '/restaurants/:restaurantId/sections';
const conflicts = { description: 'version_conflict (details.current), section_name_taken, section_not_empty, section_limit_reached' };

async function nameRace<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('section_name_taken', 'This restaurant already has a section with that name');
    throw err;
  }
}

export function sectionsRouter(deps: FloorDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator })
    .add(
      defineRoute({
        method: 'get',
        path: base,
        operationId: 'listSections',
        summary: 'Sections in display order',
        tags,
        access: { permission: 'read' } as const,
        params: restaurantParams,
        responses: { 200: { description: 'The sections', schema: z.array(SectionView) } },
        handler: async ({ params }) => ({ status: 200, body: await listSections(deps.em(), params.restaurantId) }),
      }),
    )
    .add(
      defineRoute({
        method: 'post',
        path: base,
        operationId: 'createSection',
        summary: 'Create a section (owners and managers); honours Idempotency-Key',
        tags,
        access: { permission: 'configure' } as const,
        params: restaurantParams,
        body: createSectionBody,
        responses: { 201: { description: 'The section', schema: SectionView }, 409: conflicts },
        handler: async ({ params, body, principal, ctx }) => {
          const result = await nameRace(() =>
            idempotentCreate(ctx, deps.em(), { userId: principal.userId, operation: 'floor.createSection' }, async (tx) => {
              const view = await createSection(tx, params.restaurantId, body, userActor(principal.userId));
              return { status: 201, body: view, headers: { Location: `${ctx.path}/${view.id}`, ETag: etagOf(view.version) } };
            }),
          );
          deps.outboxCommitted();
          return result;
        },
      }),
    )
    .add(
      defineRoute({
        method: 'get',
        path: `${base}/:sectionId`,
        operationId: 'getSection',
        summary: 'One section; its ETag is the version to send back with PUT or DELETE',
        tags,
        access: { permission: 'read' } as const,
        params: sectionParams,
        responses: { 200: { description: 'The section', schema: SectionView } },
        handler: async ({ params }) => {
          const view = await getSection(deps.em(), params.restaurantId, params.sectionId);
          return { status: 200, body: view, headers: { ETag: etagOf(view.version) } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'put',
        path: `${base}/:sectionId`,
        operationId: 'updateSection',
        summary: 'Rename, recolour or reorder a section at a known version',
        tags,
        access: { permission: 'configure' } as const,
        params: sectionParams,
        body: updateSectionBody,
        responses: { 200: { description: 'The section after the change', schema: SectionView }, 409: conflicts, 428: { description: 'No version given' } },
        handler: async ({ params, body, principal, ctx }) => {
          const expected = expectedVersion(ctx, body.version);
          const outcome = await staleFromLockError(
            () => getSection(deps.em(), params.restaurantId, params.sectionId),
            () => nameRace(() => deps.em().transactional((tx) => updateSection(tx, params.restaurantId, params.sectionId, body, expected, userActor(principal.userId)))),
          );
          if (outcome.changed) deps.outboxCommitted();
          return { status: 200, body: outcome.view, headers: { ETag: etagOf(outcome.view.version) } };
        },
      }),
    )
    .add(
      defineRoute({
        method: 'delete',
        path: `${base}/:sectionId`,
        operationId: 'deleteSection',
        summary: 'Delete a section at a known version; refused (409 section_not_empty) while live tables are in it',
        tags,
        access: { permission: 'configure' } as const,
        params: sectionParams,
        query: deleteQuery,
        responses: { 204: { description: 'Deleted' }, 409: conflicts, 428: { description: 'No version given' } },
        handler: async ({ params, query, principal, ctx }) => {
          const expected = expectedVersion(ctx, query.version);
          await staleFromLockError(
            () => getSection(deps.em(), params.restaurantId, params.sectionId),
            () => deps.em().transactional((tx) => deleteSection(tx, params.restaurantId, params.sectionId, expected, userActor(principal.userId))),
          );
          deps.outboxCommitted();
          return { status: 204 };
        },
      }),
    );
}
