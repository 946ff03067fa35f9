import type { EntityManager } from '@mikro-orm/postgresql';
import { HttpError, notFound } from '@qtable/http';
import { GuestSchema, type Guest } from '../entities';
import { viewOf } from './guest-view';

/** The party, if it belongs to the restaurant; another restaurant's id answers 404 like a missing one. */
export async function findGuest(em: EntityManager, restaurantId: string, guestId: string): Promise<Guest> {
  const guest = await em.findOne(GuestSchema, { id: guestId, restaurantId });
  if (!guest) throw notFound('Guest');
  return guest;
}

/** 409 unless the party is still at the version the client read; details.current is the party now. */
export async function requireVersion(em: EntityManager, guest: Guest, expected: number): Promise<void> {
  if (guest.version !== expected) {
    throw new HttpError(409, 'version_conflict', `The party changed (now version ${guest.version}); reload and retry`, { current: await viewOf(em, guest) });
  }
}
