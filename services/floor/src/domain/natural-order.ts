const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Orders table numbers as staff read them: 2 before 10, P2 before P10, case-insensitively. */
export function compareTableNumbers(a: string, b: string): number {
  return collator.compare(a, b);
}
