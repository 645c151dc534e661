import type { FieldChange } from '../../data/audit.ts';
import type { BudgetSettingsInput } from '../../schemas/budget.ts';
import type { BudgetEvent } from './totals.ts';
import type { Problem } from '../events/rules.ts';
import { amountProblem, exactRate, toMajorUnits, toMinorUnits } from '../money.ts';

/**
 * `PUT /api/events/{id}/budget`: what changes on the event (total, currency, rates, alert thresholds)
 * and which category allocations are set, all problems at once. Rates apply to items priced from now
 * on: each item keeps the rate it was converted at, so a new rate never silently re-prices booked costs.
 */
export type BudgetSettingsPlan = {
  set: Partial<Pick<BudgetEvent, 'budget_total_minor' | 'currency' | 'exchange_rates' | 'budget_warning_percent' | 'budget_item_overrun_percent'>>;
  allocations: Map<string, number>;
  /** The currency changes: only while the event has no budget items (checked again by the write). */
  currencyChanges: boolean;
  changes: FieldChange[];
};

export function planBudgetSettings(event: BudgetEvent, input: BudgetSettingsInput): { ok: BudgetSettingsPlan } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const currency = input.currency ?? event.currency;
  const currencyChanges = currency !== event.currency;
  if (currencyChanges && (event.budget_item_count ?? 0) > 0) problems.push({ path: 'currency', message: 'The currency cannot change once budget items exist' });
  if (currencyChanges && (event.payment_plan_count ?? 0) > 0) problems.push({ path: 'currency', message: 'The currency cannot change once vendors have payment plans' });
  const minor = (path: string, amount: number): number | undefined => {
    const problem = amountProblem(amount, currency);
    if (problem) problems.push({ path, message: problem });
    return problem ? undefined : (toMinorUnits(amount, currency) as number);
  };
  const set: BudgetSettingsPlan['set'] = {};
  const changes: FieldChange[] = [];
  const change = (field: string, before: unknown, after: unknown) => {
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ field, before: before ?? null, after: after ?? null });
  };
  const total = input.budget_total ?? (currencyChanges ? toMajorUnits(event.budget_total_minor, event.currency) : undefined);
  if (total !== undefined) {
    const totalMinor = minor('budget_total', total);
    if (totalMinor !== undefined && totalMinor !== event.budget_total_minor) set.budget_total_minor = totalMinor;
    change('budget_total', toMajorUnits(event.budget_total_minor, event.currency), total);
  }
  if (currencyChanges) {
    set.currency = currency;
    change('currency', event.currency, currency);
  }
  if (input.exchange_rates) {
    const rates = Object.fromEntries(Object.entries(input.exchange_rates).filter(([code]) => code !== currency)) as Record<string, number>;
    for (const [code, rate] of Object.entries(rates)) if (exactRate(rate) === null) problems.push({ path: `exchange_rates.${code}`, message: 'Not a plain decimal rate' });
    set.exchange_rates = rates;
    change('exchange_rates', event.exchange_rates ?? {}, rates);
  }
  if (input.warning_threshold_percent !== undefined) {
    set.budget_warning_percent = input.warning_threshold_percent;
    change('warning_threshold_percent', event.budget_warning_percent, input.warning_threshold_percent);
  }
  if (input.item_overrun_threshold_percent !== undefined) {
    set.budget_item_overrun_percent = input.item_overrun_threshold_percent;
    change('item_overrun_threshold_percent', event.budget_item_overrun_percent, input.item_overrun_threshold_percent);
  }
  const allocations = new Map<string, number>();
  for (const [slug, amount] of Object.entries(input.allocations ?? {})) {
    const allocation = minor(`allocations.${slug}`, amount);
    if (allocation !== undefined) allocations.set(slug, allocation);
  }
  if (allocations.size > 0) changes.push({ field: 'allocations', before: null, after: input.allocations });
  if (problems.length > 0) return { problems };
  return { ok: { set, allocations, currencyChanges, changes } };
}
