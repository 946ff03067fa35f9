import { randomUUID } from 'node:crypto';

/** Who caused an event: the user behind the request, or a system process (no-show sweeper). */
export interface EventActor {
  type: 'user' | 'system';
  id: string;
}

/**
 * The domain event envelope of design.md, as it travels on Kafka (JSON value) and on the
 * in-process bus. `data` is the aggregate's state after the change, in the camelCase shape
 * that clients see.
 */
export interface EventEnvelope<T = Record<string, unknown>> {
  /** uuid; consumers deduplicate on it. */
  id: string;
  /** `entity.past_tense`, e.g. `guest.seated` (see each service's contracts). */
  type: string;
  restaurantId: string;
  aggregateId: string;
  /** The aggregate's version after the change; lets consumers ignore stale updates. */
  aggregateVersion: number;
  /** ISO-8601 UTC. */
  occurredAt: string;
  actor: EventActor | null;
  data: T;
}

export function newEvent<T>(fields: Omit<EventEnvelope<T>, 'id' | 'occurredAt'> & { occurredAt?: Date }): EventEnvelope<T> {
  const { occurredAt, ...rest } = fields;
  return { id: randomUUID(), occurredAt: (occurredAt ?? new Date()).toISOString(), ...rest };
}
