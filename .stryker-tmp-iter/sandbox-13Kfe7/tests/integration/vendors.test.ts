// @ts-nocheck
import { beforeAll, describe, expect, it } from 'vitest';
import { childKeys } from '../../shared/data/keys.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, getItem } from './events-fixtures.ts';
import { addItem, budgetEvent, call, eventItem } from './budget-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

const addVendor = async (eventId: string, body: Record<string, unknown>) => {
  const response = await call(ada, 'POST', `/api/events/${eventId}/vendors`, { body: { name: 'Bloom', service_type: 'Florist', ...body } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data;
};

describe('vendors', () => {
  it('creates a vendor from flat contact fields, defaulting to contacted and the event currency', async () => {
    const event = await budgetEvent(ada);

    const vendor = await addVendor(event.id, { email: 'Hi@Bloom.example', phone: '+44 20 7946 0000', cost: 1200.5 });

    expect(vendor).toMatchObject({
      status: 'contacted', currency: 'USD', cost: 1200.5,
      contact_info: { email: 'hi@bloom.example', phone: '+44 20 7946 0000', contact_person: null, website: null },
    });
  });

  it('moves status forward or to cancelled, never back', async () => {
    const event = await budgetEvent(ada);
    const vendor = await addVendor(event.id, {});

    const booked = await call(ada, 'PUT', `/api/vendors/${vendor.id}`, { body: { status: 'booked' } });
    const back = await call(ada, 'PUT', `/api/vendors/${vendor.id}`, { body: { status: 'quoted' } });
    const cancelled = await call(ada, 'PUT', `/api/vendors/${vendor.id}`, { body: { status: 'cancelled' } });

    expect(booked.body.data.status).toBe('booked');
    expect(back.status).toBe(409);
    expect(back.body.code).toBe('invalid_status_transition');
    expect(cancelled.body.data).toMatchObject({ status: 'cancelled', version: 3 });
  });

  it('booking with a cost and create_budget_item creates the linked item in the same write', async () => {
    const event = await budgetEvent(ada);
    const vendor = await addVendor(event.id, { cost: 900 });

    const offered = await call(ada, 'PUT', `/api/vendors/${vendor.id}`, { body: { status: 'booked' } });
    const accepted = await call(ada, 'PUT', `/api/vendors/${vendor.id}`, { body: { create_budget_item: true } });
    const listed = await call(ada, 'GET', `/api/events/${event.id}/vendors`, { query: { status: 'booked' } });

    expect(offered.body.data.budget_item_offer).toMatchObject({ category: 'decor' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.data.budget_item_ids).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({
      id: vendor.id, budget_items: [expect.objectContaining({ category: 'decor', estimated_cost: 900, vendor_id: vendor.id })],
      budget_totals: { estimated: 900, committed: 900 },
    });
    expect(await eventItem(event.id)).toMatchObject({ budget_estimated_minor: 90000 });
  });

  it('links items by vendor_id, refuses a vendor of another event, and unlinks on delete (the items stay)', async () => {
    const event = await budgetEvent(ada);
    const other = await budgetEvent(ada);
    const vendor = await addVendor(event.id, {});
    const foreign = await addVendor(other.id, {});
    const item = await addItem(ada, event.id, { estimated_cost: 50, vendor_id: vendor.id });

    const refused = await call(ada, 'POST', `/api/events/${event.id}/budget/items`, { body: { category: 'venue', description: 'x', estimated_cost: 1, vendor_id: foreign.id } });
    const removed = await call(ada, 'DELETE', `/api/vendors/${vendor.id}`);

    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('vendor_id');
    expect(removed.body.data).toEqual({ id: vendor.id, deleted: true });
    const stored = await getItem(childKeys.item('budgetItem', event.id, item.id));
    expect(stored).toMatchObject({ id: item.id, version: 2 });
    expect(stored).not.toHaveProperty('vendor_id');
  });

  it('filters by service_type, hides budget figures from roles without budget access, and refuses bad input', async () => {
    const event = await budgetEvent(ada);
    await addVendor(event.id, { name: 'Snap', service_type: 'Photography' });
    await addVendor(event.id, { name: 'Bloom' });
    const viewer = await signedInUser();
    await addMember(event.id, viewer.userId, 'viewer');

    const photos = await call(viewer, 'GET', `/api/events/${event.id}/vendors`, { query: { service_type: 'photography' } });
    const bad = await call(ada, 'POST', `/api/events/${event.id}/vendors`, { body: { name: '', service_type: 'x', cost: -1, email: 'nope', status: 'maybe' } });

    expect(photos.body.data).toHaveLength(1);
    expect(photos.body.data[0].name).toBe('Snap');
    expect(photos.body.data[0]).not.toHaveProperty('budget_items');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(expect.arrayContaining(['name', 'cost', 'email', 'status']));
  });
});
