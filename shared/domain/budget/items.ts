import type { Problem } from '../events/rules.ts';
import { type BudgetItemRecord, itemDueMinor, itemPaidMinor, type PaymentRecord } from './ledger.ts';
import type { BudgetEvent } from './totals.ts';
import { amountProblem, convertedAmountProblem, exactRate, toMinorUnits } from '../money.ts';
import type { BudgetItemPatch, NewBudgetItemInput, PaymentInput } from '../../schemas/budget.ts';

/**
 * The rules of a budget item write, decided before anything is stored: amounts fit their currency, an
 * item in another currency has a rate, paying never exceeds what the item costs. Each returns every
 * problem at once, or the item as it will be stored.
 */
export type Planned<T> = { ok: T } | { problems: Problem[] };

/** The rate fixed on an item: '1' in the event currency, else the event's rate, else a problem. */
export function rateFor(event: BudgetEvent, currency: string): string | null {
  if (currency === event.currency) return '1';
  const rate = event.exchange_rates?.[currency];
  return rate === undefined ? null : exactRate(rate);
}

type Money = { path: string; amount: number | null | undefined };

/** Each amount in minor units of `currency`, collecting a problem per amount that does not fit. */
function minorAmounts(amounts: Money[], currency: string, problems: Problem[]): Map<string, number | null> {
  const result = new Map<string, number | null>();
  for (const { path, amount } of amounts) {
    if (amount === undefined) continue;
    if (amount === null) {
      result.set(path, null);
      continue;
    }
    const problem = amountProblem(amount, currency);
    if (problem) problems.push({ path, message: problem });
    else result.set(path, toMinorUnits(amount, currency) as number);
  }
  return result;
}

/** Largest headcount a per-guest price is multiplied by (the events' capacity limit). */
const MAX_HEADCOUNT = 100_000;

/** Every amount must still fit once converted to the event currency (per-guest prices at the largest headcount). */
function conversionProblems(item: BudgetItemRecord, eventCurrency: string): Problem[] {
  const amounts: [string, number | undefined][] = [
    ['estimated_cost', item.estimated_minor],
    ['unit_cost', item.unit_cost_minor === undefined ? undefined : item.unit_cost_minor * MAX_HEADCOUNT],
    ['actual_cost', item.actual_minor],
  ];
  return amounts.flatMap(([path, minor]) => {
    const problem = minor === undefined ? null : convertedAmountProblem(minor, item.currency, eventCurrency, item.exchange_rate);
    return problem ? [{ path, message: problem }] : [];
  });
}

function rateProblem(event: BudgetEvent, currency: string, problems: Problem[]): string {
  const rate = rateFor(event, currency);
  if (rate === null) {
    problems.push({ path: 'currency', message: `No exchange rate for ${currency}; set exchange_rates on the budget first` });
    return '1';
  }
  return rate;
}

export function planNewItem(
  input: NewBudgetItemInput,
  event: BudgetEvent,
  context: { id: string; actorId: string; now: string },
): Planned<BudgetItemRecord> {
  const problems: Problem[] = [];
  const currency = input.currency ?? event.currency;
  const rate = rateProblem(event, currency, problems);
  const minor = minorAmounts(
    [
      { path: 'estimated_cost', amount: input.per_guest ? undefined : input.estimated_cost },
      { path: 'unit_cost', amount: input.per_guest ? input.unit_cost : undefined },
      { path: 'actual_cost', amount: input.actual_cost },
    ],
    currency,
    problems,
  );
  if (problems.length > 0) return { problems };
  const item: BudgetItemRecord = {
    id: context.id,
    event_id: event.id,
    category: input.category,
    description: input.description,
    notes: input.notes ?? undefined,
    vendor_id: input.vendor_id ?? undefined,
    due_date: input.due_date ?? undefined,
    currency,
    exchange_rate: rate,
    per_guest: input.per_guest ?? false,
    unit_cost_minor: input.per_guest ? (minor.get('unit_cost') ?? 0) : undefined,
    estimated_minor: input.per_guest ? 0 : (minor.get('estimated_cost') ?? 0),
    actual_minor: minor.get('actual_cost') ?? undefined,
    payments: [],
    version: 1,
    created_at: context.now,
    updated_at: context.now,
    created_by: context.actorId,
  };
  const tooLarge = conversionProblems(item, event.currency);
  return tooLarge.length > 0 ? { problems: tooLarge } : { ok: item };
}

const clearable = ['notes', 'vendor_id', 'due_date'] as const;

/**
 * A PUT: the stored item after the patch. A new currency re-prices every amount in it (all amounts given
 * or kept must fit it) at today's rate; `paid: true` (or payment_status 'paid') without payment records
 * fixes the actual cost at what the item costs now, so the amount paid cannot move afterwards.
 */
