import { describe, expect, it } from 'vitest';
import { linesOver } from '../../shared/domain/budget/alerts.ts';
import type { BudgetItemRecord } from '../../shared/domain/budget/ledger.ts';
import type { BudgetEvent } from '../../shared/domain/budget/totals.ts';
import { categoryForService, vendorTransition } from '../../shared/domain/budget/vendors.ts';
import { zeroCounters } from '../../shared/domain/events/rules.ts';

const event = (overrides: Partial<BudgetEvent>): BudgetEvent => ({
  ...zeroCounters(), id: 'E', name: 'E', event_date: '2027-01-01T00:00:00Z', timezone: 'UTC', event_type: 'party', budget_total_minor: 100000,
  currency: 'USD', status: 'planning', organizer_id: 'u', created_at: 'x', updated_at: 'x', version: 1, ...overrides,
});

describe('vendor pipeline', () => {
  it.each([
    ['contacted', 'quoted', 'allowed'], ['contacted', 'booked', 'allowed'], ['booked', 'confirmed', 'allowed'], ['confirmed', 'cancelled', 'allowed'],
    ['booked', 'quoted', 'invalid'], ['cancelled', 'booked', 'invalid'], ['quoted', 'quoted', 'unchanged'],
  ] as const)('%s → %s is %s', (from, to, verdict) => {
    expect(vendorTransition(from, to)).toBe(verdict);
  });

  it.each([['Florist', 'decor'], ['DJ', 'entertainment'], ['Wedding photographer', 'photography'], ['Caterer', 'catering'], ['Astrologer', 'miscellaneous']])(
    '%s belongs to %s', (service, category) => {
      expect(categoryForService(service)).toBe(category);
    },
  );
});

describe('alert lines', () => {
  it('warns at the warning share and is over only past the total', () => {
    const atWarning = linesOver({ event: event({ budget_committed_minor: 90000 }), categories: [], items: [] });
    const atTotal = linesOver({ event: event({ budget_committed_minor: 100000 }), categories: [], items: [] });
    const over = linesOver({ event: event({ budget_committed_minor: 100001 }), categories: [], items: [] });

    expect(atWarning.map((line) => line.line)).toEqual(['overall:warning']);
    expect(atTotal.map((line) => line.line)).toEqual(['overall:warning']);
    expect(over.map((line) => line.line)).toEqual(['overall:over', 'overall:warning']);
  });

  it('counts per-guest estimates at the live headcount against the budget', () => {
    const perGuest = { p: { category: 'catering', unit_minor: 5000, currency: 'USD', rate: '1', actual_event_minor: null } };

    const few = linesOver({ event: event({ budget_per_guest: perGuest, attending_headcount: 10 }), categories: [], items: [] });
    const many = linesOver({ event: event({ budget_per_guest: perGuest, attending_headcount: 30 }), categories: [], items: [] });

    expect(few).toEqual([]);
    expect(many.map((line) => line.line)).toContain('overall:over');
  });

  it('flags an item only beyond the overrun threshold, in integers', () => {
    const item = (actual: number): BudgetItemRecord => ({
      id: 'i', event_id: 'E', category: 'venue', description: 'Hall', currency: 'USD', exchange_rate: '1', per_guest: false, estimated_minor: 10000,
      actual_minor: actual, payments: [], version: 1, created_at: 'x', updated_at: 'x', created_by: 'u',
    });

    expect(linesOver({ event: event({}), categories: [], items: [item(11000)] })).toEqual([]);
    expect(linesOver({ event: event({}), categories: [], items: [item(11001)] }).map((line) => line.kind)).toEqual(['item_over_estimate']);
  });
});
