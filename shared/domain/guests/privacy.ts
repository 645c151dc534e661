import { DateTime } from 'luxon';
import type { FieldChange } from '../../data/audit.ts';
import { type EventRecord, formatInstant } from '../events/rules.ts';
import type { GuestRecord } from './rules.ts';

/**
 * Guest privacy (issue 8): after an event ends and a retention period passes, or at once when the
 * organizer asks, its guests' personal data is removed while everything counted stays: each guest keeps
 * its place in the RSVP counts (status, plus-ones, dates), the event's counters, the dietary counts of
 * the guest list and the budget are not touched. Pure rules only; the purge itself is
 * shared/data/guests/purge.ts.
 */

/** When an event is over: events have a start only, so the end of its day in its own time zone. */
export function eventEndsAt(event: Pick<EventRecord, 'event_date' | 'timezone'>): string {
  return formatInstant(DateTime.fromISO(event.event_date, { zone: 'utc' }).setZone(event.timezone).plus({ days: 1 }).startOf('day'));
}

/** When the guests' data is due to be purged: `retentionDays` calendar days (in its zone) after the end. */
export function guestPurgeDueAt(event: Pick<EventRecord, 'event_date' | 'timezone'>, retentionDays: number): string {
  return formatInstant(DateTime.fromISO(eventEndsAt(event), { zone: 'utc' }).setZone(event.timezone).plus({ days: retentionDays }));
}

/**
 * Whether the organizer may purge now: once the event is over, or when it was cancelled (nobody comes);
 * before that only with `force`, since a purged list can no longer be invited, reminded or answered.
 */
export function mayPurgeGuestData(event: Pick<EventRecord, 'event_date' | 'timezone' | 'status'>, now: Date, force: boolean): boolean {
  return force || event.status === 'cancelled' || now.getTime() >= Date.parse(eventEndsAt(event));
}

/** Guest fields that say who a guest is or something personal about them. */
export const personalGuestFields = ['name', 'email', 'phone', 'dietary_restrictions', 'special_needs', 'notes', 'party_name', 'rsvp_note', 'plus_ones'] as const;

/** Removed outright from an anonymised guest (the name is replaced, the dietary list emptied). */
export const removedGuestFields = ['email', 'phone', 'special_needs', 'notes', 'party_name', 'rsvp_note', 'plus_ones', 'code_sealed'] as const;

/** The name an anonymised guest keeps, so lists and exports still read as a list of people. */
export const ANONYMOUS_NAME_PREFIX = 'Guest ';
export const anonymousName = (number: number): string => `${ANONYMOUS_NAME_PREFIX}${number}`;

export type AnonymisedGuest = GuestRecord & { anonymised_at: string };

/**
 * The guest without personal data: named `Guest <number>`, no contact details, notes or dietary needs,
 * and no invitation code (its lookup item is deleted with it, so the old link stops working). What the
 * counts are made of stays: RSVP status and date, plus-ones, waitlist place, invitation dates, and the
 * answers to custom questions, whose text answers are emptied (what a guest wrote may be personal; the
 * answer stays counted, as the question counters count it).
 */
export function anonymisedGuest(guest: GuestRecord | AnonymisedGuest, number: number, at: string): AnonymisedGuest {
  const kept = Object.fromEntries(Object.entries(guest).filter(([field]) => !(removedGuestFields as readonly string[]).includes(field)));
  // A guest given personal data again after a purge keeps the number it had (its place in the list).
  const renumber = !('anonymised_at' in guest) || !guest.name.startsWith(ANONYMOUS_NAME_PREFIX);
  const answers = guest.answers && Object.fromEntries(Object.entries(guest.answers).map(([id, answer]) => [id, typeof answer === 'string' ? '' : answer]));
  return { ...(kept as GuestRecord), ...(answers ? { answers } : {}), name: renumber ? anonymousName(number) : guest.name, dietary_restrictions: [], code_hash: '', anonymised_at: at };
}

/** Besides the guest's own fields: copies of them under other names (search text, an event's guest_name). */
const personal = new Set<string>([...personalGuestFields, 'search_text', 'guest_name']);

/** A value with every personal guest field left out, in nested objects and lists too. */
export function withoutPersonalFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPersonalFields);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([field]) => !personal.has(field)).map(([field, inner]) => [field, withoutPersonalFields(inner)]));
}

/**
 * An audit entry's or notice's changes with nothing personal left: a change of a personal field keeps
 * its name (what happened) but neither value; any other change keeps its values without personal parts
 * (a bulk add keeps the guest ids, a removal the RSVP status).
 */
export function redactChanges(changes: readonly FieldChange[]): FieldChange[] {
  return changes.map((change) =>
    personal.has(change.field)
      ? { field: change.field, before: null, after: null }
      : { field: change.field, before: withoutPersonalFields(change.before), after: withoutPersonalFields(change.after) },
  );
}
