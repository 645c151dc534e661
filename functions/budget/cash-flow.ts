import { loadEventAccess } from '#shared/data/events/access.ts';
import { listPaymentPlans } from '#shared/data/vendor-payments/plans.ts';
import { cashFlow } from '#shared/domain/vendor-payments/plan.ts';
import { presentCashFlow, scheduleTotals } from '#shared/domain/vendor-payments/view.ts';
import { operation } from '#shared/http/group.ts';
import { ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';

/**
 * GET /api/events/{id}/budget/cash-flow: the vendors' payment schedules by month of due date (due, paid,
 * outstanding) in the event currency, from one Query of the event's plans beside the access read, and
 * the schedules' budget counters they add up to.
 */
export const getCashFlow = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const [{ event }, plans] = await Promise.all([loadEventAccess(caller, params.id, 'budget', 'read'), listPaymentPlans(params.id)]);
    return ok({ ...presentCashFlow(cashFlow(plans, event.currency), event.currency), vendor_schedules: scheduleTotals(event) });
  },
});
