import type { FieldProblem } from '../../http/errors.ts';
import { splitLocalDateTime, wallToInstant } from '../events/rules.ts';

/**
 * An invitation batch's `send_date` as a UTC instant: an instant with an offset as given, a local date-time
 * without one as wall-clock time in the event's zone (as the event's own `event_date` is read). It must be
 * in the future, or the batch would go out at once while the planner asked for later.
 */
export function sendInstant(value: string, timezone: string, now: Date): { instant: string } | { problem: FieldProblem } {
  const local = splitLocalDateTime(value);
  const resolved = local ? wallToInstant(local.date, local.time, timezone) : toInstant(value);
  if ('problem' in resolved) return { problem: { path: 'send_date', message: resolved.problem } };
  if (Date.parse(resolved.instant) <= now.getTime()) return { problem: { path: 'send_date', message: 'send_date must be in the future' } };
  return resolved;
}

/** An instant with an offset keeps its milliseconds (the batch answers it as sent). */
function toInstant(value: string): { instant: string } | { problem: string } {
  const at = Date.parse(value);
  return Number.isNaN(at) ? { problem: 'Not a valid ISO 8601 date-time' } : { instant: new Date(at).toISOString() };
}
