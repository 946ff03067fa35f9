import type { TableStatus } from '@qtable/contracts';

/** The facts a table's displayed status is derived from, each owned by one service. */
export interface StatusFacts {
  /** Floor's own fact. */
  outOfService: boolean;
  /** Guests' fact, as projected: the seated party, if any. */
  partyId: string | null;
  /** Reservations' fact, as projected: a hold on the table is active. */
  held: boolean;
}

/** Out of service wins, then occupied, then reserved, else available (docs/architecture.md). */
export function deriveStatus(facts: StatusFacts): TableStatus {
  if (facts.outOfService) return 'out_of_service';
  if (facts.partyId) return 'occupied';
  if (facts.held) return 'reserved';
  return 'available';
}
