import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addLedger, type BudgetItemRecord, contribution, itemEstimateMinor, type LedgerCounters, ledgerChange, type PerGuestEntry, zeroLedger,
} from '../../shared/domain/budget/ledger.ts';
import { ledgerTotals } from '../../shared/domain/budget/totals.ts';
import { convertMinorUnits } from '../../shared/domain/money.ts';

/**
 * The totals equal the sum of the items for any set of items reached by any order of edits: counters are
 * only ever moved by ledgerChange deltas (as the data layer does, in the item's transaction), and must
 * equal a recount of the items at the end.
 */
const EVENT_CURRENCY = 'USD';
const rates: Record<string, string> = { USD: '1', EUR: '1.0857', JPY: '0.0067', KWD: '3.2549' };

const itemArbitrary = (id: string) =>
  fc.record({
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'),
    category: fc.constantFrom('venue', 'catering', 'decor'),
    per_guest: fc.boolean(),
    amount: fc.integer({ min: 0, max: 5_000_000 }),
    actual: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: undefined }),
    paid: fc.array(fc.integer({ min: 1, max: 100_000 }), { maxLength: 3 }),
  }).map((shape): BudgetItemRecord => ({
    id, event_id: 'E', category: shape.category, description: id, currency: shape.currency, exchange_rate: rates[shape.currency] as string,
    per_guest: shape.per_guest, unit_cost_minor: shape.per_guest ? shape.amount % 20_000 : undefined, estimated_minor: shape.per_guest ? 0 : shape.amount,
    actual_minor: shape.actual, payments: shape.paid.map((amount, index) => ({ id: `${id}-${index}`, amount_minor: amount, paid_at: 'x', recorded_by: 'u', created_at: 'x' })),
    version: 1, created_at: 'x', updated_at: 'x', created_by: 'u',
  }));

type Edit = { id: string; next: BudgetItemRecord | null };
const editsArbitrary = fc.array(
  fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.boolean()).chain(([id, remove]) =>
    remove ? fc.constant<Edit>({ id, next: null }) : itemArbitrary(id).map((next): Edit => ({ id, next }))),
  { maxLength: 60 },
);

/** Replays the edits the way the API does: counters move by deltas only. */
function replay(edits: Edit[]) {
  const items = new Map<string, BudgetItemRecord>();
  let counters = zeroLedger();
  const perGuest = new Map<string, PerGuestEntry>();
  const categories = new Map<string, LedgerCounters>();
  for (const { id, next } of edits) {
    const change = ledgerChange(items.get(id) ?? null, next, EVENT_CURRENCY);
    counters = addLedger(counters, change.eventDelta);
    for (const [slug, delta] of change.categoryDeltas) categories.set(slug, addLedger(categories.get(slug) ?? zeroLedger(), delta));
    if (change.perGuest.entry) perGuest.set(id, change.perGuest.entry);
    else perGuest.delete(id);
    if (next) items.set(id, next);
    else items.delete(id);
  }
  return { items: [...items.values()], counters, perGuest: [...perGuest.values()], categories };
}

const recount = (items: BudgetItemRecord[]) => items.reduce((sum, item) => addLedger(sum, contribution(item, EVENT_CURRENCY).counters), zeroLedger());

describe('budget counters (property-based)', () => {
  it('equal the recount of the items after any sequence of creates, edits and deletes', () => {
    fc.assert(fc.property(editsArbitrary, (edits) => {
      const { items, counters, categories } = replay(edits);

      expect(counters).toEqual(recount(items));
      for (const [slug, sum] of categories) expect(sum).toEqual(recount(items.filter((item) => item.category === slug)));
    }), { numRuns: 300 });
  });

  it('give the same totals whatever order the same final items were written in', () => {
    fc.assert(fc.property(editsArbitrary, fc.integer({ min: 0, max: 500 }), (edits, headcount) => {
      const final = replay(edits);
      const reordered = replay([...final.items].reverse().map((item) => ({ id: item.id, next: item })));

      expect(ledgerTotals(reordered.counters, reordered.perGuest, headcount, EVENT_CURRENCY))
        .toEqual(ledgerTotals(final.counters, final.perGuest, headcount, EVENT_CURRENCY));
    }), { numRuns: 200 });
  });

  it('totals at any headcount equal the per-item sums (each item converted once)', () => {
    fc.assert(fc.property(editsArbitrary, fc.integer({ min: 0, max: 1000 }), (edits, headcount) => {
      const { items, counters, perGuest } = replay(edits);
      const convert = (item: BudgetItemRecord, minor: number) => convertMinorUnits(minor, item.currency, EVENT_CURRENCY, item.exchange_rate);
      const estimated = items.reduce((sum, item) => sum + convert(item, itemEstimateMinor(item, headcount)), 0);
      const committed = items.reduce((sum, item) => sum + Math.max(item.actual_minor === undefined ? 0 : convert(item, item.actual_minor), convert(item, itemEstimateMinor(item, headcount))), 0);

      const totals = ledgerTotals(counters, perGuest, headcount, EVENT_CURRENCY);

      expect(totals.estimated).toBe(estimated);
      expect(totals.committed).toBe(committed);
      expect(totals.outstanding).toBe(committed - totals.paid);
    }), { numRuns: 200 });
  });
});
