import { type LedgerCounters, type PerGuestEntry, perGuestEstimate } from './ledger.ts';
import type { EventRecord } from '../events/rules.ts';
import { toMajorUnits } from '../money.ts';

/**
 * The budget totals: the ONE function behind both `GET /api/events/{id}` (budget summary) and
 * `GET /api/events/{id}/budget` (overall and per category). It reads only counters kept exact by the
 * budget writes plus the per-guest entries, so the event summary stays one DynamoDB read.
 */

/** Budget fields the budget routes keep on the event item besides EventRecord's counters. */
export type BudgetEventFields = {
  budget_item_count?: number;
  /** Per-guest items by id (see ledger.ts). */
  budget_per_guest?: Record<string, PerGuestEntry>;
  /** 1 unit of the key currency = value in the event currency. */
  exchange_rates?: Record<string, number>;
  /** Share of budget_total at which a warning alert fires (default 90). */
  budget_warning_percent?: number;
  /** How far (percent) an item's actual may exceed its estimate before it alerts (default 10). */
  budget_item_overrun_percent?: number;
  /** Vendors' payment schedules (shared/domain/vendor-payments/plan.ts), in event minor units: Σ installments, Σ paid. */
  schedule_committed_minor?: number;
  schedule_paid_minor?: number;
  /** Vendors with a payment plan: the currency may not change while any exists (their amounts are converted). */
  payment_plan_count?: number;
};

export type BudgetEvent = EventRecord & BudgetEventFields;

export const DEFAULT_WARNING_PERCENT = 90;
export const DEFAULT_ITEM_OVERRUN_PERCENT = 10;

export const eventLedger = (event: BudgetEvent): LedgerCounters => ({
  estimated: event.budget_estimated_minor ?? 0,
  actual: event.budget_actual_minor ?? 0,
  paid: event.budget_paid_minor ?? 0,
  committed: event.budget_committed_minor ?? 0,
  items: event.budget_item_count ?? 0,
});

export const perGuestEntries = (event: BudgetEvent): PerGuestEntry[] => Object.values(event.budget_per_guest ?? {});

export type TotalsMinor = { estimated: number; actual: number; committed: number; paid: number; outstanding: number };

/** Totals of a set of items from their counters and per-guest entries at a headcount (event minor units). */
export function ledgerTotals(counters: LedgerCounters, perGuest: PerGuestEntry[], headcount: number, currency: string): TotalsMinor {
  let estimated = counters.estimated;
  let committed = counters.committed;
  for (const entry of perGuest) {
    const estimate = perGuestEstimate(entry, headcount, currency);
    estimated += estimate;
    committed += Math.max(entry.actual_event_minor ?? 0, estimate);
  }
  return { estimated, actual: counters.actual, committed, paid: counters.paid, outstanding: committed - counters.paid };
}

/** committed as a percentage of the budget, one decimal; null without a budget. */
export const percentUsed = (committedMinor: number, totalMinor: number): number | null =>
  totalMinor > 0 ? Math.round((committedMinor * 1000) / totalMinor) / 10 : null;

/** The whole event's totals in minor units, with what remains of the budget. */
export function eventTotalsMinor(event: BudgetEvent): TotalsMinor & { budget_total: number; remaining: number } {
  const totals = ledgerTotals(eventLedger(event), perGuestEntries(event), event.attending_headcount ?? 0, event.currency);
  return { ...totals, budget_total: event.budget_total_minor, remaining: event.budget_total_minor - totals.committed };
}

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
  percent_used: number | null;
};

/** The summary both endpoints show, in major units. */
export function budgetTotals(event: BudgetEvent): BudgetSummary {
  const minor = eventTotalsMinor(event);
  const major = (value: number) => toMajorUnits(value, event.currency);
  return {
    currency: event.currency,
    budget_total: major(minor.budget_total),
    estimated: major(minor.estimated),
    actual: major(minor.actual),
    committed: major(minor.committed),
    paid: major(minor.paid),
    outstanding: major(minor.outstanding),
    remaining: major(minor.remaining),
    percent_used: percentUsed(minor.committed, minor.budget_total),
  };
}
