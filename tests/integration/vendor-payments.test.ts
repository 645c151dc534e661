import { beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../../functions/reminders/handler.ts';
import { listEventNotices } from '../../shared/data/notices.ts';
import { listPaymentPlans } from '../../shared/data/vendor-payments/plans.ts';
import { cashFlow, planCounters } from '../../shared/domain/vendor-payments/plan.ts';
import { recordCalls } from '../support/dynamo-calls.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember } from './events-fixtures.ts';
import { budgetEvent, eventItem } from './budget-fixtures.ts';
import { call } from './timeline-fixtures.ts';

/**
 * Vendor payment schedules and contracts (issue 18): a plan in the vendor's currency converted into the
 * event's budget, payments against installments (overpaying refused), the cash-flow by month equal to a
 * recount under concurrent payments, and the reminders before and after each due day, once each.
 */
let ada: SignedInUser;
let bob: SignedInUser;

beforeAll(async () => {
  [ada, bob] = await Promise.all([signedInUser(), signedInUser()]);
});

/** An event in EUR that counts USD at 0.9, and a vendor paid in USD. */
async function eventWithUsdVendor() {
  const event = await budgetEvent(ada, { currency: 'EUR' });
  const rates = await call(ada, 'PUT', `/api/events/${event.id}/budget`, { body: { exchange_rates: { USD: 0.9 } } });
  expect(rates.status, JSON.stringify(rates.body)).toBe(200);
  const vendor = await call(ada, 'POST', `/api/events/${event.id}/vendors`, { body: { name: 'Sound & Light', service_type: 'DJ', currency: 'USD' } });
  expect(vendor.status, JSON.stringify(vendor.body)).toBe(201);
  return { eventId: event.id, vendorId: String(vendor.body.data.id) };
}

const planPath = (vendorId: string) => `/api/vendors/${vendorId}/payment-plan`;

/** The event's schedule counters, and the same figures recounted from every plan. */
async function countersAndRecount(eventId: string) {
  const event = await eventItem(eventId);
  const plans = await listPaymentPlans(eventId);
  const recount = plans.map((plan) => planCounters(plan, 'EUR')).reduce((sum, next) => ({ committed: sum.committed + next.committed, paid: sum.paid + next.paid }), { committed: 0, paid: 0 });
  const months = cashFlow(plans, 'EUR');
  return {
    counters: { committed: event?.schedule_committed_minor, paid: event?.schedule_paid_minor },
    recount,
    months: { committed: months.reduce((sum, month) => sum + month.due, 0), paid: months.reduce((sum, month) => sum + month.paid, 0) },
  };
}

describe('vendor payment plans', () => {
  it('keeps contract, schedule and payments, converted into the budget and the cash-flow by month', async () => {
    const { eventId, vendorId } = await eventWithUsdVendor();
    await addMember(eventId, bob.userId, 'coordinator');
    const document = await call(ada, 'POST', `/api/events/${eventId}/documents`, { body: { name: 'Contract', content_type: 'application/pdf', size: 10 } });
    const empty = await call(ada, 'GET', planPath(vendorId));

    const saved = await call(ada, 'PUT', planPath(vendorId), {
      headers: { 'if-match': '0' },
      body: {
        contract_status: 'signed', contract_document_id: document.body.data.id, assignee_id: bob.userId,
        installments: [{ label: 'Balance', due_date: '2031-04-20', amount: 2000 }, { kind: 'deposit', due_date: '2031-03-10', amount: 1000.01 }],
      },
    });
    const [depositId, balanceId] = (saved.body.data?.installments ?? []).map((installment: { id: string }) => installment.id);
    const badLinks = await call(ada, 'PUT', planPath(vendorId), { body: { contract_document_id: `${eventId}01JD3MA2F0S9R6P3M1K8H4D2V1` } });
    const { result: partial, calls: paymentCalls } = await recordCalls(() =>
      call(ada, 'POST', `${planPath(vendorId)}/payments`, { body: { installment_id: depositId, amount: 400, paid_at: '2031-03-01', method: 'wire' } }));
    const over = await call(ada, 'POST', `${planPath(vendorId)}/payments`, { body: { installment_id: depositId, amount: 600.02 } });
    const dropPaid = await call(ada, 'PUT', planPath(vendorId), { body: { installments: [{ id: balanceId, due_date: '2031-04-20', amount: 2000 }] } });
    const budget = await call(ada, 'GET', `/api/events/${eventId}/budget`);
    const { result: flow, calls: flowCalls } = await recordCalls(() => call(ada, 'GET', `/api/events/${eventId}/budget/cash-flow`));
    const deleteVendor = await call(ada, 'DELETE', `/api/vendors/${vendorId}`);
    const currencyChange = await call(ada, 'PUT', `/api/events/${eventId}/budget`, { body: { currency: 'GBP' } });

    expect(empty.body.data).toMatchObject({ currency: 'USD', contract: { status: 'none', document_id: null }, installments: [], version: 0 });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.data).toMatchObject({
      currency: 'USD', exchange_rate: 0.9, contract: { status: 'signed', document_id: document.body.data.id }, assignee_id: bob.userId, version: 1,
      installments: [{ kind: 'deposit', label: 'Deposit', due_date: '2031-03-10', amount: 1000.01, status: 'unpaid' }, { kind: 'installment', label: 'Balance', amount: 2000 }],
      // 1000.01 USD at 0.9 is 900.009 EUR, kept as 900.01 (half-even, once per installment).
      totals: { currency: 'USD', scheduled: 3000.01, paid: 0, outstanding: 3000.01 }, in_event_currency: { currency: 'EUR', committed: 2700.01, paid: 0 },
    });
    expect(badLinks.status).toBe(400);
    expect(badLinks.body.errors[0].path).toBe('contract_document_id');
    expect(partial.status, JSON.stringify(partial.body)).toBe(201);
    expect(partial.body.data).toMatchObject({ amount: 400, installment_id: depositId, method: 'wire', plan: { installments: [{ status: 'partial', paid: 400, outstanding: 600.01 }, {}] } });
    // One access read, one read of the plan, one transaction; the cash-flow: the access read beside one Query.
    expect(paymentCalls.map((recorded) => recorded.command).filter((command) => command !== 'UpdateItem')).toEqual(['BatchGetItem', 'GetItem', 'TransactWriteItems']);
    expect(flowCalls.map((recorded) => recorded.command).filter((command) => command !== 'UpdateItem').sort()).toEqual(['BatchGetItem', 'Query']);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'overpayment', detail: expect.stringContaining('600.01 USD') });
    expect(dropPaid.status).toBe(400);
    expect(budget.body.data.vendor_schedules).toEqual({ currency: 'EUR', committed: 2700.01, paid: 360, outstanding: 2340.01 });
    expect(flow.status, JSON.stringify(flow.body)).toBe(200);
    expect(flow.body.data).toEqual({
      currency: 'EUR',
      months: [
        { month: '2031-03', due: 900.01, paid: 360, outstanding: 540.01, installments: 1 },
        { month: '2031-04', due: 1800, paid: 0, outstanding: 1800, installments: 1 },
      ],
      totals: { due: 2700.01, paid: 360, outstanding: 2340.01 },
      vendor_schedules: { currency: 'EUR', committed: 2700.01, paid: 360, outstanding: 2340.01 },
    });
    expect(deleteVendor.status).toBe(409);
    expect(deleteVendor.body.code).toBe('vendor_has_payment_plan');
    expect(currencyChange.status).toBe(400);
    expect(currencyChange.body.errors).toContainEqual({ path: 'currency', message: 'The currency cannot change once vendors have payment plans' });
  });

  it('lands concurrent payments exactly: never past the installment, counters equal to a recount', async () => {
    const { eventId, vendorId } = await eventWithUsdVendor();
    const plan = await call(ada, 'PUT', planPath(vendorId), { body: { installments: [{ due_date: '2031-06-01', amount: 500.05 }, { due_date: '2031-07-01', amount: 99.99 }] } });
    const [first, second] = plan.body.data.installments.map((installment: { id: string }) => installment.id);

    // Ten payments of 100.01 at once on an installment of 500.05: five fit exactly, five would overpay.
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => call(ada, 'POST', `${planPath(vendorId)}/payments`, { body: { installment_id: first, amount: 100.01 } })),
      call(ada, 'POST', `${planPath(vendorId)}/payments`, { body: { installment_id: second, amount: 0.33 } }),
    ]);
    const after = await call(ada, 'GET', planPath(vendorId));
    const { counters, recount, months } = await countersAndRecount(eventId);

    expect(answers.map((answer) => answer.status).sort()).toEqual([...Array(6).fill(201), ...Array(5).fill(409)]);
    expect(answers.filter((answer) => answer.status === 409).map((answer) => answer.body.code)).toEqual(Array(5).fill('overpayment'));
    expect(after.body.data.installments.map((installment: { paid: number; payments: unknown[] }) => [installment.paid, installment.payments.length])).toEqual([[500.05, 5], [0.33, 1]]);
    expect(counters).toEqual(recount);
    expect(months).toEqual(recount);
    // 500.05 USD → 450.045 → 450.04 EUR (half-even); 0.33 → 0.297 → 0.30.
    expect(recount.paid).toBe(45004 + 30);
  });

  it('reminds the organizer and the assignee 7 days before a due day and the day after, once each, while unpaid', async () => {
    const { eventId, vendorId } = await eventWithUsdVendor();
    await addMember(eventId, bob.userId, 'coordinator');
    const plan = await call(ada, 'PUT', planPath(vendorId), {
      body: { assignee_id: bob.userId, installments: [{ kind: 'deposit', due_date: '2033-03-10', amount: 300 }, { due_date: '2033-05-20', amount: 700 }] },
    });
    const [depositId, balanceId] = plan.body.data.installments.map((installment: { id: string }) => installment.id);
    await call(ada, 'POST', `${planPath(vendorId)}/payments`, { body: { installment_id: depositId, amount: 100 } });
    const paidInFull = await call(ada, 'POST', `${planPath(vendorId)}/payments`, { body: { installment_id: balanceId, amount: 700 } });

    const early = await runReminders(new Date('2033-03-02T12:00:00Z'));
    const dueSoon = await runReminders(new Date('2033-03-03T00:30:00Z'));
    const rerun = await runReminders(new Date('2033-03-03T06:00:00Z'));
    const overdue = await runReminders(new Date('2033-03-11T00:30:00Z'));
    const overdueRerun = await runReminders(new Date('2033-03-11T09:00:00Z'));
    const balanceDue = await runReminders(new Date('2033-05-13T00:30:00Z'));
    const notices = (await listEventNotices(eventId)).filter((notice) => notice.details?.item_kind === 'vendor_payment');

    expect(paidInFull.status).toBe(201);
    expect([early, dueSoon, rerun].map((run) => run.sent.payment_due_soon)).toEqual([0, 1, 0]);
    expect(rerun.already_sent).toBeGreaterThanOrEqual(1);
    expect([overdue, overdueRerun].map((run) => run.sent.payment_overdue)).toEqual([1, 0]);
    expect(balanceDue.sent.payment_due_soon).toBe(0);
    expect(notices.map((notice) => [notice.details?.reminder, notice.details?.item_id, notice.recipient_user_ids])).toEqual([
      ['due_soon', depositId, [ada.userId, bob.userId]],
      ['overdue', depositId, [ada.userId, bob.userId]],
    ]);
    expect(notices[0]?.details).toMatchObject({ title: 'Deposit: Sound & Light (200 USD outstanding)', due_date: '2033-03-10T00:00:00.000Z' });
  });
});
