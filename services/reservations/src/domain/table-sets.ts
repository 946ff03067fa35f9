/** What booking needs to know of a table (projected from the floor service). */
export interface TableInfo {
  id: string;
  number: string;
  capacity: number;
  minCapacity: number | null;
  combinableWith: string[];
}

/** One table, or tables joined together, that can take a party. */
export interface TableSet {
  /** Sorted, so the same set always has the same key. */
  tableIds: string[];
  tableNumbers: string[];
  capacity: number;
}

/** Tables joined at most this many at a time (four two-tops make a long table). */
export const MAX_JOINED_TABLES = 4;
/** Bound on enumerated joined sets, so a floor where everything combines with everything stays cheap. */
const MAX_ENUMERATED = 5_000;

const byNumber = new Intl.Collator('en', { numeric: true });

/** The combinable relation as an undirected graph: a pair is joinable if either side lists the other. */
function adjacency(tables: TableInfo[]): Map<string, Set<string>> {
  const ids = new Set(tables.map((t) => t.id));
  const graph = new Map(tables.map((t) => [t.id, new Set<string>()]));
  for (const t of tables) {
    for (const other of t.combinableWith) {
      if (other === t.id || !ids.has(other)) continue;
      graph.get(t.id)!.add(other);
      graph.get(other)!.add(t.id);
    }
  }
  return graph;
}

/**
 * Connected sets of 2..MAX_JOINED_TABLES tables (each set once). `stop(set)` ends the growth
 * of a set (it already fits), which keeps the enumeration to sets that matter.
 */
function connectedSets(tables: TableInfo[], stop: (capacity: number) => boolean, visit: (ids: string[], capacity: number) => void): void {
  const graph = adjacency(tables);
  const capacity = new Map(tables.map((t) => [t.id, t.capacity]));
  const seen = new Set<string>();
  const grow = (set: string[], cap: number) => {
    if (seen.size >= MAX_ENUMERATED) return;
    if (set.length >= 2) {
      const key = [...set].sort().join(',');
      if (seen.has(key)) return;
      seen.add(key);
      visit(set, cap);
      if (stop(cap)) return;
    }
    if (set.length === MAX_JOINED_TABLES) return;
    const frontier = new Set<string>();
    for (const id of set) for (const n of graph.get(id)!) if (!set.includes(n)) frontier.add(n);
    for (const n of frontier) grow([...set, n], cap + capacity.get(n)!);
  };
  for (const t of tables) grow([t.id], t.capacity);
}

/**
 * The tables that can take a party of `partySize`, best first: single tables within their
 * capacity range, then joined sets of combinable tables whose capacity fits and from which
 * no table could be left out. Sorted by capacity (the smallest fit wastes the fewest
 * seats), then by how few tables are joined, then by table number.
 */
export function candidateSets(tables: TableInfo[], partySize: number): TableSet[] {
  const info = new Map(tables.map((t) => [t.id, t]));
  const sets: TableSet[] = [];
  const make = (ids: string[], cap: number): TableSet => {
    const sorted = [...ids].sort();
    return { tableIds: sorted, tableNumbers: sorted.map((id) => info.get(id)!.number).sort(byNumber.compare), capacity: cap };
  };
  for (const t of tables) {
    if (t.capacity >= partySize && (t.minCapacity ?? 1) <= partySize) sets.push(make([t.id], t.capacity));
  }
  connectedSets(
    tables,
    (cap) => cap >= partySize,
    (ids, cap) => {
      if (cap < partySize) return;
      // Minimal: every table is needed (a two-top glued to an eight-top for six is not a fit).
      if (ids.some((id) => cap - info.get(id)!.capacity >= partySize)) return;
      sets.push(make(ids, cap));
    },
  );
  return sets.sort(
    (a, b) => a.capacity - b.capacity || a.tableIds.length - b.tableIds.length || byNumber.compare(a.tableNumbers.join(' '), b.tableNumbers.join(' ')),
  );
}

/** The largest party any single table or joined set can seat (0 without tables). */
export function largestPartySize(tables: TableInfo[]): number {
  let largest = Math.max(0, ...tables.map((t) => t.capacity));
  connectedSets(
    tables,
    () => false,
    (_ids, cap) => {
      largest = Math.max(largest, cap);
    },
  );
  return largest;
}

/** Whether `ids` are one table, or tables that form one connected joinable group. */
export function isJoinable(tables: TableInfo[], ids: string[]): boolean {
  if (ids.length <= 1) return true;
  if (ids.length > MAX_JOINED_TABLES) return false;
  const graph = adjacency(tables);
  const wanted = new Set(ids);
  const reached = new Set([ids[0]]);
  const queue = [ids[0]];
  while (queue.length) {
    for (const n of graph.get(queue.pop()!) ?? []) {
      if (wanted.has(n) && !reached.has(n)) {
        reached.add(n);
        queue.push(n);
      }
    }
  }
  return reached.size === wanted.size;
}
