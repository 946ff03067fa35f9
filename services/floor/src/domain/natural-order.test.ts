import { compareTableNumbers } from './natural-order';

describe('compareTableNumbers', () => {
  it('sorts numbers by value and prefixed labels by prefix, then value', () => {
    const numbers = ['10', 'P10', '2', 'bar 1', 'P2', '1', 'p1'];
    expect([...numbers].sort(compareTableNumbers)).toEqual(['1', '2', '10', 'bar 1', 'p1', 'P2', 'P10']);
  });
});
