import { areCombinable, decideSeating, type SeatingRequest, type TableFacts } from './seating-rules';

const table = (id: string, capacity: number, extra: Partial<TableFacts> = {}): TableFacts => ({
  id,
  number: id,
  capacity,
  minCapacity: null,
  outOfService: false,
  combinableWith: [],
  ...extra,
});

const floor = new Map<string, TableFacts>(
  [
    table('t2', 2, { combinableWith: ['t4'] }),
    table('t4', 4, { minCapacity: 3, combinableWith: ['t2', 't6'] }),
    table('t6', 6, { combinableWith: ['t4'] }),
    table('t8', 8),
    table('broken', 4, { outOfService: true }),
  ].map((t) => [t.id, t]),
);

const request = (over: Partial<SeatingRequest>): SeatingRequest => ({
  guestId: 'g1',
  partySize: 4,
  tableIds: ['t4'],
  tables: floor,
  occupiedBy: new Map(),
  overrideRequested: false,
  mayOverride: false,
  ...over,
});

describe('decideSeating', () => {
  it('seats a party that fits a free table', () => {
    expect(decideSeating(request({}))).toEqual({ ok: true, warnings: [], capacity: 4 });
  });

  it('refuses unknown, out-of-service and occupied tables, naming them', () => {
    expect(decideSeating(request({ tableIds: ['t4', 'nope'] }))).toEqual({ ok: false, refusal: { code: 'unknown_table', tableIds: ['nope'] } });
    expect(decideSeating(request({ tableIds: ['broken'] }))).toEqual({ ok: false, refusal: { code: 'table_out_of_service', tableIds: ['broken'] } });
    expect(decideSeating(request({ occupiedBy: new Map([['t4', 'g2']]) }))).toEqual({
      ok: false,
      refusal: { code: 'table_occupied', tableId: 't4', guestId: 'g2' },
    });
  });

  it('lets a party keep its own table while moving to a joined one', () => {
    expect(decideSeating(request({ tableIds: ['t4', 't6'], partySize: 9, occupiedBy: new Map([['t4', 'g1']]) })).ok).toBe(true);
  });

  it('sums the capacity of joined tables and requires them to be combinable', () => {
    expect(decideSeating(request({ partySize: 12, tableIds: ['t2', 't4', 't6'] }))).toEqual({ ok: true, warnings: [], capacity: 12 });
    expect(decideSeating(request({ partySize: 10, tableIds: ['t2', 't8'] }))).toEqual({
      ok: false,
      refusal: { code: 'tables_not_combinable', tableIds: ['t2', 't8'] },
    });
  });

  it('needs an override permission to seat more than the capacity', () => {
    expect(decideSeating(request({ partySize: 5 }))).toEqual({ ok: false, refusal: { code: 'party_exceeds_capacity', partySize: 5, capacity: 4 } });
    expect(decideSeating(request({ partySize: 5, overrideRequested: true }))).toEqual({
      ok: false,
      refusal: { code: 'override_forbidden', partySize: 5, capacity: 4 },
    });
    expect(decideSeating(request({ partySize: 5, overrideRequested: true, mayOverride: true }))).toEqual({ ok: true, warnings: ['capacity_overridden'], capacity: 4 });
  });

  it('seats a party below the minimum with a warning', () => {
    expect(decideSeating(request({ partySize: 2 }))).toEqual({ ok: true, warnings: ['below_min_capacity'], capacity: 4 });
  });
});

describe('areCombinable', () => {
  it('accepts a connected chain and either direction of listing', () => {
    expect(areCombinable([floor.get('t2')!, floor.get('t4')!, floor.get('t6')!])).toBe(true);
    expect(areCombinable([table('a', 2, { combinableWith: ['b'] }), table('b', 2)])).toBe(true);
  });
  it('refuses a group with an island', () => {
    expect(areCombinable([floor.get('t2')!, floor.get('t6')!])).toBe(false);
  });
});
