import type { EventRecord } from './rules.ts';
import { budgetTotals } from '../budget/totals.ts';

/**
 * The summaries `GET /api/events/{id}` shows, computed from the event item and its open due instants
 * (`EVENT#<id>` / `TIMELINEDUE`, read with it: shared/data/events/open-due.ts). The budget figures come
 * from the same function as `GET /api/events/{id}/budget` (shared/domain/budget/totals.ts).
 */
export type TimelineStatus = { total: number; done: number; overdue: number };

/** The due instant of every unfinished, dated timeline item of an event, by item id. */
export type OpenDue = Record<string, string>;

/**
 * What an entry of the open-due item holds for an item closed (finished or deleted) while its event still
 * had the old map on its item (before migration 0006 moved it): it hides the map's entry until then.
 */
export const CLOSED_DUE = 'closed';

/**
 * The open due instants of an event from both places they may be (docs/migrations.md, 0006): the old map
 * on an event item not yet migrated (`legacy`) and the open-due item (`current`), whose entry wins for an
 * item in both (every write since the release writes only the item); closed entries are left out.
 */
export function openDueUnion(legacy: OpenDue | undefined, current: OpenDue): OpenDue {
  return Object.fromEntries(Object.entries({ ...legacy, ...current }).filter(([, due]) => due !== CLOSED_DUE));
}

/** Progress of the event's timeline; overdue = unfinished items whose due instant has passed. */
export function timelineStatus(event: EventRecord, openDue: OpenDue, now: Date): TimelineStatus {
  const nowIso = now.toISOString();
  const overdue = Object.values(openDue).filter((due) => due < nowIso).length;
  return { total: event.timeline_total, done: event.timeline_done, overdue };
}

/**
 * The counters of an event as `GET /api/events/{id}` shows them (guest answers and headcount, budget
 * totals, timeline progress), also pushed to the event's real-time subscribers after each change.
 */
export function eventCounters(event: EventRecord, openDue: OpenDue, now: Date) {
  return {
    guest_count: event.guest_count,
    rsvp_yes: event.rsvp_yes,
    rsvp_no: event.rsvp_no,
    rsvp_maybe: event.rsvp_maybe,
    rsvp_pending: event.rsvp_pending,
    rsvp_waitlisted: event.rsvp_waitlisted ?? 0,
    attending_headcount: event.attending_headcount,
    budget: budgetTotals(event),
    timeline: timelineStatus(event, openDue, now),
  };
}
export type EventCounters = ReturnType<typeof eventCounters>;
