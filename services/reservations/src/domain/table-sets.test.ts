import { candidateSets, isJoinable, largestPartySize, type TableInfo } from './table-sets';

const t = (id: string, capacity: number, combinableWith: string[] = [], minCapacity: number | null = null): TableInfo => ({ id, number: id, capacity, minCapacity, combinableWith });

// 1-2-3 form a row of two-tops; 4 is a four-top; 5 an eight-top that seats at least five.
const floor = [t('1', 2, ['2']), t('2', 2, ['3']), t('3', 2), t('4', 4), t('5', 8, [], 5)];

describe('candidateSets', () => {
  it('prefers the smallest single table that fits', () => {
    expect(candidateSets(floor, 2).map((s) => s.tableIds)).toEqual([['1'], ['2'], ['3'], ['4']]);
  });

  it('joins combinable tables when no single table fits, smallest fit first', () => {
    const sets = candidateSets(floor, 6).map((s) => s.tableIds.join('+'));
    expect(sets).toEqual(['1+2+3', '5']);
  });

  it('keeps a table out of a set when the rest already fits', () => {
    const sets = candidateSets([t('a', 2, ['b']), t('b', 8)], 6).map((s) => s.tableIds.join('+'));
    expect(sets).toEqual(['b']);
  });

  it('honours the smallest party a table takes', () => {
    expect(candidateSets(floor, 4).map((s) => s.tableIds.join('+'))).toEqual(['4', '1+2', '2+3']);
  });

  it('knows the largest party the room can seat', () => {
    expect(largestPartySize(floor)).toBe(8);
    expect(largestPartySize([t('a', 4, ['b']), t('b', 4, ['c']), t('c', 4)])).toBe(12);
    expect(largestPartySize([])).toBe(0);
  });

  it('tells joinable groups from tables that cannot be pushed together', () => {
    expect(isJoinable(floor, ['1', '2', '3'])).toBe(true);
    expect(isJoinable(floor, ['1', '3'])).toBe(false);
    expect(isJoinable(floor, ['4'])).toBe(true);
  });

  it('stays fast on a floor where every table combines with every other', () => {
    const all = Array.from({ length: 40 }, (_, i) => String(i));
    const dense = all.map((id) => t(id, 2, all));
    const started = Date.now();
    expect(candidateSets(dense, 8)[0].tableIds).toHaveLength(4);
    expect(largestPartySize(dense)).toBe(8);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
