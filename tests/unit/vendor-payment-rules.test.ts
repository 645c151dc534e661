import { describe, expect, it } from 'vitest';
import { cashFlow, type PaymentPlanRecord, planChange, planCounters, planPayment } from '../../shared/domain/vendor-payments/plan.ts';
import { paymentReminders } from '../../shared/domain/vendor-payments/reminders.ts';

/** The pure rules of vendor payment plans (shared/domain/vendor-payments): schedule, payments, cash-flow, reminders. */
let ids = 0;
const context = { vendorId: 'v1', eventId: 'e1', currency: 'USD', rate: '0.9', eventCurrency: 'EUR', newId: () => `i${(ids += 1)}`, now: '2026-12-07T10:00:00.000Z' };

function saved(input: Parameters<typeof planChange>[1], current: PaymentPlanRecord | null = null): PaymentPlanRecord {
  const plan = planChange(current, input, context);
  if (!('ok' in plan)) throw new Error(JSON.stringify(plan.problems));
  return plan.ok;
}

const pay = (plan: PaymentPlanRecord, installmentId: string, amount: number) => {
  const outcome = planPayment(plan, { installment_id: installmentId, amount }, { id: `p${(ids += 1)}`, actorId: 'u1', now: '2026-12-07T10:00:00.000Z' });
  if (!('ok' in outcome)) throw new Error(JSON.stringify(outcome));
  return outcome.ok;
};

describe('a payment plan', () => {
  it('orders the schedule by due date, fixes the currency and the rate, and refuses what cannot be stored', () => {
    const plan = saved({ installments: [{ due_date: '2027-05-01', amount: 10 }, { kind: 'deposit', due_date: '2027-01-01', amount: 5 }] });
    const noRate = planChange(null, { installments: [{ due_date: '2027-05-01', amount: 10 }] }, { ...context, rate: null });
    const wrong = planChange(null, { installments: [{ due_date: '2027-05-01', amount: 1.001 }, { kind: 'deposit', due_date: '2027-01-01', amount: 1 }, { kind: 'deposit', due_date: '2027-01-02', amount: 1 }] }, context);

    expect(plan).toMatchObject({ currency: 'USD', exchange_rate: '0.9', contract_status: 'none', version: 1 });
    expect(plan.installments.map((installment) => [installment.kind, installment.label, installment.amount_minor])).toEqual([['deposit', 'Deposit', 500], ['installment', 'Installment 1', 1000]]);
    expect(noRate).toEqual({ problems: [{ path: 'installments', message: 'No exchange rate for USD; set exchange_rates on the budget first' }] });
    expect(planChange(null, { contract_status: 'signed' }, { ...context, rate: null })).toMatchObject({ ok: { contract_status: 'signed', installments: [] } });
    const twice = planChange(plan, { installments: plan.installments.map(({ id }) => ({ id: plan.installments[0]?.id ?? id, due_date: '2027-01-01', amount: 5 })) }, context);
    expect('problems' in twice && twice.problems.map((problem) => problem.message)).toEqual(['At most one deposit', 'An installment id appears twice']);
    expect('problems' in wrong && wrong.problems.map((problem) => problem.path)).toEqual(['installments.0.amount', 'installments']);
  });

  it('keeps payments with their installment, never below what was paid, never dropped once paid', () => {
    const plan = saved({ installments: [{ due_date: '2027-05-01', amount: 10 }] });
    const id = plan.installments[0]?.id as string;
    const paid = pay(plan, id, 4);

    const moved = planChange(paid, { installments: [{ id, due_date: '2027-06-01', amount: 8 }] }, context);
    const below = planChange(paid, { installments: [{ id, due_date: '2027-05-01', amount: 3.99 }] }, context);
    const dropped = planChange(paid, { installments: [{ due_date: '2027-05-01', amount: 10 }] }, context);

    expect('ok' in moved && moved.ok.installments[0]).toMatchObject({ id, due_date: '2027-06-01', amount_minor: 800, payments: [{ amount_minor: 400 }] });
    expect('problems' in below && below.problems[0]?.path).toBe('installments.0.amount');
    expect('problems' in dropped && dropped.problems[0]?.message).toMatch(/has payments and cannot be removed/);
  });

  it('refuses an overpayment, naming what is outstanding, and accepts the exact rest', () => {
    const plan = saved({ installments: [{ due_date: '2027-05-01', amount: 10 }] });
    const id = plan.installments[0]?.id as string;
    const partly = pay(plan, id, 3.3);

    const over = planPayment(partly, { installment_id: id, amount: 6.71 }, { id: 'p', actorId: 'u1', now: context.now });
    const unknown = planPayment(partly, { installment_id: 'nope', amount: 1 }, { id: 'p', actorId: 'u1', now: context.now });

    expect(over).toEqual({ overpaid: { outstanding: 6.7, currency: 'USD' } });
    expect(unknown).toEqual({ problems: [{ path: 'installment_id', message: 'No such installment in this plan' }] });
    expect(pay(partly, id, 6.7).installments[0]?.payments.map((payment) => payment.amount_minor)).toEqual([330, 670]);
  });
});

