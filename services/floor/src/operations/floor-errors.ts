import { conflict, HttpError } from '@qtable/http';
import type { OutOfServiceRequest } from '../domain/status-request';

/** A well-formed request the floor's rules refuse (unknown section, partner not a table here…). */
export const unprocessable = (code: string, message: string, details?: unknown) => new HttpError(422, code, message, details);

/** Ids of another restaurant answer exactly like ids that do not exist: nothing is revealed. */
export const unknownSection = (sectionId: string) =>
  unprocessable('unknown_section', 'sectionId names no section of this restaurant', { sectionId });

export const unknownTables = (tableIds: string[]) =>
  unprocessable('unknown_table', 'combinableWith names tables that are not live tables of this restaurant', { tableIds });

export const numberTaken = (number: string) =>
  conflict('table_number_taken', `Another table of this restaurant is already numbered "${number}"`, { number });

export function statusRefused(request: Extract<OutOfServiceRequest, { ok: false }>): HttpError {
  if (request.reason === 'contradiction') {
    return new HttpError(400, 'validation_failed', 'status and outOfService disagree', [{ path: 'body.status', message: 'contradicts outOfService' }]);
  }
  return unprocessable(
    'status_derived',
    `A table's status "${request.status}" is derived, not set: it becomes occupied when a guest is seated there (guests), ` +
      'reserved while a reservation holds it; only out_of_service and available can be written',
    { status: request.status, writable: ['out_of_service', 'available'] },
  );
}
