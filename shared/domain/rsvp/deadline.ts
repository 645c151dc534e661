import { DateTime, Duration } from 'luxon';
import { formatInstant, parseInstant } from '../events/rules.ts';

/**
 * The RSVP deadline of an event (`rsvp_deadline`): either a fixed instant (`2027-06-01T00:00:00Z`) or a
 * span before the event as an ISO 8601 duration (`P14D`, `PT48H`, `P2W`). A span is stored as a span, so
 * the deadline moves when the event's date moves. Guests may answer until the deadline; the planner may
 * record answers for them after it.
 */
const MAX_SPAN_DAYS = 366;

/** The stored form of what a planner typed, or null when it is neither an instant nor a usable span. */
export function normalizeRsvpDeadline(value: string): string | null {
  const instant = parseInstant(value);
  if (instant) return instant;
  if (!/^P/i.test(value)) return null;
  const span = Duration.fromISO(value.toUpperCase());
  if (!span.isValid) return null;
  const days = span.as('days');
  if (!(days > 0) || days > MAX_SPAN_DAYS) return null;
  return span.toISO();
}

export const rsvpDeadlineProblem =
  'Use an ISO 8601 date-time with offset (2027-06-01T00:00:00Z) or a span before the event (P14D, PT48H)';

/** When answering closes, as an instant; null when the event has no deadline. */
export function rsvpClosesAt(event: { event_date: string; rsvp_deadline?: string }): string | null {
  const deadline = event.rsvp_deadline;
  if (!deadline) return null;
  if (!deadline.startsWith('P')) return deadline;
  return formatInstant(DateTime.fromISO(event.event_date, { zone: 'utc' }).minus(Duration.fromISO(deadline)));
}

/** Closed after the deadline, and for an event that is cancelled or already over. */
export function isRsvpOpen(event: { event_date: string; rsvp_deadline?: string; status: string }, now: Date): boolean {
  if (event.status === 'cancelled' || event.status === 'completed') return false;
  const closesAt = rsvpClosesAt(event);
  return closesAt === null || now.toISOString() < closesAt;
}
