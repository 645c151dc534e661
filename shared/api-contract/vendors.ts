import * as z from 'zod';
import { vendorStatuses } from '../domain/budget/vendors.ts';
import { idParam } from '../schemas/common.ts';
import { createVendorBody, listVendorsQuery, updateVendorBody } from '../schemas/vendors.ts';
import { createInstallmentPaymentBody, updatePaymentPlanBody } from '../schemas/vendor-payments.ts';
import { contractStatuses, installmentKinds } from '../domain/vendor-payments/plan.ts';
import { budgetItemSchema } from './budget.ts';
import { budgetFigures, currency, id, many, money, one, timestamp, version } from './envelopes.ts';
import { versionedDelete, versionedUpdate } from './entries.ts';
import type { GroupContract } from './operation-contract.ts';

/** How the API shows vendors (shared/domain/budget/vendors.ts presentVendor). */
const vendorFields = {
  id,
  event_id: id,
  name: z.string(),
  service_type: z.string(),
  contact_info: z.strictObject({
    contact_person: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    line: z.string().nullable().meta({ description: 'contact_info sent as plain text, kept as given' }),
  }),
  contact_person: z.string().nullable().meta({ description: 'contact_info.contact_person, at the top level too' }),
  email: z.string().nullable().meta({ description: 'contact_info.email, at the top level too' }),
  phone: z.string().nullable().meta({ description: 'contact_info.phone, at the top level too' }),
  cost: money.nullable(),
  currency,
  status: z.enum(vendorStatuses),
  notes: z.string().nullable(),
  budget_item_ids: z.array(id),
  budget_item_offer: z
    .strictObject({ category: z.string(), create_with: z.strictObject({ create_budget_item: z.literal(true) }) })
    .nullable()
    .meta({ description: 'Booked with a cost and no budget item yet: how to create the matching item' }),
  version,
  created_at: timestamp,
  updated_at: timestamp,
};

const vendorSchema = z.strictObject(vendorFields).meta({
  id: 'Vendor',
  example: {
    id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8#01JD3MA2F0S9R6P3M1K8H4D2V1', event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', name: 'Fleurs de Lys', service_type: 'Florist',
    contact_info: { contact_person: null, email: 'hello@fleurs.example', phone: '+33 1 23 45 67 89', website: null, line: null },
    contact_person: null, email: 'hello@fleurs.example', phone: '+33 1 23 45 67 89', cost: 1800, currency: 'EUR',
    status: 'booked', notes: null, budget_item_ids: [], budget_item_offer: { category: 'decor', create_with: { create_budget_item: true } }, version: 2,
    created_at: '2026-11-24T09:30:00.000Z', updated_at: '2026-11-24T09:30:00.000Z',
  },
});

/** In the list, with the linked budget items for callers who may read the budget. */
const vendorRow = z
  .strictObject({
    ...vendorFields,
    budget_items: z.array(budgetItemSchema).optional(),
    budget_totals: z.strictObject({ currency, ...budgetFigures }).optional(),
  })
  .meta({ id: 'VendorWithBudget', description: 'budget_items and budget_totals only for callers who may read the budget' });

const installmentPaymentFields = {
  id,
  amount: money,
  paid_at: z.string().meta({ description: 'A date or an ISO 8601 instant' }),
  method: z.string().nullable(),
  note: z.string().nullable(),
  recorded_by: id,
  created_at: timestamp,
};

const planFigures = { currency, paid: money, outstanding: money };

