import { randomUUID } from 'node:crypto';
import { AuthEvents, FloorEvents, GuestEvents, Topics, type GuestView, type Role, type TableView } from '@qtable/contracts';
import { newEvent, type DeliveredEvent, type EventEnvelope } from '@qtable/events';
import { startTestSystem, type TestSystem } from '@qtable/runtime/testing';
import { ManualClock } from '../../src/clock';
import { createReservationsService } from '../../src/service';

export interface Call {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TableSpec {
  number: string;
  capacity: number;
  minCapacity?: number | null;
  combinableWith?: string[];
  outOfService?: boolean;
  partyId?: string | null;
}

/**
 * The reservations service as production runs it (real PostgreSQL, migrations, outbox
 * relay, HTTP app) with a hand-set clock. The other services are played by the test: it
 * publishes auth's, floor's and guests' events on the bus, as they would.
 */
export class ReservationsHarness {
  readonly events: DeliveredEvent[] = [];
  private readonly tableVersions = new Map<string, { restaurantId: string; version: number; spec: TableSpec }>();

  private constructor(
    readonly system: TestSystem,
    readonly clock: ManualClock,
  ) {}

  static async start(options: { now: string; env?: Record<string, string> }): Promise<ReservationsHarness> {
    const clock = new ManualClock(options.now);
    const system = await startTestSystem({
      services: [createReservationsService({ clock })],
      env: { RESERVATIONS_SWEEP_INTERVAL_MS: '40', ...options.env },
    });
    const harness = new ReservationsHarness(system, clock);
    await system.bus.subscribe({ id: 'test.reservations-recorder', topics: [Topics.RESERVATIONS], onEvent: async (e) => void harness.events.push(e) });
    return harness;
  }

  get url(): string {
    return this.system.url;
  }

  get orm() {
    return this.system.running.services[0].orm;
  }

  close(): Promise<void> {
    return this.system.close();
  }

  token(restaurantId: string, role: Role = 'manager', userId?: string): string {
    return this.system.token({ memberships: { [restaurantId]: role }, userId });
  }

  async call(method: string, path: string, options: { token: string; body?: unknown; headers?: Record<string, string> }): Promise<Call> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, ...(options.headers ?? {}) };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  /** Publishes an event of another service, as its outbox relay would. */
  async publish(topic: string, envelope: EventEnvelope): Promise<void> {
    await this.system.bus.publish([{ topic, key: envelope.restaurantId, envelope, headers: {} }]);
  }

  /** A restaurant as auth announces it. */
  async restaurant(timeZone: string, version = 1, id: string = randomUUID()): Promise<string> {
    await this.publish(
      Topics.AUTH,
      newEvent({
        type: version === 1 ? AuthEvents.RESTAURANT_CREATED : AuthEvents.RESTAURANT_UPDATED,
        restaurantId: id,
        aggregateId: id,
        aggregateVersion: version,
        actor: null,
        data: { id, organizationId: randomUUID(), name: 'Harbour Grill', timeZone, settings: {}, version },
      }),
    );
    return id;
  }

  /** A table as floor announces it. */
  async table(restaurantId: string, spec: TableSpec, id: string = randomUUID()): Promise<string> {
    this.tableVersions.set(id, { restaurantId, version: 1, spec });
    await this.publish(Topics.FLOOR, this.tableEvent(restaurantId, id, spec, 1, FloorEvents.TABLE_CREATED));
    return id;
  }

  /** The next version of a table (updated, status changed or deleted). */
  async updateTable(id: string, changes: Partial<TableSpec>, type: string = FloorEvents.TABLE_UPDATED): Promise<void> {
    const previous = this.tableVersions.get(id)!;
    const next = { restaurantId: previous.restaurantId, version: previous.version + 1, spec: { ...previous.spec, ...changes } };
    this.tableVersions.set(id, next);
    await this.publish(Topics.FLOOR, this.tableEvent(next.restaurantId, id, next.spec, next.version, type));
  }

  tableEvent(restaurantId: string, id: string, spec: TableSpec, version: number, type: string): EventEnvelope {
    const partyId = spec.partyId ?? null;
    const data: TableView = {
      id,
      restaurantId,
      number: spec.number,
      capacity: spec.capacity,
      minCapacity: spec.minCapacity ?? null,
      shape: 'square',
      x: 0,
      y: 0,
      width: 80,
      height: 80,
      rotation: 0,
      sectionId: null,
      status: spec.outOfService ? 'out_of_service' : partyId ? 'occupied' : 'available',
      outOfService: spec.outOfService ?? false,
      partyId,
      combinableWith: spec.combinableWith ?? [],
      version,
      createdAt: this.clock.now().toISOString(),
      updatedAt: this.clock.now().toISOString(),
    };
    return newEvent({ type, restaurantId, aggregateId: id, aggregateVersion: version, actor: null, data, occurredAt: this.clock.now() });
  }

  /** A party of the guests service, as its guest.* events carry it. */
  async guestEvent(restaurantId: string, type: string, party: Partial<GuestView> & { id: string; status: GuestView['status']; version: number }): Promise<void> {
    const data: GuestView = {
      restaurantId,
      guestName: 'Party',
      partySize: 2,
      phone: null,
      notes: null,
      tags: [],
      tableId: party.tableIds?.[0] ?? null,
      tableIds: [],
      quotedWaitMinutes: null,
      position: null,
      reservationId: null,
      createdAt: this.clock.now().toISOString(),
      notifiedAt: null,
      seatedAt: party.status === 'seated' ? this.clock.now().toISOString() : null,
      completedAt: party.status === 'completed' ? this.clock.now().toISOString() : null,
      ...party,
    };
    await this.publish(Topics.GUESTS, newEvent({ type, restaurantId, aggregateId: party.id, aggregateVersion: party.version, actor: { type: 'user', id: 'host-1' }, data, occurredAt: this.clock.now() }));
  }

  /** Publishes what the outbox holds now. */
  flush(): Promise<void> {
    return this.system.flushOutboxes();
  }

  /** Events of `type` about a reservation (or any), after publishing the outbox. */
  async eventsOf(type: string, aggregateId?: string): Promise<EventEnvelope[]> {
    await this.flush();
    return this.events.map((e) => e.envelope).filter((e) => e.type === type && (!aggregateId || e.aggregateId === aggregateId));
  }
}

export const GuestEventTypes = GuestEvents;
