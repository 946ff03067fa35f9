import { orderedPair, partnerChanges } from './combinable';

describe('combinable pairs', () => {
  it('stores a pair the same way from either side', () => {
    expect(orderedPair('b', 'a')).toEqual(['a', 'b']);
    expect(orderedPair('a', 'b')).toEqual(['a', 'b']);
  });

  it('diffs partner sets, ignoring duplicates', () => {
    expect(partnerChanges(['a', 'b'], ['b', 'c', 'c'])).toEqual({ added: ['c'], removed: ['a'] });
    expect(partnerChanges([], [])).toEqual({ added: [], removed: [] });
  });
});
