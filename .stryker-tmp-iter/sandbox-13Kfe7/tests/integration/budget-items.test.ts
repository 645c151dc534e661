// @ts-nocheck
import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addItem, budgetEvent, call, eventItem } from './budget-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

describe('POST /api/events/{id}/budget/items', () => {
  it('creates an item in minor units and moves the event counters in the same write', async () => {
    const event = await budgetEvent(ada);

    const item = await addItem(ada, event.id, { category: 'catering', description: 'Dinner', estimated_cost: 1234.5, actual_cost: 1300.1, due_date: '2027-05-01' });

    expect(item).toMatchObject({ category: 'catering', estimated_cost: 1234.5, actual_cost: 1300.1, payment_status: 'unpaid', outstanding: 1300.1, version: 1, currency: 'USD' });
    expect(await eventItem(event.id)).toMatchObject({ budget_estimated_minor: 123450, budget_actual_minor: 130010, budget_committed_minor: 130010, budget_item_count: 1 });
  });

  it('shows the same totals in GET /api/events/{id} and GET /api/events/{id}/budget', async () => {
    const event = await budgetEvent(ada);
    await addItem(ada, event.id, { category: 'venue', estimated_cost: 0.1 });
    await addItem(ada, event.id, { category: 'decor', estimated_cost: 0.2 });

    const summary = await call(ada, 'GET', `/api/events/${event.id}`);
    const budget = await call(ada, 'GET', `/api/events/${event.id}/budget`);

    expect(summary.body.data.budget).toMatchObject({ estimated: 0.3, committed: 0.3, remaining: 9999.7 });
    expect(budget.status).toBe(200);
    expect(budget.body.data.totals).toEqual(summary.body.data.budget);
    const categories = budget.body.data.categories as { category: string; estimated: number; items: unknown[] }[];
    expect(categories.find((row) => row.category === 'decor')).toMatchObject({ estimated: 0.2, items: [expect.objectContaining({ estimated_cost: 0.2 })] });
  });

  it('refuses negative amounts, too many decimals, unknown currencies and a missing rate, all at once', async () => {
    const event = await budgetEvent(ada, { currency: 'JPY', budget_total: 100000 });

    const response = await call(ada, 'POST', `/api/events/${event.id}/budget/items`, {
      body: { category: 'venue', description: 'Hall', estimated_cost: -5, actual_cost: 10.5, currency: 'XYZ' },
    });
    const decimals = await call(ada, 'POST', `/api/events/${event.id}/budget/items`, { body: { category: 'venue', description: 'Hall', estimated_cost: 1000.5 } });
    const noRate = await call(ada, 'POST', `/api/events/${event.id}/budget/items`, { body: { category: 'venue', description: 'Hall', estimated_cost: 10, currency: 'EUR' } });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(expect.arrayContaining(['estimated_cost', 'currency']));
    expect(decimals.status).toBe(400);
    expect(decimals.body.errors[0]).toMatchObject({ path: 'estimated_cost', message: expect.stringContaining('no decimals') });
    expect(noRate.status).toBe(400);
    expect(noRate.body.errors[0].path).toBe('currency');
  });

  it('converts an item in another currency once, half-even, with the event rate', async () => {
    const event = await budgetEvent(ada);
    await call(ada, 'PUT', `/api/events/${event.id}/budget`, { body: { exchange_rates: { EUR: 1.085 } } });

    const item = await addItem(ada, event.id, { estimated_cost: 10.5, currency: 'EUR' }); // 11.3925 USD → 11.39

    expect(item.in_event_currency).toMatchObject({ currency: 'USD', estimated: 11.39 });
    expect(await eventItem(event.id)).toMatchObject({ budget_estimated_minor: 1139 });
  });

  it("answers 404 for another user's item ids and for ids that are not ours", async () => {
    const event = await budgetEvent(ada);
    const item = await addItem(ada, event.id, { estimated_cost: 10 });
    const grace = await signedInUser();

    const foreign = await call(grace, 'PUT', `/api/budget/items/${item.id}`, { body: { description: 'Mine now' } });
    const garbage = await call(ada, 'DELETE', '/api/budget/items/not-an-id');

    expect(foreign.status).toBe(404);
    expect(garbage.status).toBe(404);
  });
});

describe('PUT and DELETE /api/budget/items/{id}', () => {
  it('changes an item with a version check and keeps the counters exact', async () => {
    const event = await budgetEvent(ada);
    const item = await addItem(ada, event.id, { estimated_cost: 100 });

    const changed = await call(ada, 'PUT', `/api/budget/items/${item.id}`, { body: { actual_cost: 150, category: 'decor' }, headers: { 'If-Match': '1' } });
    const stale = await call(ada, 'PUT', `/api/budget/items/${item.id}`, { body: { actual_cost: 1 }, headers: { 'If-Match': '1' } });

    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ actual_cost: 150, category: 'decor', version: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect(await eventItem(event.id)).toMatchObject({ budget_estimated_minor: 10000, budget_actual_minor: 15000, budget_committed_minor: 15000 });
  });

  it('marks an item paid, which fixes its actual cost and counts it as paid', async () => {
    const event = await budgetEvent(ada);
    const item = await addItem(ada, event.id, { estimated_cost: 80 });

    const paid = await call(ada, 'PUT', `/api/budget/items/${item.id}`, { body: { paid: true } });

    expect(paid.body.data).toMatchObject({ payment_status: 'paid', actual_cost: 80, paid_amount: 80, outstanding: 0 });
    expect(await eventItem(event.id)).toMatchObject({ budget_paid_minor: 8000 });
  });

  it('deletes an item and takes it out of the totals', async () => {
    const event = await budgetEvent(ada);
    const item = await addItem(ada, event.id, { estimated_cost: 100, actual_cost: 90 });

    const response = await call(ada, 'DELETE', `/api/budget/items/${item.id}`);

    expect(response.body).toEqual({ data: { id: item.id, deleted: true } });
    expect(await eventItem(event.id)).toMatchObject({ budget_estimated_minor: 0, budget_actual_minor: 0, budget_committed_minor: 0, budget_item_count: 0 });
  });
});
