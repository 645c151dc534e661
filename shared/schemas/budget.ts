import * as z from 'zod';
import { paymentStatuses } from '../domain/budget/ledger.ts';
import { MAX_RATE_DECIMALS, exactRate } from '../domain/money.ts';
import { idParam, isoDate, isoDateTime, text } from './common.ts';
import { amountInput, currencyInput } from './money.ts';

/**
 * What the budget routes accept. Amounts are major units (JSON numbers); whether they fit their
 * currency's decimals is checked once the event (and so the default currency) is known, together with
 * every other problem. Read-only fields (ids, counters, converted amounts, versions on create) are not in
 * these schemas, so zod drops them.
 */
export const budgetLimits = { description: 300, notes: 2000, method: 50, paymentNote: 500, categories: 50, paymentsPerItem: 100 } as const;

/** A category slug: the defaults (venue, catering, ...) or a planner's own ("Hair & makeup" → hair-makeup). */
export const categorySlug = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
  .pipe(z.string().min(1, 'Use letters or digits').max(40));

const childId = z.string().trim().min(1).max(64);
const nonNegative = amountInput;
const positive = amountInput.refine((value) => value > 0, 'Must be more than 0');

const itemFields = {
  category: categorySlug,
  description: text(budgetLimits.description, 1),
  estimated_cost: nonNegative.optional(),
  unit_cost: nonNegative.optional(),
  per_guest: z.boolean().optional(),
  actual_cost: nonNegative.nullish(),
  currency: currencyInput.optional(),
  vendor_id: childId.nullish(),
  vendor: text(200, 1).nullish().meta({ description: 'Alias of vendor_id (the original spec): a vendor id or the name of a vendor of this event' }),
  due_date: isoDate.nullish(),
  notes: text(budgetLimits.notes).nullish(),
};

/** POST /api/events/{id}/budget/items. */
export const createBudgetItemBody = z.object(itemFields).superRefine((body, payload) => {
  if (body.per_guest && body.unit_cost === undefined) {
    payload.addIssue({ code: 'custom', path: ['unit_cost'], message: 'Required for a per-guest item' });
  }
  if (!body.per_guest && body.estimated_cost === undefined) {
    payload.addIssue({ code: 'custom', path: ['estimated_cost'], message: 'Required (or per_guest: true with unit_cost)' });
  }
}, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });
export type NewBudgetItemInput = z.output<typeof createBudgetItemBody>;

/** PUT /api/budget/items/{id}: every field optional; null clears an optional field. */
export const updateBudgetItemBody = z.object({
  ...itemFields,
  category: itemFields.category.optional(),
  description: itemFields.description.optional(),
  paid: z.boolean().optional(),
  payment_status: z.enum(paymentStatuses).optional(),
  version: z.number().int().min(1).optional(),
});
export type BudgetItemPatch = z.output<typeof updateBudgetItemBody>;

/** POST /api/budget/items/{id}/payments. */
export const createPaymentBody = z.object({
  amount: positive,
  paid_at: z.union([isoDate, isoDateTime]).optional(),
  method: text(budgetLimits.method, 1).optional(),
  note: text(budgetLimits.paymentNote).optional(),
});
export type PaymentInput = z.output<typeof createPaymentBody>;

export const paymentParams = idParam.extend({ paymentId: childId });

const rateInput = z.number().positive('Must be more than 0').refine(
  (value) => exactRate(value) !== null,
  `Use a plain decimal with at most ${MAX_RATE_DECIMALS} decimals`,
);

/** PUT /api/events/{id}/budget: the budget, its currency, exchange rates, allocations and alert lines. */
export const updateBudgetBody = z.object({
  budget_total: nonNegative.optional(),
  currency: currencyInput.optional(),
  exchange_rates: z.record(currencyInput, rateInput).optional(),
  allocations: z
    .record(categorySlug, nonNegative)
    .refine((value) => Object.keys(value).length <= budgetLimits.categories, `At most ${budgetLimits.categories} categories`)
    .optional(),
  warning_threshold_percent: z.number().min(1).max(100).optional(),
  item_overrun_threshold_percent: z.number().min(0).max(1000).optional(),
  version: z.number().int().min(1).optional(),
});
export type BudgetSettingsInput = z.output<typeof updateBudgetBody>;
