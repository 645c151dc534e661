import type { FieldChange } from '../../data/audit.ts';
import { diffFields } from '../../data/audit.ts';
import { type AlertLine, type CategoryState, categoryTotals } from './alerts.ts';
import {
  type BudgetItemRecord, contribution, itemDueMinor, itemEstimateMinor, itemPaidMinor, itemPaymentStatus, perGuestEstimate,
} from './ledger.ts';
import { scheduleTotals } from '../vendor-payments/view.ts';
import { type BudgetEvent, budgetTotals, DEFAULT_ITEM_OVERRUN_PERCENT, DEFAULT_WARNING_PERCENT } from './totals.ts';
import { budgetCategorySlugs } from '../events/defaults.ts';
import { toMajorUnits } from '../money.ts';

/** How the API shows budget items and the budget: model names, money in major units, absent fields as null. */
export function presentBudgetItem(item: BudgetItemRecord, event: BudgetEvent) {
  const headcount = event.attending_headcount ?? 0;
  const major = (minor: number | undefined) => (minor === undefined ? null : toMajorUnits(minor, item.currency));
  const inEvent = (minor: number) => toMajorUnits(minor, event.currency);
  const share = contribution(item, event.currency);
  const estimateInEvent = share.perGuest ? perGuestEstimate(share.perGuest, headcount, event.currency) : share.counters.estimated;
  const paid = itemPaidMinor(item);
  return {
    id: item.id,
    event_id: item.event_id,
    category: item.category,
    description: item.description,
    notes: item.notes ?? null,
    vendor_id: item.vendor_id ?? null,
    due_date: item.due_date ?? null,
    currency: item.currency,
    per_guest: item.per_guest,
    unit_cost: item.per_guest ? major(item.unit_cost_minor) : null,
    estimated_cost: major(itemEstimateMinor(item, headcount)),
    actual_cost: major(item.actual_minor),
    paid_amount: major(paid),
    outstanding: major(Math.max(0, itemDueMinor(item, headcount) - paid)),
    payment_status: itemPaymentStatus(item, headcount),
    payments: item.payments.map((payment) => ({
      id: payment.id, amount: major(payment.amount_minor), paid_at: payment.paid_at, method: payment.method ?? null,
      note: payment.note ?? null, recorded_by: payment.recorded_by, created_at: payment.created_at,
    })),
    exchange_rate: Number(item.exchange_rate),
    in_event_currency: {
      currency: event.currency,
      estimated: inEvent(estimateInEvent),
      actual: item.actual_minor === undefined ? null : inEvent(share.counters.actual),
      paid: inEvent(share.counters.paid),
    },
    version: item.version,
    created_at: item.created_at,
    updated_at: item.updated_at,
  };
}
export type BudgetItemView = ReturnType<typeof presentBudgetItem>;

/** Audit entries compare items as the API shows them, so amounts read in major units. */
export function budgetItemChanges(before: BudgetItemRecord | null, after: BudgetItemRecord | null, event: BudgetEvent): FieldChange[] {
  const view = (item: BudgetItemRecord | null): Record<string, unknown> => (item ? presentBudgetItem(item, event) : {});
  return diffFields(view(before), view(after), [
    'category', 'description', 'notes', 'vendor_id', 'due_date', 'currency', 'per_guest', 'unit_cost', 'estimated_cost', 'actual_cost', 'paid_amount', 'payment_status',
  ]);
}

const defaultOrder = new Map<string, number>(budgetCategorySlugs.map((slug, index) => [slug, index]));
const byCategoryOrder = (a: string, b: string) => (defaultOrder.get(a) ?? 99) - (defaultOrder.get(b) ?? 99) || a.localeCompare(b);

export type RecordedAlertView = { line: string; crossed_at: string; notice_id: string };

const DAY_MS = 86_400_000;
export const PAYMENTS_DUE_WINDOW_DAYS = 30;

/** `GET /api/events/{id}/budget`. */
export function presentBudget(
  event: BudgetEvent,
  data: { items: BudgetItemRecord[]; categories: (CategoryState & { name: string })[]; over: AlertLine[]; recorded: RecordedAlertView[] },
  now: Date,
) {
  const major = (minor: number) => toMajorUnits(minor, event.currency);
  const views = data.items.map((item) => presentBudgetItem(item, event));
  const slugs = [...new Set([...data.categories.map((category) => category.slug), ...data.items.map((item) => item.category)])].sort(byCategoryOrder);
  const categories = slugs.map((slug) => {
    const state = data.categories.find((category) => category.slug === slug) ?? { slug, name: slug, allocation_minor: 0, counters: { estimated: 0, actual: 0, paid: 0, committed: 0, items: 0 } };
    const totals = categoryTotals(event, state);
    return {
      category: slug,
      name: state.name,
      allocation: major(state.allocation_minor),
      estimated: major(totals.estimated),
      actual: major(totals.actual),
      committed: major(totals.committed),
      paid: major(totals.paid),
      outstanding: major(totals.outstanding),
      /** allocation − committed: negative when the category is over its allocation. */
      variance: major(state.allocation_minor - totals.committed),
      item_count: state.counters.items,
      items: views.filter((view) => view.category === slug),
    };
  });
  const today = now.toISOString().slice(0, 10);
  const horizon = new Date(now.getTime() + PAYMENTS_DUE_WINDOW_DAYS * DAY_MS).toISOString().slice(0, 10);
  const paymentsDue = views
    .filter((view) => view.due_date !== null && view.due_date <= horizon && view.payment_status !== 'paid' && (view.outstanding ?? 0) > 0)
    .sort((a, b) => String(a.due_date).localeCompare(String(b.due_date)))
    .map((view) => ({
      item_id: view.id, description: view.description, category: view.category, vendor_id: view.vendor_id, due_date: view.due_date,
      currency: view.currency, outstanding: view.outstanding, overdue: String(view.due_date) < today,
    }));
  const recorded = new Map(data.recorded.map((alert) => [alert.line, alert]));
  return {
    event_id: event.id,
    currency: event.currency,
    budget_total: major(event.budget_total_minor),
    exchange_rates: event.exchange_rates ?? {},
    warning_threshold_percent: event.budget_warning_percent ?? DEFAULT_WARNING_PERCENT,
    item_overrun_threshold_percent: event.budget_item_overrun_percent ?? DEFAULT_ITEM_OVERRUN_PERCENT,
    attending_headcount: event.attending_headcount ?? 0,
    totals: budgetTotals(event),
    vendor_schedules: scheduleTotals(event),
    categories,
    payments_due: paymentsDue,
    alerts: data.over.map((line) => ({ ...line, crossed_at: recorded.get(line.line)?.crossed_at ?? null, notice_id: recorded.get(line.line)?.notice_id ?? null })),
  };
}