describe('the cash-flow', () => {
  it('adds up, month by month, to the counters, each installment converted once (half-even)', () => {
    const plan = saved({ installments: [{ due_date: '2027-01-05', amount: 0.05 }, { due_date: '2027-01-20', amount: 0.15 }, { due_date: '2027-03-01', amount: 100 }] });
    const paid = pay(plan, plan.installments[1]?.id as string, 0.15);

    const months = cashFlow([paid], 'EUR');

    // 5 → 4.5 → 4 (even); 15 → 13.5 → 14 (even); 10000 → 9000.
    expect(months).toEqual([
      { month: '2027-01', due: 18, paid: 14, outstanding: 4, installments: 2 },
      { month: '2027-03', due: 9000, paid: 0, outstanding: 9000, installments: 1 },
    ]);
    expect(planCounters(paid, 'EUR')).toEqual({ committed: 9018, paid: 14 });
  });
});

describe('the reminders a plan owes', () => {
  it('7 days before the due day and the day after, from the write at the latest, while anything is unpaid', () => {
    const plan = saved({ installments: [{ due_date: '2027-03-10', amount: 10 }, { due_date: '2026-12-09', amount: 10 }, { due_date: '2026-11-01', amount: 10 }] });
    const paidOne = pay(plan, plan.installments.find((installment) => installment.due_date === '2027-03-10')?.id as string, 10);

    const owed = paymentReminders(paidOne, 'Fleurs', new Date(context.now));

    // Paid in full: nothing; saved already overdue: one overdue reminder from the write; due in 2 days: due soon from the write.
    expect(owed.map((reminder) => [reminder.due_date.slice(0, 10), reminder.reminder, reminder.remind_at, reminder.until])).toEqual([
      ['2026-11-01', 'overdue', '2026-12-07T10:00:00.000Z', '2026-12-08T10:00:00.000Z'],
      ['2026-12-09', 'due_soon', '2026-12-07T10:00:00.000Z', '2026-12-10T00:00:00.000Z'],
      ['2026-12-09', 'overdue', '2026-12-10T00:00:00.000Z', '2026-12-11T00:00:00.000Z'],
    ]);
    expect(owed[1]).toMatchObject({ title: 'Installment 2: Fleurs', amount_minor: 1000, key: expect.stringMatching(/^vendor_payment#i\d+#due_soon#2026-12-09$/) });
    expect(paymentReminders(saved({ installments: [{ due_date: '2027-03-10', amount: 10 }] }), 'Fleurs', new Date(context.now)).map((reminder) => reminder.remind_at))
      .toEqual(['2027-03-03T00:00:00.000Z', '2027-03-11T00:00:00.000Z']);
  });
});
