import { deriveStatus } from './table-status';

describe('deriveStatus', () => {
  const party = '6f1c1f0e-0000-4000-8000-000000000001';
  it.each([
    [{ outOfService: true, partyId: party, held: true }, 'out_of_service'],
    [{ outOfService: false, partyId: party, held: true }, 'occupied'],
    [{ outOfService: false, partyId: null, held: true }, 'reserved'],
    [{ outOfService: false, partyId: null, held: false }, 'available'],
    [{ outOfService: true, partyId: null, held: false }, 'out_of_service'],
  ])('%j -> %s', (facts, status) => {
    expect(deriveStatus(facts)).toBe(status);
  });
});
