import * as z from 'zod';
import { contractStatuses, installmentKinds, MAX_INSTALLMENTS } from '../domain/vendor-payments/plan.ts';
import { isoDate, isoDateTime, text } from './common.ts';
import { amountInput } from './money.ts';

/** What the vendor payment plan routes accept (shared/domain/vendor-payments/plan.ts). */
export const paymentPlanLimits = { label: 100, method: 50, note: 500 } as const;

const childId = z.string().trim().min(1).max(64);
const positive = amountInput.refine((value) => value > 0, 'Must be more than 0');

/** PUT /api/vendors/{id}/payment-plan: each field optional; `installments`, when sent, is the whole schedule. */
export const updatePaymentPlanBody = z.object({
  contract_status: z.enum(contractStatuses).optional(),
  contract_document_id: childId.nullish().meta({ description: "One of the event's documents holding the contract; null unlinks it" }),
  assignee_id: childId.nullish().meta({ description: "A team member's user id who hears of the reminders besides the organizer; null for none" }),
  installments: z
    .array(z.object({
      id: childId.optional().meta({ description: 'An existing installment (its payments stay with it); leave out for a new one' }),
      kind: z.enum(installmentKinds).optional(),
      label: text(paymentPlanLimits.label, 1).optional(),
      due_date: isoDate,
      amount: positive,
    }))
    .max(MAX_INSTALLMENTS)
    .optional(),
  version: z.number().int().min(0).optional(),
});
export type PaymentPlanPatch = z.output<typeof updatePaymentPlanBody>;

/** POST /api/vendors/{id}/payment-plan/payments. */
export const createInstallmentPaymentBody = z.object({
  installment_id: childId,
  amount: positive,
  paid_at: z.union([isoDate, isoDateTime]).optional(),
  method: text(paymentPlanLimits.method, 1).optional(),
  note: text(paymentPlanLimits.note).optional(),
});
