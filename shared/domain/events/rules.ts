import { DateTime } from 'luxon';
import type { Language } from '../../i18n/languages.ts';

/**
 * Rules of an event that do not depend on storage: its kinds and statuses, which status changes are
 * allowed, and how the date a planner types (a local date and time in the event's time zone, or an ISO
 * instant) becomes the UTC instant stored in `event_date`. Time-zone arithmetic is luxon's (IANA data
 * from the runtime's Intl); nothing here adds or subtracts offsets by hand.
 */
export const eventTypes = ['wedding', 'conference', 'party', 'meeting', 'birthday', 'corporate', 'other'] as const;
export type EventType = (typeof eventTypes)[number];

/**
 * The known type whose defaults (budget categories, timeline, checklist) an event's label gets: a known
 * type in any case, else `other`. The label itself is free text (the spec's TEXT) and kept as given.
 */
export function defaultsTypeOf(label: string): EventType {
  const known = label.trim().toLowerCase();
  return (eventTypes as readonly string[]).includes(known) ? (known as EventType) : 'other';
}

export const eventStatuses = ['planning', 'confirmed', 'completed', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

export const DEFAULT_TIMEZONE = 'UTC';
export const DEFAULT_CURRENCY = 'USD';

export type Problem = { path: string; message: string };

// ---------------------------------------------------------------------------------------------------
// Status transitions

/**
 * planning → confirmed → completed moves forward; anything may be cancelled; reopening a cancelled or
 * completed event (back to planning or confirmed) is the organizer's call alone. Everything else (going
 * backwards from confirmed, skipping from planning to completed, cancelled → completed) is refused.
 */
export type TransitionVerdict = 'unchanged' | 'allowed' | 'organizer_only' | 'invalid';

const forwardMoves: Record<EventStatus, readonly EventStatus[]> = {
  planning: ['confirmed'],
  confirmed: ['completed'],
  completed: [],
  cancelled: [],
};

const closedStatuses: readonly EventStatus[] = ['completed', 'cancelled'];
const openStatuses: readonly EventStatus[] = ['planning', 'confirmed'];

export function statusTransition(from: EventStatus, to: EventStatus): TransitionVerdict {
  if (from === to) return 'unchanged';
  if (to === 'cancelled' || forwardMoves[from].includes(to)) return 'allowed';
  if (closedStatuses.includes(from) && openStatuses.includes(to)) return 'organizer_only';
  return 'invalid';
}

// ---------------------------------------------------------------------------------------------------
// Time zones, dates and times

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/;

// Canonical names already seen, so checking a stored zone again builds no Intl object; only names given
// exactly as canonical are kept, so the map is bounded by the zones that exist.
const canonicalZones = new Set<string>();

/** The canonical IANA name of a zone (`america/new_york` → `America/New_York`), or null if unknown. */
export function canonicalTimezone(name: string): string | null {
  if (canonicalZones.has(name)) return name;
  if (!ZONE_NAME.test(name) || name.length > 64) return null;
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    if (canonical === name) canonicalZones.add(name);
    return canonical;
  } catch {
    return null;
  }
}

/** `2026-06-20T18:00:00Z`: the stored and answered shape of an instant (UTC, whole seconds). */
export function formatInstant(instant: DateTime): string {
  return instant.toUTC().startOf('second').toISO({ suppressMilliseconds: true }) as string;
}

/** The UTC calendar day of an instant, for the per-day index (GSI2). */
export const utcDay = (isoInstant: string): string => isoInstant.slice(0, 10);

/** The wall-clock date and time of an instant in a zone. */
export function localWall(isoInstant: string, timezone: string): { date: string; time: string } {
  const local = DateTime.fromISO(isoInstant, { zone: 'utc' }).setZone(timezone);
  return { date: local.toISODate() as string, time: local.toFormat('HH:mm') };
}

