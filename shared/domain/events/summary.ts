import type { EventRecord } from './rules.ts';
import { budgetTotals } from '../budget/totals.ts';
import type { OpenDue } from './open-due.ts';

/**
 * The summaries `GET /api/events/{id}` shows, computed from the event item and its open due instants
 * (`EVENT#<id>` / `TIMELINEDUE`, read with it: shared/data/events/open-due.ts). The budget figures come
 * from the same function as `GET /api/events/{id}/budget` (shared/domain/budget/totals.ts).
 */
export type TimelineStatus = { total: number; done: number; overdue: number };

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
