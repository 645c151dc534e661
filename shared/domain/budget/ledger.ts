import { convertMinorUnits } from '../money.ts';

/**
 * A budget item and what it adds to the event's budget counters. Every write of an item turns into
 * "counters += contribution(after) − contribution(before)", applied in the same transaction as the item,
 * so the counters are always the sum of the items (the property tests replay random edits to prove it).
 *
 * Amounts on the item are integer minor units of the item's own currency; its contribution is in minor
 * units of the event's currency, converted once per item (half-even) at the rate fixed on the item when
 * its amounts were last set. Per-guest items are priced per head: their estimate depends on the event's
 * live attending headcount, so it is not a counter but a small entry on the event item
 * (`budget_per_guest`), from which the estimate is computed at read time and is never stale.
 */
export type PaymentStatus = 'unpaid' | 'partial' | 'paid';
export const paymentStatuses = ['unpaid', 'partial', 'paid'] as const;

export type PaymentRecord = {
  id: string;
  amount_minor: number;
  paid_at: string;
  method?: string;
  note?: string;
  recorded_by: string;
  created_at: string;
};

export type BudgetItemRecord = {
  id: string;
  event_id: string;
  category: string;
  description: string;
  notes?: string;
  vendor_id?: string;
  /** YYYY-MM-DD: when the (rest of the) payment is due. */
  due_date?: string;
  currency: string;
  /** 1 item currency = `exchange_rate` event currency, as an exact decimal string ('1' when the same). */
  exchange_rate: string;
  per_guest: boolean;
  /** Per-guest items: price per head (item currency). */
  unit_cost_minor?: number;
  /** Fixed-price items: the estimate (item currency); 0 on per-guest items. */
  estimated_minor: number;
  actual_minor?: number;
  payments: PaymentRecord[];
  /** Payment status set by hand; only used while the item has no payment records. */
  manual_payment_status?: PaymentStatus;
  version: number;
  created_at: string;
  updated_at: string;
  created_by: string;
};

/** What a per-guest item keeps on the event item, enough to compute its estimate from the headcount. */
export type PerGuestEntry = {
  category: string;
  unit_minor: number;
  currency: string;
  rate: string;
  /** The actual cost already converted to the event currency, or null while there is none. */
  actual_event_minor: number | null;
};

/** Sums in event-currency minor units. Per-guest estimates and commitments are not in here (see above). */
export type LedgerCounters = { estimated: number; actual: number; paid: number; committed: number; items: number };

export const zeroLedger = (): LedgerCounters => ({ estimated: 0, actual: 0, paid: 0, committed: 0, items: 0 });

export type Contribution = { counters: LedgerCounters; perGuest: PerGuestEntry | null };

/** Estimate in item currency; per-guest items follow the headcount. */
export const itemEstimateMinor = (item: BudgetItemRecord, headcount: number): number =>
  item.per_guest ? (item.unit_cost_minor ?? 0) * headcount : item.estimated_minor;

/** What the item costs as far as is known: its actual cost, else its estimate (item currency). */
export const itemDueMinor = (item: BudgetItemRecord, headcount: number): number =>
  item.actual_minor ?? itemEstimateMinor(item, headcount);

/**
 * Paid so far (item currency): the payments when there are any; an item marked paid by hand counts its
 * actual cost (marking paid fixes the actual cost, so this never moves with the headcount).
 */
export function itemPaidMinor(item: BudgetItemRecord): number {
  if (item.payments.length > 0) return item.payments.reduce((sum, payment) => sum + payment.amount_minor, 0);
  return item.manual_payment_status === 'paid' ? (item.actual_minor ?? 0) : 0;
}

/** Whether money owed is paid: in full, in part, or not at all (a budget item's payments, a vendor's installment). */
export const paymentStatusOf = (paidMinor: number, dueMinor: number): PaymentStatus => (paidMinor >= dueMinor ? 'paid' : paidMinor > 0 ? 'partial' : 'unpaid');

export function itemPaymentStatus(item: BudgetItemRecord, headcount: number): PaymentStatus {
  if (item.payments.length === 0) return item.manual_payment_status ?? 'unpaid';
  return paymentStatusOf(itemPaidMinor(item), itemDueMinor(item, headcount));
}

/** Item-currency minor units in event-currency minor units, at the item's rate. */
export const toEventMinor = (item: Pick<BudgetItemRecord, 'currency' | 'exchange_rate'>, minor: number, eventCurrency: string): number =>
  convertMinorUnits(minor, item.currency, eventCurrency, item.exchange_rate);

export function contribution(item: BudgetItemRecord | null, eventCurrency: string): Contribution {
  if (!item) return { counters: zeroLedger(), perGuest: null };
  const convert = (minor: number) => toEventMinor(item, minor, eventCurrency);
  const actual = item.actual_minor === undefined ? null : convert(item.actual_minor);
  const paid = convert(itemPaidMinor(item));
  if (item.per_guest) {
    return {
      counters: { estimated: 0, actual: actual ?? 0, paid, committed: 0, items: 1 },
      perGuest: { category: item.category, unit_minor: item.unit_cost_minor ?? 0, currency: item.currency, rate: item.exchange_rate, actual_event_minor: actual },
    };
  }
  const estimated = convert(item.estimated_minor);
  return { counters: { estimated, actual: actual ?? 0, paid, committed: Math.max(actual ?? 0, estimated), items: 1 }, perGuest: null };
}

export const addLedger = (a: LedgerCounters, b: LedgerCounters): LedgerCounters => ({
  estimated: a.estimated + b.estimated,
  actual: a.actual + b.actual,
  paid: a.paid + b.paid,
  committed: a.committed + b.committed,
  items: a.items + b.items,
});

export const subtractLedger = (a: LedgerCounters, b: LedgerCounters): LedgerCounters => ({
  estimated: a.estimated - b.estimated,
  actual: a.actual - b.actual,
  paid: a.paid - b.paid,
  committed: a.committed - b.committed,
  items: a.items - b.items,
});

/** What one write changes: counter deltas for the event and each category touched, and the per-guest entry. */
export type LedgerChange = {
  eventDelta: LedgerCounters;
  categoryDeltas: Map<string, LedgerCounters>;
  perGuest: { itemId: string; entry: PerGuestEntry | null; changed: boolean };
};

export function ledgerChange(before: BudgetItemRecord | null, after: BudgetItemRecord | null, eventCurrency: string): LedgerChange {
  const old = contribution(before, eventCurrency);
  const next = contribution(after, eventCurrency);
  const categoryDeltas = new Map<string, LedgerCounters>();
  const touch = (category: string, delta: LedgerCounters) =>
    categoryDeltas.set(category, addLedger(categoryDeltas.get(category) ?? zeroLedger(), delta));
  if (before) touch(before.category, subtractLedger(zeroLedger(), old.counters));
  if (after) touch(after.category, next.counters);
  const itemId = (after ?? before)?.id ?? '';
  return {
    eventDelta: subtractLedger(next.counters, old.counters),
    categoryDeltas,
    perGuest: { itemId, entry: next.perGuest, changed: JSON.stringify(old.perGuest) !== JSON.stringify(next.perGuest) },
  };
}

/** Per-guest estimate of one entry at a headcount, in event minor units (converted once, half-even). */
export const perGuestEstimate = (entry: PerGuestEntry, headcount: number, eventCurrency: string): number =>
  convertMinorUnits(entry.unit_minor * headcount, entry.currency, eventCurrency, entry.rate);