/** The same local time `days` days earlier or later (DST-aware: 18:00 stays 18:00 across a change). */
export function shiftLocalDays(isoInstant: string, timezone: string, days: number): string {
  return formatInstant(DateTime.fromISO(isoInstant, { zone: 'utc' }).setZone(timezone).plus({ days }));
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$/;

/**
 * A wall-clock date and time in a zone as a UTC instant. A time that the zone skips (the hour lost when
 * clocks go forward) is refused rather than silently moved; a time that occurs twice (clocks go back)
 * takes luxon's resolution, the later (standard-time) occurrence.
 */
export function wallToInstant(date: string, time: string, timezone: string): { instant: string } | { problem: string } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second = 0] = time.split(':').map(Number) as [number, number, number?];
  const local = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: timezone });
  if (!local.isValid) return { problem: `${date} is not a real calendar date` };
  if (local.toISODate() !== date || local.hour !== hour || local.minute !== minute) {
    return { problem: `${date} ${time} does not exist in ${timezone} (the clocks skip it)` };
  }
  return { instant: formatInstant(local) };
}

/** A local date-time without an offset (`2027-03-01T09:00` or `...T09:00:00`): a wall-clock time in the event's zone. */
export function splitLocalDateTime(value: string): { date: string; time: string } | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?)$/.exec(value);
  return match ? { date: match[1] as string, time: match[2] as string } : null;
}