export function planItemUpdate(
  item: BudgetItemRecord,
  patch: BudgetItemPatch,
  event: BudgetEvent,
  now: string,
): Planned<BudgetItemRecord> {
  const problems: Problem[] = [];
  const currency = patch.currency ?? item.currency;
  const currencyChanged = currency !== item.currency;
  const rate = currencyChanged || patch.currency !== undefined ? rateProblem(event, currency, problems) : item.exchange_rate;
  if (currencyChanged && item.payments.length > 0) problems.push({ path: 'currency', message: 'The currency cannot change once payments are recorded' });
  const perGuest = patch.per_guest ?? item.per_guest;
  // Stored amounts carry over unless the currency changes (then the caller re-prices them, checked below).
  const kept = (minor: number | undefined) => (currencyChanged ? undefined : minor);
  const minor = minorAmounts(
    [
      { path: 'estimated_cost', amount: patch.estimated_cost },
      { path: 'unit_cost', amount: patch.unit_cost },
      { path: 'actual_cost', amount: patch.actual_cost },
    ],
    currency,
    problems,
  );
  if (currencyChanged) {
    for (const path of ['estimated_cost', 'unit_cost', 'actual_cost'] as const) {
      const stored = path === 'estimated_cost' ? item.estimated_minor : path === 'unit_cost' ? item.unit_cost_minor : item.actual_minor;
      if (!minor.has(path) && stored) problems.push({ path, message: `Give ${path} in ${currency} when changing the currency` });
    }
  }
  if (perGuest && !item.per_guest && !minor.has('unit_cost')) problems.push({ path: 'unit_cost', message: 'Required for a per-guest item' });
  if (!perGuest && item.per_guest && !minor.has('estimated_cost')) problems.push({ path: 'estimated_cost', message: 'Required for a fixed-price item' });
  if (problems.length > 0) return { problems };

  const after: BudgetItemRecord = {
    ...item,
    category: patch.category ?? item.category,
    description: patch.description ?? item.description,
    currency,
    exchange_rate: rate,
    per_guest: perGuest,
    unit_cost_minor: perGuest ? (minor.get('unit_cost') ?? kept(item.unit_cost_minor) ?? 0) : undefined,
    estimated_minor: perGuest ? 0 : (minor.get('estimated_cost') ?? kept(item.estimated_minor) ?? 0),
    actual_minor: minor.has('actual_cost') ? (minor.get('actual_cost') ?? undefined) : kept(item.actual_minor),
    version: item.version + 1,
    updated_at: now,
  };
  for (const field of clearable) {
    const value = patch[field];
    if (value === null) delete after[field];
    else if (value !== undefined) after[field] = value;
  }
  const status = patch.paid === undefined ? patch.payment_status : patch.paid ? 'paid' : 'unpaid';
  if (status !== undefined) {
    if (item.payments.length > 0) return { problems: [{ path: patch.paid === undefined ? 'payment_status' : 'paid', message: 'Derived from the recorded payments; add or delete payments instead' }] };
    after.manual_payment_status = status;
    if (status === 'paid' && after.actual_minor === undefined) after.actual_minor = itemDueMinor(after, event.attending_headcount ?? 0);
  }
  const tooLarge = conversionProblems(after, event.currency);
  if (tooLarge.length > 0) return { problems: tooLarge };
  const paid = itemPaidMinor(after);
  if (after.actual_minor !== undefined && item.payments.length > 0 && paid > after.actual_minor) {
    return { problems: [{ path: 'actual_cost', message: 'Less than what is already paid; delete a payment first' }] };
  }
  return { ok: after };
}

/** A new payment: positive, in the item's currency, and never beyond what the item costs. */
export function planPayment(
  item: BudgetItemRecord,
  input: PaymentInput,
  event: BudgetEvent,
  context: { id: string; actorId: string; now: string },
): Planned<BudgetItemRecord> {
  const problems: Problem[] = [];
  const amount = minorAmounts([{ path: 'amount', amount: input.amount }], item.currency, problems).get('amount');
  if (problems.length > 0 || amount === undefined || amount === null) return { problems };
  if (item.payments.length >= 100) return { problems: [{ path: 'amount', message: 'An item keeps at most 100 payments' }] };
  const due = itemDueMinor(item, event.attending_headcount ?? 0);
  const alreadyPaid = item.payments.reduce((sum, payment) => sum + payment.amount_minor, 0);
  if (alreadyPaid + amount > due) {
    return { problems: [{ path: 'amount', message: `Overpays the item: ${due - alreadyPaid} minor units of ${item.currency} remain due` }] };
  }
  const payment: PaymentRecord = {
    id: context.id,
    amount_minor: amount,
    paid_at: input.paid_at === undefined ? context.now : input.paid_at.length === 10 ? `${input.paid_at}T00:00:00Z` : new Date(input.paid_at).toISOString(),
    method: input.method,
    note: input.note,
    recorded_by: context.actorId,
    created_at: context.now,
  };
  // Payments replace a status set by hand: from now on the status is derived from them.
  const { manual_payment_status: _manual, ...rest } = item;
  return { ok: { ...rest, payments: [...item.payments, payment], version: item.version + 1, updated_at: context.now } };
}

export function withoutPayment(item: BudgetItemRecord, paymentId: string, now: string): BudgetItemRecord | null {
  if (!item.payments.some((payment) => payment.id === paymentId)) return null;
  return { ...item, payments: item.payments.filter((payment) => payment.id !== paymentId), version: item.version + 1, updated_at: now };
}
