import { normalizeRotation } from './table-fields';

describe('normalizeRotation', () => {
  it.each([
    [0, 0],
    [90, 90],
    [360, 0],
    [-90, 270],
    [-360, 0],
    [45.5, 45.5],
  ])('%d -> %d', (input, output) => {
    expect(normalizeRotation(input)).toBe(output);
  });
});
