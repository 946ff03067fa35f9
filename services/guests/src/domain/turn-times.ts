/** Party-size buckets for turn times: how long a table stays with a party of that size. */
export const TURN_BUCKETS = ['1-2', '3-4', '5-6', '7+'] as const;
export type TurnBucket = (typeof TURN_BUCKETS)[number];
export type TurnTimes = Readonly<Record<TurnBucket, number>>;

/** Minutes a table is held, before this restaurant has history: a casual full-service dinner. */
export const DEFAULT_TURN_MINUTES: TurnTimes = { '1-2': 45, '3-4': 60, '5-6': 75, '7+': 90 };

/** Samples outside this range are a forgotten "complete" tap or a mistaken seating, not a meal. */
export const MIN_TURN_SAMPLE_MINUTES = 10;
export const MAX_TURN_SAMPLE_MINUTES = 240;
/** With this many samples a bucket trusts its history alone; with fewer it blends in the default. */
export const FULL_CONFIDENCE_SAMPLES = 5;

export function turnBucket(partySize: number): TurnBucket {
  if (partySize <= 2) return '1-2';
  if (partySize <= 4) return '3-4';
  if (partySize <= 6) return '5-6';
  return '7+';
}

export const turnMinutes = (turnTimes: TurnTimes, partySize: number) => turnTimes[turnBucket(partySize)];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Turn times per bucket from recently completed seatings (seated → completed minutes). The
 * median resists the odd four-hour birthday; a bucket with few samples is pulled toward the
 * default in proportion (n of 5 history, the rest default), so one quick coffee does not
 * halve every quote.
 */
export function turnTimesFrom(samples: { partySize: number; minutes: number }[], defaults: TurnTimes = DEFAULT_TURN_MINUTES): TurnTimes {
  const byBucket = new Map<TurnBucket, number[]>();
  for (const s of samples) {
    if (s.minutes < MIN_TURN_SAMPLE_MINUTES || s.minutes > MAX_TURN_SAMPLE_MINUTES) continue;
    const bucket = turnBucket(s.partySize);
    byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), s.minutes]);
  }
  const result = { ...defaults };
  for (const bucket of TURN_BUCKETS) {
    const values = byBucket.get(bucket);
    if (!values || values.length === 0) continue;
    const weight = Math.min(values.length, FULL_CONFIDENCE_SAMPLES) / FULL_CONFIDENCE_SAMPLES;
    result[bucket] = Math.round(weight * median(values) + (1 - weight) * defaults[bucket]);
  }
  return result;
}
