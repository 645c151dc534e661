import * as z from 'zod';
import { BUDGET_ITEMS_CAP } from '../domain/collections/cap-defaults.ts';
import { paymentStatuses } from '../domain/budget/ledger.ts';
import { createBudgetItemBody, createPaymentBody, paymentParams, updateBudgetBody, updateBudgetItemBody } from '../schemas/budget.ts';
import { idParam } from '../schemas/common.ts';
import { budgetFigures, currency, deletedBody, id, money, one, timestamp, version } from './envelopes.ts';
import { budgetSummarySchema } from './events.ts';
import { PARTIAL_UPDATE_NOTE, versionedDelete, versionedUpdate } from './entries.ts';
import type { GroupContract } from './operation-contract.ts';

/** How the API shows budget items and the budget (shared/domain/budget/view.ts). */
const paymentFields = {
  id,
  amount: money.nullable(),
  paid_at: z.string(),
  method: z.string().nullable(),
  note: z.string().nullable(),
  recorded_by: id,
  created_at: timestamp,
};

export const budgetItemSchema = z
  .strictObject({
    id,
    event_id: id,
    category: z.string().meta({ example: 'venue' }),
    description: z.string(),
    notes: z.string().nullable(),
    vendor_id: id.nullable(),
    due_date: z.string().nullable(),
    currency,
    per_guest: z.boolean(),
    unit_cost: money.nullable().meta({ description: 'Per attending guest (per_guest items only)' }),
    estimated_cost: money.nullable(),
    actual_cost: money.nullable(),
    paid_amount: money.nullable(),
    outstanding: money.nullable(),
    payment_status: z.enum(paymentStatuses),
    payments: z.array(z.strictObject(paymentFields)),
    exchange_rate: z.number().meta({ description: '1 unit of the item currency in the event currency' }),
    in_event_currency: z.strictObject({ currency, estimated: money, actual: money.nullable(), paid: money }),
    version,
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({
    id: 'BudgetItem',
    example: {
      id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8#01JD3MA2F0S9R6P3M1K8H4D2E1', event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', category: 'catering', description: 'Dinner', notes: null, vendor_id: null,
      due_date: '2027-05-01', currency: 'EUR', per_guest: true, unit_cost: 85, estimated_cost: 8500, actual_cost: null, paid_amount: 2500,
      outstanding: 6000, payment_status: 'partial',
      payments: [{ id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8#01JD3MA2F0S9R6P3M1K8H4D2P1', amount: 2500, paid_at: '2027-01-15', method: 'bank transfer', note: null, recorded_by: '01JD3M8W6ZQ4V7N2K5T9X1B3C0', created_at: '2026-11-24T09:30:00.000Z' }],
      exchange_rate: 1, in_event_currency: { currency: 'EUR', estimated: 8500, actual: null, paid: 2500 }, version: 2, created_at: '2026-11-24T09:30:00.000Z', updated_at: '2026-11-24T09:30:00.000Z',
    },
  });

const alertKinds = ['over_budget', 'budget_warning', 'category_over_allocation', 'item_over_estimate'] as const;

/** The vendors' payment schedules in the budget (shared/domain/vendor-payments/view.ts scheduleTotals). */
const scheduleTotalsSchema = z
  .strictObject({ currency, committed: money, paid: money, outstanding: money })
  .meta({ id: 'VendorScheduleTotals', description: "Vendors' payment schedules in the event currency: committed = Σ installments, paid = Σ their payments (apart from the items' figures)" });

const budgetSchema = z
  .strictObject({
    event_id: id,
    currency,
    budget_total: money,
    exchange_rates: z.record(z.string(), z.number()).meta({ example: { USD: 0.92 } }),
    warning_threshold_percent: z.number(),
    item_overrun_threshold_percent: z.number(),
    attending_headcount: z.number().int().optional().meta({ description: 'Only for a caller who may read the guests' }),
    totals: budgetSummarySchema,
    vendor_schedules: scheduleTotalsSchema,
    categories: z.array(
      z.strictObject({
        category: z.string(),
        name: z.string(),
        allocation: money,
        ...budgetFigures,
        variance: money.meta({ description: 'allocation − committed: negative when over the allocation' }),
        item_count: z.number().int(),
        items: z.array(budgetItemSchema),
      }),
    ),
    payments_due: z.array(
      z.strictObject({
        item_id: id,
        description: z.string(),
        category: z.string(),
        vendor_id: id.nullable(),
        due_date: z.string().nullable(),
        currency,
        outstanding: money.nullable(),
        overdue: z.boolean(),
      }),
    ),
    alerts: z.array(
      z.strictObject({
        line: z.string().meta({ description: 'overall:over, overall:warning, category:<slug> or item:<id>' }),
        kind: z.enum(alertKinds),
        label: z.string().meta({ description: 'What the line is about, by name: "Overall budget", "Category: Catering", "Item: Wedding cake"' }),
        message: z.string(),
        value: money,
        limit: money,
        currency,
        category: z.string().optional(),
        item_id: id.optional(),
        crossed_at: timestamp.nullable(),
        notice_id: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Budget' });

export const budgetContract: GroupContract = {
  getBudget: {
    params: idParam,
    responses: { 200: { description: 'The budget by category, with totals, payments due in 30 days and alerts', schema: one(budgetSchema) } },
  },
  updateBudget: {
    params: idParam,
    body: {
      schema: updateBudgetBody,
      example: { budget_total: 30000, exchange_rates: { USD: 0.92 }, allocations: { venue: 12000, catering: 9000 }, warning_threshold_percent: 85 },
    },
    ifMatch: true,
    responses: { 200: { description: 'The budget after the change', schema: one(budgetSchema) } },
  },
  createBudgetItem: {
    params: idParam,
    body: {
      schema: createBudgetItemBody,
      example: { category: 'catering', description: 'Dinner', per_guest: true, unit_cost: 85, currency: 'EUR', due_date: '2027-05-01' },
      description: 'estimated_cost, or per_guest with unit_cost (multiplied by the attending headcount)',
    },
    responses: { 201: { description: 'The item', schema: one(budgetItemSchema), headers: { Location: '/api/budget/items/{id}' } } },
    problemCodes: { 409: { collection_full: `the event has MAX_BUDGET_ITEMS_PER_EVENT items (${BUDGET_ITEMS_CAP} unless configured); the body's cap says it` } },
  },
  updateBudgetItem: versionedUpdate(
    { schema: updateBudgetItemBody, example: { actual_cost: 9350, version: 1 }, description: PARTIAL_UPDATE_NOTE },
    { description: 'The changed item', schema: one(budgetItemSchema) },
  ),
  deleteBudgetItem: versionedDelete('Deleted with its payments'),
  addPayment: {
    params: idParam,
    body: { schema: createPaymentBody, example: { amount: 2500, paid_at: '2027-01-15', method: 'bank transfer' } },
    responses: {
      201: {
        description: 'The payment, with its item after it',
        schema: one(z.strictObject({ ...paymentFields, item: budgetItemSchema }).meta({ id: 'Payment' })),
        headers: { Location: '/api/budget/items/{id}/payments/{paymentId}' },
      },
    },
  },
  deletePayment: {
    params: paymentParams,
    responses: { 200: { description: 'Deleted', schema: deletedBody } },
  },
  getCashFlow: {
    params: idParam,
    responses: {
      200: {
        description: "The vendors' payment schedules by month of due date, in the event currency; the months add up to vendor_schedules exactly",
        schema: one(z.strictObject({
          currency,
          months: z.array(z.strictObject({
            month: z.string().meta({ description: 'YYYY-MM' }), due: money, paid: money, outstanding: money, installments: z.number().int(),
          })),
          totals: z.strictObject({ due: money, paid: money, outstanding: money }),
          vendor_schedules: scheduleTotalsSchema,
        }).meta({ id: 'CashFlow' })),
      },
    },
  },
};
