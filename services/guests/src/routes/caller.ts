import { roleAllows, type Principal } from '@qtable/contracts';
import type { Caller } from '../operations/change-guest';

/** The acting user and whether their role in this restaurant may override capacity. */
export function callerOf(principal: Principal, restaurantId: string): Caller {
  const role = principal.memberships[restaurantId];
  return { userId: principal.userId, mayOverride: role !== undefined && roleAllows(role, 'override') };
}

/** Seating warnings travel in a header, so the body stays exactly a GuestView. */
export const warningHeaders = (warnings: string[]): Record<string, string> => (warnings.length > 0 ? { 'QTable-Warnings': warnings.join(', ') } : {});
