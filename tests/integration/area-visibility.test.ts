import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as pushHandler } from '../../functions/realtime-push/handler.ts';
import type { RunningWebSocketServer } from '../../infra/local/websocket.ts';
import type { DomainEvent } from '../../shared/domain/domain-events/contract.ts';
import { testEventBus } from '../support/event-bus.ts';
import { lambdaContext } from '../support/http-event.ts';
import type { RealtimeClient } from '../support/realtime-client.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent } from './events-fixtures.ts';
import { connectAs, startRealtime } from './realtime-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * Regression tests for the leaks of issue 14 (docs/area-visibility.md): each would fail before the
 * answers went through shared/domain/visibility. One event, seeded once with recognisable values.
 */
const SECRET = {
  budgetTotal: 31415.92,
  itemCost: 2718.28,
  itemDescription: 'Sugar sculpture for the cake',
  guestName: 'Philippa Quibbleworth',
  guestEmail: 'philippa.quibbleworth@example.com',
  inviteeEmail: 'secret.invitee@example.com',
};

let organizer: SignedInUser;
let viewer: SignedInUser; // the viewer role: budget none
let noGuests: SignedInUser; // a coordinator narrowed to guests: none
let noTeam: SignedInUser; // an assistant narrowed to team: none
let budgetReader: SignedInUser; // a coordinator narrowed to budget: read
let eventId: string;
let server: RunningWebSocketServer;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  [organizer, viewer, noGuests, noTeam, budgetReader] = (await Promise.all([1, 2, 3, 4, 5].map(() => signedInUser()))) as [SignedInUser, SignedInUser, SignedInUser, SignedInUser, SignedInUser];
  eventId = (await createEvent(organizer, { name: 'Visibility gala', event_date: '2027-06-20T18:00:00Z', budget_total: SECRET.budgetTotal, currency: 'EUR' })).id;
  await Promise.all([
    addMember(eventId, viewer.userId, 'viewer'),
    addMember(eventId, noGuests.userId, 'coordinator', { guests: 'none' }),
    addMember(eventId, noTeam.userId, 'assistant', { team: 'none' }),
    addMember(eventId, budgetReader.userId, 'coordinator', { budget: 'read' }),
  ]);
  const guest = await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/guests`, { body: { name: SECRET.guestName, email: SECRET.guestEmail } });
  const guestId = (Array.isArray(guest.data) ? guest.data[0] : guest.data).id as string;
  await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/budget/items`, { body: { category: 'catering', description: SECRET.itemDescription, estimated_cost: SECRET.itemCost } });
  await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/team`, { body: { email: SECRET.inviteeEmail, role: 'viewer' } });
  await expectStatus(202, organizer, 'POST', `/api/events/${eventId}/invitations`, { body: { guest_ids: [guestId], invitation_template: 'formal' } });
  server = await startRealtime();
  await testEventBus.idle();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server?.close();
});

const text = (body: unknown) => JSON.stringify(body);
const amountsOf = (body: unknown) => [SECRET.budgetTotal, SECRET.itemCost].filter((amount) => text(body).includes(String(amount)));

describe('budget: none (the viewer role)', () => {
  it('GET /api/events/{id} leaves out budget_total, currency and the budget summary', async () => {
    const [seen, control] = await Promise.all([
      expectStatus(200, viewer, 'GET', `/api/events/${eventId}`),
      expectStatus(200, organizer, 'GET', `/api/events/${eventId}`),
    ]);

    expect(seen.data).not.toHaveProperty('budget_total');
    expect(seen.data).not.toHaveProperty('currency');
    expect(seen.data).not.toHaveProperty('budget');
    expect(amountsOf(seen)).toEqual([]);
    expect(seen.data).toMatchObject({ name: 'Visibility gala', guest_count: 1 });
    expect(control.data).toMatchObject({ budget_total: SECRET.budgetTotal, currency: 'EUR', budget: expect.any(Object) });
  });

  it('GET /api/events leaves them out of the row', async () => {
    const seen = await expectStatus(200, viewer, 'GET', '/api/events');
    const row = seen.data.find((each: { id: string }) => each.id === eventId);

    expect(row).toBeDefined();
    expect(row).not.toHaveProperty('budget_total');
    expect(row).not.toHaveProperty('currency');
    expect(amountsOf(seen)).toEqual([]);
  });

  it('GET /api/events/{id}/activity shows no budget entry and no budget change of the event', async () => {
    const [seen, control] = await Promise.all([
      expectStatus(200, viewer, 'GET', `/api/events/${eventId}/activity`, { query: { limit: '100' } }),
      expectStatus(200, organizer, 'GET', `/api/events/${eventId}/activity`, { query: { limit: '100' } }),
    ]);
    const actions = (body: { data: Array<{ action: string }> }) => body.data.map((entry) => entry.action);

    expect(actions(control)).toContain('budget_item.created');
    expect(actions(seen)).not.toContain('budget_item.created');
    expect(actions(seen)).toContain('event.created');
    expect(text(seen)).not.toContain(SECRET.itemDescription);
    expect(text(seen)).not.toContain('budget_total');
    expect(amountsOf(seen)).toEqual([]);
  });

  it('the WebSocket subscribed message carries no budget counters', async () => {
    const [seen, control] = await Promise.all([subscribed(viewer), subscribed(organizer)]);

    expect(seen.counters).not.toHaveProperty('budget');
    expect(seen.counters).toMatchObject({ guest_count: 1 });
    expect(control.counters).toMatchObject({ budget: { budget_total: SECRET.budgetTotal } });
  });

  it('a push after a change carries no budget counters, and a budget alert is not pushed at all', async () => {
    const [watching, planner] = await Promise.all([connect(viewer), connect(organizer)]);
    await Promise.all([subscribe(watching), subscribe(planner)]);

    await runPush(domainEvent({ id: 'de-visibility-alert', type: 'budget.alert', entity_type: 'budget', detail: { line: 'overall', message: 'Over' } }));
    await runPush(domainEvent({ id: 'de-visibility-rsvp' }));
    const plannerAlert = await planner.next((message) => message.type === 'event.updated' && message.domain_event.id === 'de-visibility-alert');
    const viewerRsvp = await watching.next((message) => message.type === 'event.updated' && message.domain_event.id === 'de-visibility-rsvp');
    await watching.flush();

    expect(plannerAlert.counters).toHaveProperty('budget');
    expect(viewerRsvp.counters).not.toHaveProperty('budget');
    expect(viewerRsvp.counters).toHaveProperty('guest_count');
    expect(watching.received.filter((message) => message.domain_event?.id === 'de-visibility-alert')).toEqual([]);
  });

  it('notifications of an event change leave out the budget fields, and a budget-only change is not news', async () => {
    const before = await feedIds(viewer);
    const event = await expectStatus(200, organizer, 'GET', `/api/events/${eventId}`);
    const first = await expectStatus(200, organizer, 'PUT', `/api/events/${eventId}`, { body: { budget_total: 40000, location_name: 'Orangery', version: event.data.version } });
    await expectStatus(200, organizer, 'PUT', `/api/events/${eventId}`, { body: { budget_total: 41000, version: first.data.version } });
    await testEventBus.idle();

    const seen = (await call(viewer, 'GET', '/api/notifications')).body.data.filter((each: { id: string; type: string }) => !before.includes(each.id) && each.type === 'event.changed');
    const planner = (await call(noTeam, 'GET', '/api/notifications')).body.data.filter((each: { type: string }) => each.type === 'event.changed');

    expect(seen).toHaveLength(1);
    expect(seen[0].detail.fields).toEqual(['location_name']);
    expect(text(seen)).not.toContain('budget_total');
    expect(text(seen)).not.toContain('40000');
    // An assistant reads the budget: both changes reach them, with the amounts.
    expect(planner.length).toBeGreaterThanOrEqual(2);
    expect(text(planner)).toContain('budget_total');
  });
});

describe('guests: none', () => {
  it('activity shows no guest entry, name or email', async () => {
    const seen = await expectStatus(200, noGuests, 'GET', `/api/events/${eventId}/activity`, { query: { limit: '100' } });

    expect(seen.data.map((entry: { action: string }) => entry.action)).not.toContain('guests.added');
    expect(text(seen)).not.toContain(SECRET.guestName);
    expect(text(seen)).not.toContain(SECRET.guestEmail);
  });

  it('invitation rows keep their delivery facts but not who the guest is or what they answered', async () => {
    const batches = await expectStatus(200, noGuests, 'GET', `/api/events/${eventId}/invitations`);
    const query = { batch_id: batches.data[0].id };
    const [seen, control] = await Promise.all([
      expectStatus(200, noGuests, 'GET', `/api/events/${eventId}/invitations`, { query }),
      expectStatus(200, organizer, 'GET', `/api/events/${eventId}/invitations`, { query }),
    ]);
    const row = seen.data[0];

    expect(control.data[0]).toMatchObject({ guest_name: SECRET.guestName, email: SECRET.guestEmail });
    expect(row).toMatchObject({ guest_id: expect.any(String), status: expect.any(String) });
    for (const field of ['guest_name', 'email', 'rsvp_status', 'responded_at']) expect(row).not.toHaveProperty(field);
    expect(text(seen)).not.toContain(SECRET.guestName);
    expect(text(seen)).not.toContain(SECRET.guestEmail);
  });

  it('the event leaves out the guest counters', async () => {
    const seen = await expectStatus(200, noGuests, 'GET', `/api/events/${eventId}`);

    for (const field of ['guest_count', 'rsvp_yes', 'rsvp_no', 'rsvp_maybe', 'rsvp_pending', 'rsvp_waitlisted', 'attending_headcount']) {
      expect(seen.data).not.toHaveProperty(field);
    }
    expect(seen.data).toHaveProperty('budget_total');
  });
});

describe('team: none', () => {
  it('activity shows no team invitation and no invitee email', async () => {
    const [seen, control] = await Promise.all([
      expectStatus(200, noTeam, 'GET', `/api/events/${eventId}/activity`, { query: { limit: '100' } }),
      expectStatus(200, organizer, 'GET', `/api/events/${eventId}/activity`, { query: { limit: '100' } }),
    ]);

    expect(text(control)).toContain(SECRET.inviteeEmail);
    expect(text(seen)).not.toContain(SECRET.inviteeEmail);
    expect(seen.data.map((entry: { action: string }) => entry.action)).not.toContain('team.invited');
  });
});

describe('budget: read (a narrowed coordinator)', () => {
  it('PUT /api/events/{id} refuses budget_total and currency with 403, as PUT …/budget does, and stores nothing', async () => {
    const before = (await expectStatus(200, organizer, 'GET', `/api/events/${eventId}`)).data;

    const total = await call(budgetReader, 'PUT', `/api/events/${eventId}`, { body: { budget_total: 1 } });
    const currency = await call(budgetReader, 'PUT', `/api/events/${eventId}`, { body: { currency: 'USD' } });
    const budgetRoute = await call(budgetReader, 'PUT', `/api/events/${eventId}/budget`, { body: { budget_total: 1 } });
    const after = (await expectStatus(200, organizer, 'GET', `/api/events/${eventId}`)).data;

    for (const refused of [total, currency, budgetRoute]) {
      expect(refused.status, text(refused.body)).toBe(403);
      expect(refused.body.code).toBe('forbidden');
    }
    expect(after).toMatchObject({ budget_total: before.budget_total, currency: before.currency, version: before.version });
  });

  it('accepts the money read sent back unchanged with another change', async () => {
    const before = (await expectStatus(200, budgetReader, 'GET', `/api/events/${eventId}`)).data;

    const changed = await call(budgetReader, 'PUT', `/api/events/${eventId}`, { body: { budget_total: before.budget_total, currency: before.currency, description: 'Sent back' } });

    expect(changed.status, text(changed.body)).toBe(200);
    expect(changed.body.data).toMatchObject({ description: 'Sent back', budget_total: before.budget_total });
  });
});

async function connect(user: SignedInUser): Promise<RealtimeClient> {
  const client = await connectAs(server, user);
  clients.push(client);
  return client;
}

async function subscribe(client: RealtimeClient) {
  client.send({ action: 'subscribe', event_id: eventId });
  return client.next((message) => message.event_id === eventId && (message.type === 'subscribed' || message.type === 'error'));
}

async function subscribed(user: SignedInUser) {
  const message = await subscribe(await connect(user));
  expect(message.type).toBe('subscribed');
  return message;
}

const domainEvent = (overrides: Partial<DomainEvent>): DomainEvent => ({
  id: 'de-visibility', type: 'rsvp.received', event_id: eventId, actor_id: 'guest:someone', occurred_at: new Date().toISOString(),
  entity_type: 'guest', entity_id: `${eventId}X`, detail: {}, ...overrides,
});

const runPush = (detail: DomainEvent) =>
  pushHandler({ version: '0', id: 'eb-1', 'detail-type': detail.type, source: 'event-planning.api', account: '0', time: detail.occurred_at, region: 'us-east-1', resources: [], detail }, lambdaContext());

async function feedIds(user: SignedInUser): Promise<string[]> {
  return (await call(user, 'GET', '/api/notifications')).body.data.map((each: { id: string }) => each.id);
}
