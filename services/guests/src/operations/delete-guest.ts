import type { EntityManager } from '@mikro-orm/postgresql';
import { GuestEvents, type GuestView } from '@qtable/contracts';
import type { GuestsDeps } from '../deps';
import { tables, type Guest } from '../entities';
import { DeferredFailure, staleGuest } from './failures';
import { recordGuestEvent, userActor } from './guest-events';
import { viewOf } from './guest-view';
import { release } from './seating-store';

/**
 * Removes a party (entered by mistake) inside the caller's transaction, freeing its tables
 * if it was seated. guest.deleted carries the last view with the version bumped, so a
 * consumer that keys on versions sees the deletion as newer than any update.
 */
export async function deleteGuest(deps: GuestsDeps, em: EntityManager, guest: Guest, userId: string): Promise<GuestView> {
  const last = await viewOf(em, guest);
  if (guest.status === 'seated') await release(em, guest.id, deps.now());
  // The version in the WHERE clause: a write that landed after our read wins, and we answer 409.
  const deleted = await em.execute<{ id: string }[]>(`delete from ${tables.guest} where "id" = ? and "version" = ? returning "id"`, [guest.id, guest.version]);
  if (deleted.length === 0) throw new DeferredFailure((fresh) => staleGuest(fresh, guest.restaurantId, guest.id));
  const view: GuestView = { ...last, position: null, version: guest.version + 1 };
  recordGuestEvent(em, GuestEvents.GUEST_DELETED, view, userActor(userId));
  return view;
}
