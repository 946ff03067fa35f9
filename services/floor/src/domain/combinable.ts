/** A combinable pair as stored: one row per unordered pair, smaller id first. */
export function orderedPair(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}

/** What changes when a table's partner set goes from `current` to `requested`. */
export function partnerChanges(current: readonly string[], requested: readonly string[]): { added: string[]; removed: string[] } {
  const now = new Set(current);
  const next = new Set(requested);
  return {
    added: [...next].filter((id) => !now.has(id)).sort(),
    removed: [...now].filter((id) => !next.has(id)).sort(),
  };
}
