// @ts-nocheck
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { eventKeys } from '../../shared/data/keys.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember } from './events-fixtures.ts';
import { addItem, budgetEvent, call, eventItem } from './budget-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

/** The guests routes keep this counter; here it is set directly, as an RSVP would move it. */
const setHeadcount = (eventId: string, headcount: number) =>
  db().send(new UpdateCommand({ TableName: tableName(), Key: eventKeys.item(eventId), UpdateExpression: 'SET attending_headcount = :h', ExpressionAttributeValues: { ':h': headcount } }));

describe('payments', () => {
  it('moves an item from unpaid to partial to paid and refuses an overpayment', async () => {
    const event = await budgetEvent(ada);
    const item = await addItem(ada, event.id, { estimated_cost: 100 });

    const first = await call(ada, 'POST', `/api/budget/items/${item.id}/payments`, { body: { amount: 40, paid_at: '2027-01-02', method: 'card' } });
    const over = await call(ada, 'POST', `/api/budget/items/${item.id}/payments`, { body: { amount: 60.01 } });
    const rest = await call(ada, 'POST', `/api/budget/items/${item.id}/payments`, { body: { amount: 60 } });

    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ amount: 40, paid_at: '2027-01-02T00:00:00Z', method: 'card', item: { payment_status: 'partial', outstanding: 60 } });
    expect(over.status).toBe(400);
    expect(over.body.errors[0]).toMatchObject({ path: 'amount', message: expect.stringContaining('Overpays') });
    expect(rest.body.data.item).toMatchObject({ payment_status: 'paid', paid_amount: 100, outstanding: 0 });
    expect(await eventItem(event.id)).toMatchObject({ budget_paid_minor: 10000 });
  });

  it('deletes a payment and the status and totals follow', async () => {
    const event = await budgetEvent(ada);
    const item = await addItem(ada, event.id, { estimated_cost: 100 });
    const payment = await call(ada, 'POST', `/api/budget/items/${item.id}/payments`, { body: { amount: 100 } });

    const response = await call(ada, 'DELETE', `/api/budget/items/${item.id}/payments/${payment.body.data.id}`);
    const missing = await call(ada, 'DELETE', `/api/budget/items/${item.id}/payments/${payment.body.data.id}`);

    expect(response.body.data).toEqual({ id: payment.body.data.id, deleted: true });
    expect(missing.status).toBe(404);
    expect(await eventItem(event.id)).toMatchObject({ budget_paid_minor: 0 });
  });

  it('refuses a zero or negative payment and one with too many decimals', async () => {
    const event = await budgetEvent(ada, { currency: 'KWD', budget_total: 1000 });
    const item = await addItem(ada, event.id, { estimated_cost: 10.125 });

    const zero = await call(ada, 'POST', `/api/budget/items/${item.id}/payments`, { body: { amount: 0 } });
    const decimals = await call(ada, 'POST', `/api/budget/items/${item.id}/payments`, { body: { amount: 1.0005 } });

    expect(zero.status).toBe(400);
    expect(decimals.status).toBe(400);
    expect(decimals.body.errors[0].message).toMatch(/at most 3 decimals/);
  });
});

describe('per-guest items', () => {
  it("follow the event's live attending headcount in the item, the budget and the event summary", async () => {
    const event = await budgetEvent(ada);
    const item = await addItem(ada, event.id, { category: 'catering', per_guest: true, unit_cost: 45.5 });
    await setHeadcount(event.id, 80);

    const budget = await call(ada, 'GET', `/api/events/${event.id}/budget`);
    const summary = await call(ada, 'GET', `/api/events/${event.id}`);

    expect(item).toMatchObject({ per_guest: true, unit_cost: 45.5, estimated_cost: 0 });
    const catering = budget.body.data.categories.find((row: { category: string }) => row.category === 'catering');
    expect(catering).toMatchObject({ estimated: 3640, committed: 3640, items: [expect.objectContaining({ estimated_cost: 3640 })] });
    expect(summary.body.data.budget).toMatchObject({ estimated: 3640, committed: 3640, remaining: 6360 });
  });
});

describe('PUT /api/events/{id}/budget', () => {
  it('sets the total, rates and allocations (creating a planner-own category) and shows them', async () => {
    const event = await budgetEvent(ada);

    const response = await call(ada, 'PUT', `/api/events/${event.id}/budget`, {
      body: { budget_total: 20000, exchange_rates: { EUR: 1.08 }, allocations: { venue: 8000, 'Hair & makeup': 500 } },
      headers: { 'If-Match': String(event.version) },
    });

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data).toMatchObject({ budget_total: 20000, exchange_rates: { EUR: 1.08 } });
    const categories = response.body.data.categories as { category: string; allocation: number }[];
    expect(categories.find((row) => row.category === 'venue')?.allocation).toBe(8000);
    expect(categories.find((row) => row.category === 'hair-makeup')?.allocation).toBe(500);
  });

  it('refuses a currency change once items exist, bad rates and a stale version', async () => {
    const event = await budgetEvent(ada);
    await addItem(ada, event.id, { estimated_cost: 1 });

    const currency = await call(ada, 'PUT', `/api/events/${event.id}/budget`, { body: { currency: 'EUR', exchange_rates: { GBP: -1 } } });
    const stale = await call(ada, 'PUT', `/api/events/${event.id}/budget`, { body: { budget_total: 1 }, headers: { 'If-Match': '99' } });

    expect(currency.status).toBe(400);
    expect(stale.status).toBe(409);
  });

  it('is forbidden to a role that only reads the budget, and invisible to one without budget access', async () => {
    const event = await budgetEvent(ada);
    const assistant = await signedInUser();
    const viewer = await signedInUser();
    await addMember(event.id, assistant.userId, 'assistant');
    await addMember(event.id, viewer.userId, 'viewer');

    const write = await call(assistant, 'PUT', `/api/events/${event.id}/budget`, { body: { budget_total: 1 } });
    const read = await call(viewer, 'GET', `/api/events/${event.id}/budget`);

    expect(write.status).toBe(403);
    expect(read.status).toBe(404);
  });
});
