import { describe, expect, it } from 'vitest';
import { categoryTotals, linesInScope, linesOver } from '../../shared/domain/budget/alerts.ts';
import { type BudgetItemRecord, zeroLedger } from '../../shared/domain/budget/ledger.ts';
import { planBudgetSettings } from '../../shared/domain/budget/settings.ts';
import { type BudgetEvent, budgetTotals, percentUsed } from '../../shared/domain/budget/totals.ts';
import { zeroCounters } from '../../shared/domain/events/rules.ts';

const event = (overrides: Partial<BudgetEvent> = {}): BudgetEvent => ({
  ...zeroCounters(), id: 'E', name: 'E', event_date: '2027-01-01T00:00:00Z', timezone: 'UTC', event_type: 'party', budget_total_minor: 100_000,
  currency: 'USD', status: 'planning', organizer_id: 'u', created_at: 'x', updated_at: 'x', version: 1, ...overrides,
});
const catering = { category: 'catering', unit_minor: 2_000, currency: 'EUR', rate: '1.5', actual_event_minor: null };

describe('budgetTotals', () => {
  it('adds per-guest estimates at the live headcount to the counters, in major units', () => {
    const summary = budgetTotals(event({
      budget_estimated_minor: 10_000, budget_actual_minor: 4_000, budget_paid_minor: 2_500, budget_committed_minor: 12_000,
      attending_headcount: 10, budget_per_guest: { p: catering, q: { ...catering, unit_minor: 100, rate: '1', currency: 'USD', actual_event_minor: 5_000 } },
    }));

    // per-guest: 10 × 20 EUR × 1.5 = 300 USD estimate; 10 × 1 USD = 10 USD estimate but 50 USD actual.
    expect(summary).toEqual({
      currency: 'USD', budget_total: 1000, estimated: 410, actual: 40, committed: 470, paid: 25, outstanding: 445, remaining: 530, percent_used: 47,
    });
  });

  it('shows a plan over budget as negative remaining and more than 100 percent', () => {
    expect(budgetTotals(event({ budget_committed_minor: 150_050 }))).toMatchObject({ remaining: -500.5, percent_used: 150.1 });
  });

  it('has no percentage without a budget, and counts a missing counter as zero', () => {
    const bare = { ...event({ budget_total_minor: 0 }) } as Partial<BudgetEvent>;
    delete bare.budget_committed_minor;
    delete bare.attending_headcount;

    expect(budgetTotals(bare as BudgetEvent)).toMatchObject({ committed: 0, remaining: 0, percent_used: null });
  });
});

describe('percentUsed', () => {
  it('rounds to one decimal', () => {
    expect(percentUsed(1, 3)).toBe(33.3);
    expect(percentUsed(2, 3)).toBe(66.7);
    expect(percentUsed(5, 0)).toBeNull();
  });
});

