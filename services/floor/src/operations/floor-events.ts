import type { EntityManager } from '@mikro-orm/postgresql';
import { FloorEvents, Topics, type SectionView, type TableView } from '@qtable/contracts';
import { newEvent, recordEvent, type EventActor } from '@qtable/events';

// Recorded into the outbox of the caller's unit of work, after the flush that assigned the
// versions, so each event commits with its change in the same transaction. One event per
// aggregate per transaction: its aggregateVersion is the view's version, and consumers that
// drop versions they have seen would drop a second event of the same version.

type TableEventType = (typeof FloorEvents)['TABLE_CREATED' | 'TABLE_UPDATED' | 'TABLE_STATUS_CHANGED' | 'TABLE_DELETED'];
type SectionEventType = (typeof FloorEvents)['SECTION_CREATED' | 'SECTION_UPDATED' | 'SECTION_DELETED'];

export function recordTableEvent(em: EntityManager, type: TableEventType, view: TableView, actor: EventActor | null): void {
  recordEvent(
    em,
    Topics.FLOOR,
    newEvent({ type, restaurantId: view.restaurantId, aggregateId: view.id, aggregateVersion: view.version, actor, data: view }),
  );
}

export function recordSectionEvent(em: EntityManager, type: SectionEventType, view: SectionView, actor: EventActor | null): void {
  recordEvent(
    em,
    Topics.FLOOR,
    newEvent({ type, restaurantId: view.restaurantId, aggregateId: view.id, aggregateVersion: view.version, actor, data: view }),
  );
}

export const userActor = (userId: string): EventActor => ({ type: 'user', id: userId });
