import { eventCounters } from '../events/summary.ts';
import type { OpenDue } from '../events/open-due.ts';
import type { EventRecord } from '../events/rules.ts';
import { eventFieldAreas } from './fields.ts';
import { type Rights, withoutHiddenFields } from './rights.ts';

/**
 * An event's answer (detail, list row, or the event's own write) as the caller may see it: the fields of
 * the areas they may not read are left out (budget total and currency, the budget summary, the guest
 * counters, the timeline status).
 */
export const visibleEvent = <T extends Record<string, unknown>>(presented: T, rights: Rights): Partial<T> =>
  withoutHiddenFields(presented, eventFieldAreas, rights);

/** The counters `GET /api/events/{id}` shows, as the real-time messages carry them to this member. */
export const visibleCounters = (event: EventRecord, openDue: OpenDue, now: Date, rights: Rights): VisibleCounters =>
  withoutHiddenFields(eventCounters(event, openDue, now), eventFieldAreas, rights);

export type VisibleCounters = Partial<ReturnType<typeof eventCounters>>;