describe('linesOver', () => {
  const item = (extra: Partial<BudgetItemRecord>): BudgetItemRecord => ({
    id: 'i', event_id: 'E', category: 'venue', description: 'Hall', currency: 'EUR', exchange_rate: '1.5', per_guest: false, estimated_minor: 10_000,
    payments: [], version: 1, created_at: 'x', updated_at: 'x', created_by: 'u', ...extra,
  });

  it('describes each line over with its figure and limit in major units', () => {
    const lines = linesOver({
      event: event({ budget_committed_minor: 120_000, budget_warning_percent: 75, budget_item_overrun_percent: 0, attending_headcount: 4, budget_per_guest: { p: catering } }),
      categories: [{ slug: 'catering', name: 'Food', allocation_minor: 10_000, counters: { ...zeroLedger(), committed: 100 } }],
      items: [item({ actual_minor: 10_001 })],
    });

    expect(lines).toEqual([
      { line: 'overall:over', label: 'Overall budget', kind: 'over_budget', message: 'Committed spending is over the budget', value: 1320, limit: 1000, currency: 'USD' },
      { line: 'overall:warning', label: 'Overall budget (warning)', kind: 'budget_warning', message: 'Committed spending reached 75% of the budget', value: 1320, limit: 750, currency: 'USD' },
      { line: 'category:catering', label: 'Category: Food', kind: 'category_over_allocation', message: 'Food is over its allocation', value: 121, limit: 100, currency: 'USD', category: 'catering' },
      { line: 'item:i', label: 'Item: Hall', kind: 'item_over_estimate', message: 'Hall costs more than 0% over its estimate', value: 100.01, limit: 100, currency: 'EUR', category: 'venue', item_id: 'i' },
    ]);
  });

  it('judges nothing against a zero budget or allocation, nor an item without an actual cost', () => {
    const lines = linesOver({
      event: event({ budget_total_minor: 0, budget_committed_minor: 5 }),
      categories: [{ slug: 'decor', allocation_minor: 0, counters: { ...zeroLedger(), committed: 5 } }],
      items: [item({ estimated_minor: 0 })],
    });

    expect(lines).toEqual([]);
  });

  it('names a category by its slug when it has no name, and stays quiet at the allocation', () => {
    const at = { slug: 'decor', allocation_minor: 500, counters: { ...zeroLedger(), committed: 500 } };
    const over = { ...at, counters: { ...zeroLedger(), committed: 501 } };

    expect(linesOver({ event: event(), categories: [at], items: [] })).toEqual([]);
    expect(linesOver({ event: event(), categories: [over], items: [] })[0]?.message).toBe('decor is over its allocation');
  });

  it('rounds the warning limit up to a whole minor unit and warns just under it', () => {
    const lines = linesOver({ event: event({ budget_total_minor: 1_001, budget_warning_percent: 50, budget_committed_minor: 501 }), categories: [], items: [] });
    const under = linesOver({ event: event({ budget_total_minor: 1_001, budget_warning_percent: 50, budget_committed_minor: 500 }), categories: [], items: [] });

    expect(lines).toMatchObject([{ line: 'overall:warning', limit: 5.01 }]);
    expect(under).toEqual([]);
  });

  it('prices a per-guest item at the headcount before judging its overrun', () => {
    const perGuest = item({ per_guest: true, unit_cost_minor: 1_000, estimated_minor: 0, actual_minor: 5_500 });

    expect(linesOver({ event: event({ attending_headcount: 5 }), categories: [], items: [perGuest] })).toEqual([]);
    expect(linesOver({ event: event({ attending_headcount: 4 }), categories: [], items: [perGuest] })).toMatchObject([{ line: 'item:i', limit: 40 }]);
  });

  it('lists every line a snapshot can judge', () => {
    const scope = linesInScope({ event: event(), categories: [{ slug: 'decor', allocation_minor: 1, counters: zeroLedger() }], items: [item({})] });

    expect(scope).toEqual(['overall:over', 'overall:warning', 'category:decor', 'item:i']);
  });

  it('counts only the category\'s own per-guest entries in its totals', () => {
    const totals = categoryTotals(event({ attending_headcount: 2, budget_per_guest: { p: catering, q: { ...catering, category: 'bar' } } }), {
      slug: 'catering', allocation_minor: 0, counters: zeroLedger(),
    });

    expect(totals).toMatchObject({ estimated: 6_000, committed: 6_000 });
  });
});

describe('planBudgetSettings', () => {
  it('plans the changes given, all at once', () => {
    const plan = planBudgetSettings(event({ exchange_rates: { EUR: 1.1 } }), {
      budget_total: 2000.5, exchange_rates: { EUR: 1.08, USD: 1 }, warning_threshold_percent: 80, item_overrun_threshold_percent: 5, allocations: { venue: 500 },
    });

    expect(plan).toEqual({
      ok: {
        set: { budget_total_minor: 200_050, exchange_rates: { EUR: 1.08 }, budget_warning_percent: 80, budget_item_overrun_percent: 5 },
        allocations: new Map([['venue', 50_000]]),
        currencyChanges: false,
        changes: [
          { field: 'budget_total', before: 1000, after: 2000.5 },
          { field: 'exchange_rates', before: { EUR: 1.1 }, after: { EUR: 1.08 } },
          { field: 'warning_threshold_percent', before: null, after: 80 },
          { field: 'item_overrun_threshold_percent', before: null, after: 5 },
          { field: 'allocations', before: null, after: { venue: 500 } },
        ],
      },
    });
  });

  it('records nothing for values that stay the same', () => {
    const plan = planBudgetSettings(event({ budget_warning_percent: 90 }), { budget_total: 1000, warning_threshold_percent: 90, exchange_rates: {} });

    expect(plan).toEqual({ ok: { set: { budget_warning_percent: 90, exchange_rates: {} }, allocations: new Map(), currencyChanges: false, changes: [] } });
  });

  it('carries the total over to a new currency while there are no items', () => {
    const plan = planBudgetSettings(event(), { currency: 'EUR' });

    expect(plan).toMatchObject({
      ok: { set: { currency: 'EUR' }, currencyChanges: true, changes: [{ field: 'currency', before: 'USD', after: 'EUR' }] },
    });
    expect(planBudgetSettings(event(), { currency: 'JPY' })).toMatchObject({ ok: { set: { budget_total_minor: 1000, currency: 'JPY' } } });
  });

  it('lists every problem: a currency change with items, amounts the currency cannot hold, rates that are not plain decimals', () => {
    const plan = planBudgetSettings(event({ budget_item_count: 1 }), {
      currency: 'JPY', budget_total: 10.5, allocations: { venue: 1.25, decor: 3 }, exchange_rates: { EUR: 1e-11 },
    });

    expect(plan).toEqual({
      problems: [
        { path: 'currency', message: 'The currency cannot change once budget items exist' },
        { path: 'budget_total', message: 'JPY has no decimals' },
        { path: 'exchange_rates.EUR', message: 'Not a plain decimal rate' },
        { path: 'allocations.venue', message: 'JPY has no decimals' },
      ],
    });
  });
});
