import { budgetItemFromItem } from '#shared/data/budget/items.ts';
import { saveBudgetItemChange } from '#shared/data/budget/write.ts';
import { loadChildAccess } from '#shared/data/events/access.ts';
import { newChildId } from '#shared/data/ids.ts';
import { planPayment, withoutPayment } from '#shared/domain/budget/items.ts';
import { presentBudgetItem } from '#shared/domain/budget/view.ts';
import { NotFoundError, ValidationError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { created, deleted } from '#shared/http/responses.ts';
import { createPaymentBody, paymentParams } from '#shared/schemas/budget.ts';
import { idParam } from '#shared/schemas/common.ts';

/**
 * Payments live on their budget item (at most 100), so recording one is a version-checked rewrite of the
 * item: the overpayment check and the totals then cannot race with another payment. A race answers 409.
 */
export const addPayment = operation({
  params: idParam,
  body: createPaymentBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'budgetItem', 'budget', 'write');
    const item = budgetItemFromItem(child);
    const now = new Date();
    const plan = planPayment(item, body, event, { id: newChildId(event.id), actorId: caller.userId, now: now.toISOString() });
    if ('problems' in plan) throw new ValidationError(plan.problems);
    await saveBudgetItemChange({ event, before: item, after: plan.ok, action: 'budget_payment.recorded', actorId: caller.userId, now, log: request.log });
    const view = presentBudgetItem(plan.ok, event);
    const payment = view.payments[view.payments.length - 1];
    return created({ ...payment, item: view }, `/api/budget/items/${item.id}/payments/${payment?.id}`);
  },
});

/** DELETE /api/budget/items/{id}/payments/{paymentId}. */
export const deletePayment = operation({
  params: paymentParams,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'budgetItem', 'budget', 'write');
    const item = budgetItemFromItem(child);
    const now = new Date();
    const after = withoutPayment(item, params.paymentId, now.toISOString());
    if (!after) throw new NotFoundError('payment');
    await saveBudgetItemChange({ event, before: item, after, action: 'budget_payment.deleted', actorId: caller.userId, now, log: request.log });
    return deleted(params.paymentId);
  },
});
