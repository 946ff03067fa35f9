import type { EntityManager } from '@mikro-orm/postgresql';
import { decideSeating, type SeatingWarning } from '../domain/seating-rules';
import type { Guest } from '../entities';
import { seatingRefused, tableOccupied } from './failures';
import { occupants, tableFacts } from './seating-store';

/**
 * Checks a seating against the table projection and current occupancy (see
 * domain/seating-rules.ts); throws the HTTP refusal, or returns the warnings.
 */
export async function checkSeating(
  em: EntityManager,
  request: { guest: Guest; partySize: number; tableIds: string[]; overrideRequested: boolean; mayOverride: boolean },
): Promise<SeatingWarning[]> {
  const decision = decideSeating({
    guestId: request.guest.id,
    partySize: request.partySize,
    tableIds: request.tableIds,
    tables: await tableFacts(em, request.guest.restaurantId, request.tableIds),
    occupiedBy: await occupants(em, request.tableIds),
    overrideRequested: request.overrideRequested,
    mayOverride: request.mayOverride,
  });
  if (decision.ok) return decision.warnings;
  if (decision.refusal.code === 'table_occupied') throw await tableOccupied(em, decision.refusal.tableId, decision.refusal.guestId);
  throw seatingRefused(decision.refusal);
}
