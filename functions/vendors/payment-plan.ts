import { auditPut, diffFields } from '#shared/data/audit.ts';
import { loadChildAccess } from '#shared/data/events/access.ts';
import { newChildId } from '#shared/data/ids.ts';
import { vendorFromItem } from '#shared/data/vendors.ts';
import { getPaymentPlan, type PlanSaveOutcome, savePaymentPlan } from '#shared/data/vendor-payments/plans.ts';
import { rateFor } from '#shared/domain/budget/items.ts';
import type { VendorRecord } from '#shared/domain/budget/vendors.ts';
import { type PaymentPlanRecord, planChange, planPayment } from '#shared/domain/vendor-payments/plan.ts';
import { presentPaymentPlan } from '#shared/domain/vendor-payments/view.ts';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { created, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { createInstallmentPaymentBody, updatePaymentPlanBody } from '#shared/schemas/vendor-payments.ts';

/**
 * A vendor's payment plan (contract, schedule, payments): budget data, so the budget's permissions apply
 * (a viewer does not see it; an assistant reads it). Rules: shared/domain/vendor-payments/plan.ts.
 */
const auditedFields = ['contract', 'assignee_id', 'installments'];
const audited = (plan: PaymentPlanRecord | null) => ({
  contract: plan ? { status: plan.contract_status, document_id: plan.contract_document_id ?? null } : undefined,
  assignee_id: plan?.assignee_id,
  installments: plan?.installments.map(({ id, due_date, amount_minor }) => ({ id, due_date, amount_minor })),
});

/** A payment retried on a plan changed under it (another payment at the same moment) before answering 409. */
const PAYMENT_ATTEMPTS = 8;

function refuse(outcome: Exclude<PlanSaveOutcome, 'saved' | 'stale'>): never {
  if (outcome === 'vendor_gone') throw new NotFoundError('vendor');
  if (outcome === 'no_document') throw new ValidationError([{ path: 'contract_document_id', message: 'No such document in this event' }]);
  throw new ValidationError([{ path: 'assignee_id', message: 'Not an active member of this event' }]);
}

/** GET /api/vendors/{id}/payment-plan: the plan, or an empty one (contract none, no installments, version 0) before the first save. */
export const getVendorPaymentPlan = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'vendor', 'budget', 'read');
    const vendor = vendorFromItem(child);
    return ok(presentPaymentPlan(await getPaymentPlan(event.id, vendor.id), vendor, event.currency, new Date()));
  },
});

/** PUT /api/vendors/{id}/payment-plan: contract, assignee, schedule; version-checked (0 before the first save). */
export const updateVendorPaymentPlan = operation({
  params: idParam,
  body: updatePaymentPlanBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'vendor', 'budget', 'write');
    const vendor: VendorRecord = vendorFromItem(child);
    const current = await getPaymentPlan(event.id, vendor.id);
    const expected = expectedVersion(request.headers, body.version) ?? current?.version ?? 0;
    if (expected !== (current?.version ?? 0)) throw new VersionConflictError();
    const now = new Date();
    const plan = planChange(current, body, {
      vendorId: vendor.id, eventId: event.id, currency: vendor.currency, rate: rateFor(event, vendor.currency), eventCurrency: event.currency,
      newId: () => newChildId(event.id), now: now.toISOString(),
    });
    if ('problems' in plan) throw new ValidationError(plan.problems);
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'vendor_payment_plan.updated', entity_type: 'vendor', entity_id: vendor.id, subject: vendor.name,
      changes: diffFields(audited(current), audited(plan.ok), auditedFields), at: now.toISOString(),
    });
    const changedLink = <T>(next: T | undefined, before: T | undefined) => (next !== undefined && next !== before ? next : undefined);
    const outcome = await savePaymentPlan({
      before: current, after: plan.ok, eventCurrency: event.currency, vendorName: vendor.name, now, alsoWrite: [audit],
      checks: {
        documentId: changedLink(plan.ok.contract_document_id, current?.contract_document_id),
        assigneeId: changedLink(plan.ok.assignee_id, current?.assignee_id),
      },
    });
    if (outcome === 'stale') throw new VersionConflictError();
    if (outcome !== 'saved') refuse(outcome);
    return ok(presentPaymentPlan(plan.ok, vendor, event.currency, now));
  },
});

/**
 * POST /api/vendors/{id}/payment-plan/payments: a payment against one installment. Two payments at once
 * both land (the second re-reads the plan and is judged again), unless together they would overpay:
 * overpaying is refused with 409 `overpayment`, never kept as credit.
 */
export const recordInstallmentPayment = operation({
  params: idParam,
  body: createInstallmentPaymentBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'vendor', 'budget', 'write');
    const vendor = vendorFromItem(child);
    for (let attempt = 0; attempt < PAYMENT_ATTEMPTS; attempt += 1) {
      const plan = await getPaymentPlan(event.id, vendor.id);
      if (!plan) throw new ValidationError([{ path: 'installment_id', message: 'This vendor has no payment schedule yet' }]);
      const now = new Date();
      const outcome = planPayment(plan, body, { id: newChildId(event.id), actorId: caller.userId, now: now.toISOString() });
      if ('problems' in outcome) throw new ValidationError(outcome.problems);
      if ('overpaid' in outcome) {
        throw new ConflictError('overpayment', `This payment exceeds what is outstanding on the installment (${outcome.overpaid.outstanding} ${outcome.overpaid.currency}).`);
      }
      const audit = auditPut({ eventId: event.id }, {
        actor_id: caller.userId, action: 'vendor_payment.recorded', entity_type: 'vendor', entity_id: vendor.id, subject: vendor.name,
        changes: [{ field: 'payment', before: null, after: { installment_id: body.installment_id, amount: body.amount, currency: plan.currency } }], at: now.toISOString(),
      });
      const saved = await savePaymentPlan({ before: plan, after: outcome.ok, eventCurrency: event.currency, vendorName: vendor.name, now, alsoWrite: [audit], checks: {} });
      if (saved === 'saved') {
        const view = presentPaymentPlan(outcome.ok, vendor, event.currency, now);
        const payment = view.installments.flatMap((installment) => installment.payments).find((candidate) => candidate.id === outcome.payment.id);
        return created({ ...payment, installment_id: body.installment_id, plan: view }, `/api/vendors/${vendor.id}/payment-plan`);
      }
      if (saved !== 'stale') refuse(saved);
    }
    throw new VersionConflictError();
  },
});