/** An ISO 8601 date-time with an offset as a UTC instant, or null when it is not one. */
export function parseInstant(value: string): string | null {
  if (DATE_ONLY.test(value) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return null;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? formatInstant(parsed) : null;
}

export type ScheduleInput = { event_date?: string; date?: string; time?: string; timezone?: string };
export type Schedule = { event_date: string; timezone: string };

/**
 * Works out `event_date` (UTC) and `timezone` from what the caller sent, all problems at once.
 * - `event_date`: an instant with offset, a local date-time without one (wall-clock time in the event's
 *   zone, like `date`+`time`), or a date alone (midnight in the event's zone).
 * - `date` (+ optional `time`, both local to the event's zone): converted to UTC.
 * On an update (`current` given) a missing part keeps its current local value: `time` alone moves the
 * event within its local day, `date` alone keeps its local time, and a new `timezone` alone keeps the
 * wall-clock time (the planner corrected the zone, so 18:00 stays 18:00 there).
 */
export function resolveSchedule(input: ScheduleInput, current?: Schedule): { schedule: Schedule } | { problems: Problem[] } {
  const problems: Problem[] = [];
  let timezone = current?.timezone ?? DEFAULT_TIMEZONE;
  if (input.timezone !== undefined) {
    const canonical = canonicalTimezone(input.timezone);
    if (canonical) timezone = canonical;
    else problems.push({ path: 'timezone', message: 'Use an IANA time zone such as Europe/Paris' });
  }
  if (input.event_date !== undefined && (input.date !== undefined || input.time !== undefined)) {
    problems.push({ path: input.date !== undefined ? 'date' : 'time', message: 'Give event_date, or date with an optional time, not both' });
  }
  if (!current && input.time !== undefined && input.date === undefined && input.event_date === undefined) {
    problems.push({ path: 'time', message: 'time needs a date' });
  }
  if (!current && input.event_date === undefined && input.date === undefined) {
    problems.push({ path: 'event_date', message: 'Required (event_date, or date with an optional time)' });
  }
  if (problems.length > 0) return { problems };

  const wall = current ? localWall(current.event_date, current.timezone) : { date: '', time: '00:00' };
  if (input.event_date !== undefined) {
    if (DATE_ONLY.test(input.event_date)) return finish(wallToInstant(input.event_date, '00:00', timezone), 'event_date', timezone);
    const local = splitLocalDateTime(input.event_date);
    if (local) return finish(wallToInstant(local.date, local.time, timezone), 'event_date', timezone);
    const instant = parseInstant(input.event_date);
    return instant ? { schedule: { event_date: instant, timezone } } : { problems: [{ path: 'event_date', message: 'Not a valid ISO 8601 date-time' }] };
  }
  if (input.date === undefined && input.time === undefined && input.timezone === undefined && current) {
    return { schedule: { event_date: current.event_date, timezone: current.timezone } };
  }
  const time = input.time ?? wall.time;
  if (!TIME_OF_DAY.test(time)) return { problems: [{ path: 'time', message: 'Use HH:MM (24-hour clock)' }] };
  return finish(wallToInstant(input.date ?? wall.date, time, timezone), input.date !== undefined ? 'date' : 'time', timezone);
}

function finish(result: { instant: string } | { problem: string }, path: string, timezone: string) {
  return 'instant' in result
    ? { schedule: { event_date: result.instant, timezone } }
    : { problems: [{ path, message: result.problem }] };
}

/** A `from`/`to` filter bound: a date alone compares with the event's local day, an instant with its instant. */
export type DateBound = { day: string } | { instant: string };

export function withinDateRange(schedule: Schedule, from?: DateBound, to?: DateBound): boolean {
  const needsLocalDay = (from !== undefined && 'day' in from) || (to !== undefined && 'day' in to);
  const day = needsLocalDay ? localWall(schedule.event_date, schedule.timezone).date : '';
  const after = (bound: DateBound) => ('day' in bound ? day >= bound.day : schedule.event_date >= bound.instant);
  const before = (bound: DateBound) => ('day' in bound ? day <= bound.day : schedule.event_date <= bound.instant);
  return (!from || after(from)) && (!to || before(to));
}

// ---------------------------------------------------------------------------------------------------
// The event as stored (money in minor units; counters kept exact by the routes that change them)

export type EventCounters = {
  guest_count: number;
  rsvp_yes: number;
  rsvp_no: number;
  rsvp_maybe: number;
  rsvp_pending: number;
  /** Attending guests plus their plus-ones. */
  attending_headcount: number;
  budget_estimated_minor: number;
  budget_actual_minor: number;
  budget_paid_minor: number;
  budget_committed_minor: number;
  timeline_total: number;
  timeline_done: number;
  /**
   * Only on event items written before migration 0006, which moves it to the event's open-due item
   * (shared/data/events/open-due.ts): unfinished timeline items by id with their due instant.
   */
  timeline_open_due?: Record<string, string>;
};

export type EventRecord = EventCounters & {
  id: string;
  name: string;
  description?: string;
  event_date: string;
  timezone: string;
  location_name?: string;
  location_address?: string;
  /** A known type, or any other label as given (defaults of `other`: see defaultsTypeOf). */
  event_type: string;
  capacity?: number;
  budget_total_minor: number;
  currency: string;
  status: EventStatus;
  organizer_id: string;
  created_at: string;
  updated_at: string;
  version: number;
  /** Set when a DELETE began; the event is gone for every route from then on. */
  deleting_at?: string;
  deletion_notice_id?: string;
  /** The language of guests' emails and pages for guests without their own (shared/i18n); absent: English, or the browser's on the page. */
  default_language?: Language;
  /** Guests issue: a full event puts further yeses on a waitlist instead of refusing them. */
  waitlist_enabled?: boolean;
  /** Guests issue: an instant, or an ISO 8601 span before the event (see ../rsvp/deadline.ts). */
  rsvp_deadline?: string;
  /** Guests issue: guests waiting for a seat (kept with the other RSVP counters). */
  rsvp_waitlisted?: number;
  /** Guests checked in at the door (docs/check-in.md), kept with the other guest counters; absent: none. */
  checked_in_count?: number;
  /** Every team member must have a second factor to reach the event (docs/mfa.md); absent: not required. */
  team_mfa_required?: boolean;
  /** Custom RSVP questions the event asks (shared/domain/questions); absent: none, and an answer reads none. */
  question_count?: number;
  /** Checklist tasks (the checklist's cap, shared/domain/collections/caps.ts); absent: not counted yet, the first add or delete counts them. */
  checklist_count?: number;
  /** Sub-events of the event (docs/sub-events.md); absent: none, and an answer reads none. */
  sub_event_count?: number;
};

export const zeroCounters = (): EventCounters => ({
  guest_count: 0,
  rsvp_yes: 0,
  rsvp_no: 0,
  rsvp_maybe: 0,
  rsvp_pending: 0,
  attending_headcount: 0,
  budget_estimated_minor: 0,
  budget_actual_minor: 0,
  budget_paid_minor: 0,
  budget_committed_minor: 0,
  timeline_total: 0,
  timeline_done: 0,
});
