import { type BudgetItemRecord, type LedgerCounters, type PerGuestEntry, itemEstimateMinor } from './ledger.ts';
import {
  type BudgetEvent, DEFAULT_ITEM_OVERRUN_PERCENT, DEFAULT_WARNING_PERCENT, eventTotalsMinor, ledgerTotals, perGuestEntries,
} from './totals.ts';
import { toMajorUnits } from '../money.ts';

/**
 * The lines a budget can cross: overall committed over budget_total, over the warning share of it,
 * a category over its allocation, an item's actual cost over its estimate by more than the overrun
 * threshold. Pure: given what was read, which lines are over now. Recording each crossing once (and
 * forgetting it when the figure drops back) is shared/data/budget/alerts.ts's job.
 */
export type AlertKind = 'over_budget' | 'budget_warning' | 'category_over_allocation' | 'item_over_estimate';

export type AlertLine = {
  /** Stable name of the line: `overall:over`, `overall:warning`, `category:<slug>`, `item:<id>`. */
  line: string;
  kind: AlertKind;
  /** What the line is about, as a planner names it (`Overall budget`, `Category: Catering`, `Item: Wedding cake`). */
  label: string;
  message: string;
  /** The figure that crossed and the limit it crossed, in major units of `currency`. */
  value: number;
  limit: number;
  currency: string;
  category?: string;
  item_id?: string;
};

export type CategoryState = { slug: string; name?: string; allocation_minor: number; counters: LedgerCounters };

export type AlertSnapshot = {
  event: BudgetEvent;
  /** The categories to judge (all of them, or those a write touched). */
  categories: CategoryState[];
  /** The items to judge. */
  items: BudgetItemRecord[];
};

export const overallLines = ['overall:over', 'overall:warning'] as const;
export const categoryLine = (slug: string) => `category:${slug}`;
export const itemLine = (itemId: string) => `item:${itemId}`;

/** Per-guest entries of one category (their estimates live on the event, not in the category counters). */
export const perGuestOfCategory = (event: BudgetEvent, slug: string): PerGuestEntry[] =>
  perGuestEntries(event).filter((entry) => entry.category === slug);

export function categoryTotals(event: BudgetEvent, category: CategoryState) {
  return ledgerTotals(category.counters, perGuestOfCategory(event, category.slug), event.attending_headcount ?? 0, event.currency);
}

/** Every line of the snapshot that is over right now. */
export function linesOver({ event, categories, items }: AlertSnapshot): AlertLine[] {
  const currency = event.currency;
  const major = (minor: number) => toMajorUnits(minor, currency);
  const over: AlertLine[] = [];
  const totals = eventTotalsMinor(event);
  const total = event.budget_total_minor;
  if (total > 0 && totals.committed > total) {
    over.push({ line: 'overall:over', kind: 'over_budget', label: 'Overall budget', message: 'Committed spending is over the budget', value: major(totals.committed), limit: major(total), currency });
  }
  const warningPercent = event.budget_warning_percent ?? DEFAULT_WARNING_PERCENT;
  if (total > 0 && totals.committed * 100 >= total * warningPercent) {
    over.push({
      line: 'overall:warning', kind: 'budget_warning', label: 'Overall budget (warning)', message: `Committed spending reached ${warningPercent}% of the budget`,
      value: major(totals.committed), limit: major(Math.ceil((total * warningPercent) / 100)), currency,
    });
  }
  for (const category of categories) {
    const committed = categoryTotals(event, category).committed;
    if (category.allocation_minor > 0 && committed > category.allocation_minor) {
      over.push({
        line: categoryLine(category.slug), kind: 'category_over_allocation', label: `Category: ${category.name ?? category.slug}`, message: `${category.name ?? category.slug} is over its allocation`,
        value: major(committed), limit: major(category.allocation_minor), currency, category: category.slug,
      });
    }
  }
  const overrun = event.budget_item_overrun_percent ?? DEFAULT_ITEM_OVERRUN_PERCENT;
  for (const item of items) {
    const estimate = itemEstimateMinor(item, event.attending_headcount ?? 0);
    // Integers only: actual > estimate × (1 + overrun/100).
    if (item.actual_minor !== undefined && item.actual_minor * 100 > estimate * (100 + overrun)) {
      over.push({
        line: itemLine(item.id), kind: 'item_over_estimate', label: `Item: ${item.description}`, message: `${item.description} costs more than ${overrun}% over its estimate`,
        value: toMajorUnits(item.actual_minor, item.currency), limit: toMajorUnits(estimate, item.currency), currency: item.currency,
        category: item.category, item_id: item.id,
      });
    }
  }
  return over;
}

/** The names of every line the snapshot can judge, over or not. */
export const linesInScope = ({ categories, items }: AlertSnapshot): string[] => [
  ...overallLines,
  ...categories.map((category) => categoryLine(category.slug)),
  ...items.map((item) => itemLine(item.id)),
];
