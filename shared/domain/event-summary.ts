import type { EventRecord } from './event-rules.ts';
import { toMajorUnits } from './money.ts';

/**
 * The summaries `GET /api/events/{id}` shows, computed from the one event item. Issue 5 replaces the
 * budget figures with the same function its budget endpoint uses; callers only know `budgetSummary`.
 */
export type BudgetSummary = {
  currency: string;
  budget_total: number;
  estimated: number;
  actual: number;
  committed: number;
  paid: number;
  outstanding: number;
  /** budget_total − committed: negative when the plan is over budget. */
  remaining: number;
};

export function budgetSummary(event: EventRecord): BudgetSummary {
  const major = (minor: number) => toMajorUnits(minor, event.currency);
  return {
    currency: event.currency,
    budget_total: major(event.budget_total_minor),
    estimated: major(event.budget_estimated_minor),
    actual: major(event.budget_actual_minor),
    committed: major(event.budget_committed_minor),
    paid: major(event.budget_paid_minor),
    outstanding: major(event.budget_committed_minor - event.budget_paid_minor),
    remaining: major(event.budget_total_minor - event.budget_committed_minor),
  };
}

export type TimelineStatus = { total: number; done: number; overdue: number };

/** Progress of the event's timeline; overdue = unfinished items whose due instant has passed. */
export function timelineStatus(event: EventRecord, now: Date): TimelineStatus {
  const nowIso = now.toISOString();
  const overdue = Object.values(event.timeline_open_due ?? {}).filter((due) => due < nowIso).length;
  return { total: event.timeline_total, done: event.timeline_done, overdue };
}
