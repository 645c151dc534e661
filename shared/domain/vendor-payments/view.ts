import { paymentStatusOf } from '../budget/ledger.ts';
import { toMajorUnits } from '../money.ts';
import { type CashFlowMonth, outstandingMinor, paidMinor, type PaymentPlanRecord, planCounters } from './plan.ts';

/** How the API shows a vendor's payment plan and the event's cash-flow, in major units. */
export function presentPaymentPlan(
  plan: PaymentPlanRecord | null,
  vendor: { id: string; event_id: string; currency: string },
  eventCurrency: string,
  now: Date,
) {
  const currency = plan?.currency ?? vendor.currency;
  const major = (minor: number) => toMajorUnits(minor, currency);
  const today = now.toISOString().slice(0, 10);
  const installments = (plan?.installments ?? []).map((installment) => {
    const paid = paidMinor(installment);
    const outstanding = outstandingMinor(installment);
    return {
      id: installment.id,
      kind: installment.kind,
      label: installment.label,
      due_date: installment.due_date,
      amount: major(installment.amount_minor),
      paid: major(paid),
      outstanding: major(outstanding),
      status: paymentStatusOf(paid, installment.amount_minor),
      overdue: outstanding > 0 && installment.due_date < today,
      payments: installment.payments.map((payment) => ({
        id: payment.id, amount: major(payment.amount_minor), paid_at: payment.paid_at, method: payment.method ?? null, note: payment.note ?? null,
        recorded_by: payment.recorded_by, created_at: payment.created_at,
      })),
    };
  });
  const counters = planCounters(plan, eventCurrency);
  const eventMajor = (minor: number) => toMajorUnits(minor, eventCurrency);
  const scheduledMinor = (plan?.installments ?? []).reduce((sum, installment) => sum + installment.amount_minor, 0);
  const paidTotalMinor = (plan?.installments ?? []).reduce((sum, installment) => sum + paidMinor(installment), 0);
  return {
    vendor_id: vendor.id,
    event_id: vendor.event_id,
    currency,
    exchange_rate: Number(plan?.exchange_rate ?? '1'),
    contract: { status: plan?.contract_status ?? 'none', document_id: plan?.contract_document_id ?? null },
    assignee_id: plan?.assignee_id ?? null,
    installments,
    totals: {
      currency,
      scheduled: major(scheduledMinor),
      paid: major(paidTotalMinor),
      outstanding: major(scheduledMinor - paidTotalMinor),
    },
    in_event_currency: {
      currency: eventCurrency,
      committed: eventMajor(counters.committed),
      paid: eventMajor(counters.paid),
      outstanding: eventMajor(counters.committed - counters.paid),
    },
    version: plan?.version ?? 0,
    created_at: plan?.created_at ?? null,
    updated_at: plan?.updated_at ?? null,
  };
}

export type PaymentPlanView = ReturnType<typeof presentPaymentPlan>;

/** The cash-flow answer: each month's figures and their sums, in the event's currency. */
export function presentCashFlow(months: CashFlowMonth[], eventCurrency: string) {
  const major = (minor: number) => toMajorUnits(minor, eventCurrency);
  const sum = (field: 'due' | 'paid' | 'outstanding') => months.reduce((total, month) => total + month[field], 0);
  return {
    currency: eventCurrency,
    months: months.map((month) => ({ month: month.month, due: major(month.due), paid: major(month.paid), outstanding: major(month.outstanding), installments: month.installments })),
    totals: { due: major(sum('due')), paid: major(sum('paid')), outstanding: major(sum('outstanding')) },
  };
}

/** The schedules' line of the budget totals, from the event's counters (event minor units). */
export function scheduleTotals(event: { currency: string; schedule_committed_minor?: number; schedule_paid_minor?: number }) {
  const committed = event.schedule_committed_minor ?? 0;
  const paid = event.schedule_paid_minor ?? 0;
  const major = (minor: number) => toMajorUnits(minor, event.currency);
  return { currency: event.currency, committed: major(committed), paid: major(paid), outstanding: major(committed - paid) };
}
