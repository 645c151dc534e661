import type { EventRecord } from './event-rules.ts';

/**
 * The summaries `GET /api/events/{id}` shows, computed from the one event item. The budget figures come
 * from the same function as `GET /api/events/{id}/budget` (shared/domain/budget-totals.ts).
 */
export { budgetTotals as budgetSummary, type BudgetSummary } from './budget-totals.ts';

export type TimelineStatus = { total: number; done: number; overdue: number };

/** Progress of the event's timeline; overdue = unfinished items whose due instant has passed. */
export function timelineStatus(event: EventRecord, now: Date): TimelineStatus {
  const nowIso = now.toISOString();
  const overdue = Object.values(event.timeline_open_due ?? {}).filter((due) => due < nowIso).length;
  return { total: event.timeline_total, done: event.timeline_done, overdue };
}
