/** What seating needs to know about a table: guests' projection of floor's TableView. */
export interface TableFacts {
  id: string;
  number: string;
  capacity: number;
  minCapacity: number | null;
  outOfService: boolean;
  combinableWith: string[];
}

export interface SeatingRequest {
  guestId: string;
  partySize: number;
  /** Distinct, in the order the host gave them (the first is the view's `tableId`). */
  tableIds: string[];
  /** Tables known in this restaurant and not deleted, by id (others are unknown). */
  tables: ReadonlyMap<string, TableFacts>;
  /** Active seatings on the requested tables: table id → guest id sitting there. */
  occupiedBy: ReadonlyMap<string, string>;
  /** `overrideCapacity: true` was sent. */
  overrideRequested: boolean;
  /** The caller's role grants the `override` permission. */
  mayOverride: boolean;
}

export type SeatingWarning = 'below_min_capacity' | 'capacity_overridden';

export type SeatingRefusal =
  | { code: 'unknown_table'; tableIds: string[] }
  | { code: 'table_out_of_service'; tableIds: string[] }
  | { code: 'tables_not_combinable'; tableIds: string[] }
  | { code: 'table_occupied'; tableId: string; guestId: string }
  | { code: 'party_exceeds_capacity'; partySize: number; capacity: number }
  | { code: 'override_forbidden'; partySize: number; capacity: number };

export type SeatingDecision = { ok: true; warnings: SeatingWarning[]; capacity: number } | { ok: false; refusal: SeatingRefusal };

/**
 * Joined tables must form one connected group in floor's combinability graph (an edge when
 * either table lists the other), so three tables pushed together in a row (A–B, B–C) are
 * fine although A does not touch C. Either direction counts: floor keeps the lists
 * symmetric, and a projection that has seen only one side's update should not refuse.
 */
export function areCombinable(tables: TableFacts[]): boolean {
  if (tables.length <= 1) return true;
  const ids = new Set(tables.map((t) => t.id));
  const edges = new Map<string, Set<string>>([...ids].map((id) => [id, new Set<string>()]));
  for (const t of tables) {
    for (const other of t.combinableWith) {
      if (other !== t.id && ids.has(other)) {
        edges.get(t.id)!.add(other);
        edges.get(other)!.add(t.id);
      }
    }
  }
  const seen = new Set<string>([tables[0].id]);
  const stack = [tables[0].id];
  while (stack.length > 0) {
    for (const next of edges.get(stack.pop()!)!) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen.size === ids.size;
}

/**
 * The rules of seating a party at tables, in the order a host would want them explained:
 * the tables exist, are in service, go together, are free (of other parties), and hold
 * the party. A party larger than the tables needs a manager's override; one smaller than
 * a table's minimum is seated with a warning (a quiet moment, a 2 at a 4-top is the host's
 * call). The database's unique index on active seatings is the last word on "free"; this
 * check gives the common case a clear answer without relying on a constraint error.
 */
export function decideSeating(request: SeatingRequest): SeatingDecision {
  const unknown = request.tableIds.filter((id) => !request.tables.has(id));
  if (unknown.length > 0) return { ok: false, refusal: { code: 'unknown_table', tableIds: unknown } };
  const tables = request.tableIds.map((id) => request.tables.get(id)!);
  const outOfService = tables.filter((t) => t.outOfService).map((t) => t.id);
  if (outOfService.length > 0) return { ok: false, refusal: { code: 'table_out_of_service', tableIds: outOfService } };
  if (!areCombinable(tables)) return { ok: false, refusal: { code: 'tables_not_combinable', tableIds: request.tableIds } };
  for (const id of request.tableIds) {
    const occupant = request.occupiedBy.get(id);
    if (occupant && occupant !== request.guestId) return { ok: false, refusal: { code: 'table_occupied', tableId: id, guestId: occupant } };
  }
  const capacity = tables.reduce((sum, t) => sum + t.capacity, 0);
  const warnings: SeatingWarning[] = [];
  if (request.partySize > capacity) {
    if (!request.overrideRequested) return { ok: false, refusal: { code: 'party_exceeds_capacity', partySize: request.partySize, capacity } };
    if (!request.mayOverride) return { ok: false, refusal: { code: 'override_forbidden', partySize: request.partySize, capacity } };
    warnings.push('capacity_overridden');
  }
  const minCapacity = tables.reduce((sum, t) => sum + (t.minCapacity ?? 0), 0);
  if (request.partySize < minCapacity) warnings.push('below_min_capacity');
  return { ok: true, warnings, capacity };
}