/** How the API shows a vendor's payment plan (shared/domain/vendor-payments/view.ts presentPaymentPlan). */
const paymentPlanSchema = z
  .strictObject({
    vendor_id: id,
    event_id: id,
    currency: currency.meta({ description: "The vendor's currency when the plan first held an installment; every amount of the plan is in it" }),
    exchange_rate: z.number().meta({ description: '1 plan currency = exchange_rate event currency, fixed with the first installment' }),
    contract: z.strictObject({ status: z.enum(contractStatuses), document_id: id.nullable() }),
    assignee_id: id.nullable(),
    installments: z.array(z.strictObject({
      id,
      kind: z.enum(installmentKinds),
      label: z.string(),
      due_date: z.string().meta({ description: 'YYYY-MM-DD' }),
      amount: money,
      paid: money,
      outstanding: money,
      status: z.enum(['unpaid', 'partial', 'paid']),
      overdue: z.boolean(),
      payments: z.array(z.strictObject(installmentPaymentFields)),
    })),
    totals: z.strictObject({ ...planFigures, scheduled: money }),
    in_event_currency: z.strictObject({ ...planFigures, committed: money }).meta({ description: "The plan's weight in the budget: each installment converted once" }),
    version: z.number().int().min(0).meta({ description: '0 before the first save; send back as If-Match (or "version")' }),
    created_at: timestamp.nullable(),
    updated_at: timestamp.nullable(),
  })
  .meta({ id: 'VendorPaymentPlan' });

export const vendorsContract: GroupContract = {
  listVendors: {
    params: idParam,
    query: listVendorsQuery,
    responses: { 200: { description: 'A page of vendors in id order, one Query whatever the event holds (no `total` since 0.6.0: it read every vendor); with both filters a page may hold fewer than `limit` and still have a next_cursor', schema: many(vendorRow) } },
  },
  createVendor: {
    params: idParam,
    body: {
      schema: createVendorBody,
      example: { name: 'Fleurs de Lys', service_type: 'Florist', contact_info: { email: 'hello@fleurs.example', phone: '+33 1 23 45 67 89' }, cost: 1800, status: 'quoted' },
      description: 'Contact fields come in contact_info or flat on the body, or contact_info is plain text (kept as contact_info.line, an email and a phone taken out of it); money as a number or a decimal string; create_budget_item: true on a booked vendor with a cost adds its budget item',
    },
    responses: { 201: { description: 'The vendor', schema: one(vendorSchema), headers: { Location: '/api/vendors/{id}' } } },
    problemCodes: { 409: { collection_full: 'create_budget_item on an event with MAX_BUDGET_ITEMS_PER_EVENT budget items; nothing is saved' } },
  },
  updateVendor: versionedUpdate(
    { schema: updateVendorBody, example: { status: 'booked', version: 1 }, description: 'Every field optional; status moves forward (contacted → quoted → booked → confirmed) or to cancelled; contact_info may be plain text as on create' },
    { description: 'The changed vendor', schema: one(vendorSchema) },
  ),
  deleteVendor: versionedDelete('Deleted; its budget items stay, unlinked'),
  getVendorPaymentPlan: {
    params: idParam,
    responses: { 200: { description: 'The plan (an empty one, version 0, before its first save)', schema: one(paymentPlanSchema) } },
  },
  updateVendorPaymentPlan: {
    params: idParam,
    body: {
      schema: updatePaymentPlanBody,
      example: {
        contract_status: 'signed',
        installments: [{ kind: 'deposit', due_date: '2027-01-15', amount: 500 }, { label: 'Balance', due_date: '2027-05-20', amount: 1300 }],
        version: 0,
      },
      description: 'Every field optional; installments, when sent, is the whole schedule (an existing one by its id keeps its payments). Amounts in the plan currency',
    },
    ifMatch: true,
    responses: { 200: { description: 'The plan after the change', schema: one(paymentPlanSchema) } },
    problemCodes: { 409: { version_conflict: 'the plan changed since the version sent' } },
  },
  recordInstallmentPayment: {
    params: idParam,
    body: { schema: createInstallmentPaymentBody, example: { installment_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3MA2F0S9R6P3M1K8H4D2V1', amount: 250, paid_at: '2027-01-10', method: 'bank transfer' } },
    responses: {
      201: {
        description: 'The payment, with the plan after it',
        schema: one(z.strictObject({ ...installmentPaymentFields, installment_id: id, plan: paymentPlanSchema }).meta({ id: 'InstallmentPayment' })),
        headers: { Location: '/api/vendors/{id}/payment-plan' },
      },
    },
    problemCodes: { 409: { overpayment: 'the amount exceeds what is outstanding on the installment (never kept as credit)' } },
  },
};
