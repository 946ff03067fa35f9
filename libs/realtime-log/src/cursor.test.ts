import { compareCursors, isCursor, parseCursor } from './cursor';

describe('cursors', () => {
  it('orders by both parts numerically, not as text', () => {
    expect(compareCursors('9-0', '10-0')).toBeLessThan(0);
    expect(compareCursors('10-2', '10-10')).toBeLessThan(0);
    expect(compareCursors('1795646885314-7', '1795646885314-7')).toBe(0);
    expect(compareCursors('1795646885315-0', '1795646885314-18446744073709551615')).toBeGreaterThan(0);
  });

  it('rejects what is not a cursor', () => {
    for (const bad of ['', 'abc', '1-', '-1', '1-2-3', 'local-1-2', ' 1-2']) {
      expect(parseCursor(bad)).toBeNull();
      expect(isCursor(bad)).toBe(false);
    }
    expect(() => compareCursors('local-1-2', '1-2')).toThrow();
  });
});
