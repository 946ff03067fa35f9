import { localIso, MINUTE_MS, parseDate, parseTime, resolveWall } from '@qtable/zoned-time';
import { ruleViolation } from './errors';

/**
 * The instant a request names: `startsAt` (ISO-8601 with Z or an offset: unambiguous) or
 * `localStartsAt` (wall time in the restaurant's zone, as said on the phone). A wall time
 * the clocks skip, or one they show twice, is refused with the instants it could mean.
 */
export function resolveStart(input: { startsAt?: string; localStartsAt?: string }, timeZone: string): Date | undefined {
  if (input.startsAt !== undefined) return new Date(input.startsAt);
  if (input.localStartsAt === undefined) return undefined;
  const [date, time] = input.localStartsAt.split('T');
  const wall = parseDate(date)! + parseTime(time)! * MINUTE_MS;
  const resolved = resolveWall(wall, timeZone);
  const at = (instant: number) => ({ startsAt: new Date(instant).toISOString(), localStartsAt: localIso(instant, timeZone) });
  if (resolved.kind === 'unique') return new Date(resolved.instant);
  if (resolved.kind === 'ambiguous') {
    throw ruleViolation('ambiguous_local_time', `${input.localStartsAt} happens twice in ${timeZone} (the clocks go back); send startsAt with the offset you mean`, {
      timeZone,
      candidates: [at(resolved.earlier), at(resolved.later)],
    });
  }
  throw ruleViolation('nonexistent_local_time', `${input.localStartsAt} does not exist in ${timeZone} (the clocks go forward)`, {
    timeZone,
    nextValid: at(resolved.nextValid),
  });
}
