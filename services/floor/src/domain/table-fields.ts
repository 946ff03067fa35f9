import { TABLE_SHAPES } from '@qtable/contracts';

export type TableShape = (typeof TABLE_SHAPES)[number];

/**
 * Bounds of the floor plan, in the editor's units (points). Generous for any real room,
 * tight enough that a typo (1e9) or a negative size is refused rather than drawn.
 */
export const FLOOR_BOUNDS = {
  coordinateMin: -10_000,
  coordinateMax: 10_000,
  sizeMin: 1,
  sizeMax: 2_000,
  capacityMin: 1,
  capacityMax: 50,
  /** Combinable partners of one table. */
  combinableMax: 20,
  /** Live tables per restaurant, which also bounds every list. */
  tablesPerRestaurant: 500,
  sectionsPerRestaurant: 50,
} as const;

/** Defaults of the optional geometry fields of a new table. */
export const TABLE_DEFAULTS = { shape: 'square' as TableShape, x: 0, y: 0, width: 80, height: 80, rotation: 0 };

/** Degrees in [0, 360): -90 and 270 are the same rotation, stored once. */
export function normalizeRotation(degrees: number): number {
  const r = degrees % 360;
  return r < 0 ? r + 360 : r === 0 ? 0 : r;
}
