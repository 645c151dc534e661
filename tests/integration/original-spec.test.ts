import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpMethod } from '../../shared/routes.ts';
import { testEventBus } from '../support/event-bus.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { newRegistration, register } from './auth-fixtures.ts';
import { codeOf } from './guests-fixtures.ts';
import { runSender } from './invitations-fixtures.ts';
import { call } from './timeline-fixtures.ts';

/**
 * The original spec's contract (/work/shared/original-spec.md): every original route driven with exactly
 * the spec's field names and values (its aliases included), through the real handlers. Each row names every
 * field it sends and where that field's value is read back (the route's answer, or the GET that shows it),
 * so a field silently dropped fails its row; a field the API does not know must be a 400 naming it.
 */
type Json = any; // any: rows read arbitrary answer shapes
type World = { planner: SignedInUser; eventId: string; account: { username: string; email: string; password: string } };
type Sent = { method: HttpMethod; path: string; body?: Record<string, unknown>; query?: Record<string, string>; user?: SignedInUser | null };
type Row = {
  route: string;
  send: (world: World) => Promise<Sent>;
  /** For each field sent: the value expected back, read from the answer's data (or the read-back). */
  returns: Record<string, (data: Json) => unknown>;
  expected: Record<string, unknown>;
  /** The GET that shows what was stored, when the answer alone does not prove it. */
  readBack?: (data: Json, world: World) => string;
  status?: number;
};

let world: World;
const unique = () => Math.random().toString(36).slice(2, 10);
const ok = async (user: SignedInUser, method: HttpMethod, path: string, body?: unknown) => {
  const response = await call(user, method, path, { body });
  expect(response.status, `${method} ${path} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body.data;
};
const events = (w: World) => `/api/events/${w.eventId}`;
const guest = async (w: World, extra: Record<string, unknown> = {}) =>
  (await ok(w.planner, 'POST', `${events(w)}/guests`, { guest_list: [{ name: 'Mary Somerville', email: `mary.${unique()}@example.com`, ...extra }] }))[0];
const vendor = async (w: World, name = `Fleurs ${unique()}`) => ok(w.planner, 'POST', `${events(w)}/vendors`, { name, service_type: 'Florist' });
const budgetItem = async (w: World) => ok(w.planner, 'POST', `${events(w)}/budget/items`, { category: 'venue', description: 'Hall', estimated_cost: 100 });
const timelineItem = async (w: World) => ok(w.planner, 'POST', `${events(w)}/timeline`, { title: 'Book the hall', due_date: '2027-05-01' });
const newEvent = async (w: World) => (await ok(w.planner, 'POST', '/api/events', { name: 'Spare', date: '2027-09-01', timezone: 'Europe/Paris' })).id as string;
const guestRead = (data: Json) => `/api/guests/${data.id ?? data[0].id}`;

const rows: Row[] = [
  {
    route: 'POST /api/auth/register',
    send: async () => {
      const username = `spec_${unique()}`;
      return { method: 'POST', path: '/api/auth/register', user: null, body: { username, email: `${username}@example.com`, password: 'correct horse battery staple', full_name: 'Spec Frontend' } };
    },
    returns: { username: (d) => d.user.username, email: (d) => d.user.email, password: (d) => typeof d.access_token, full_name: (d) => d.user.full_name },
    expected: { username: expect.stringMatching(/^spec_/), email: expect.stringMatching(/@example\.com$/), password: 'string', full_name: 'Spec Frontend' },
    status: 201,
  },
  {
    route: 'POST /api/auth/login (username)',
    send: async (w) => ({ method: 'POST', path: '/api/auth/login', user: null, body: { username: w.account.username, password: w.account.password } }),
    returns: { username: (d) => d.user.username, password: (d) => typeof d.access_token },
    expected: { username: expect.stringMatching(/^spec_/), password: 'string' },
  },
  {
    route: 'POST /api/auth/login (email)',
    send: async (w) => ({ method: 'POST', path: '/api/auth/login', user: null, body: { email: w.account.email, password: w.account.password } }),
    returns: { email: (d) => d.user.email, password: (d) => typeof d.access_token },
    expected: { email: expect.stringMatching(/@example\.com$/), password: 'string' },
  },
  {
    route: 'POST /api/events',
    send: async () => ({
      method: 'POST', path: '/api/events',
      body: { name: 'Spec launch', description: 'Product launch', date: '2027-03-01', time: '09:00', location: 'Hall A', type: 'Product launch', capacity: 80, timezone: 'Europe/Paris' },
    }),
    readBack: (d) => `/api/events/${d.id}`,
    returns: {
      name: (d) => d.name, description: (d) => d.description, date: (d) => d.event_date, time: (d) => d.event_date, location: (d) => d.location_name,
      type: (d) => d.event_type, capacity: (d) => d.capacity, timezone: (d) => d.timezone,
    },
    expected: {
      name: 'Spec launch', description: 'Product launch', date: '2027-03-01T08:00:00Z', time: '2027-03-01T08:00:00Z', location: 'Hall A',
      type: 'Product launch', capacity: 80, timezone: 'Europe/Paris',
    },
    status: 201,
  },
  {
    route: 'POST /api/events (schema names, local date-time, decimal string money)',
    send: async () => ({
      method: 'POST', path: '/api/events',
      body: { name: 'Spec gala', event_type: 'Gala dinner', event_date: '2027-03-01T19:30:00', timezone: 'Europe/Paris', location_name: 'Opera', location_address: '8 Rue Scribe, Paris', budget_total: '3500.50' },
    }),
    readBack: (d) => `/api/events/${d.id}`,
    returns: {
      name: (d) => d.name, event_type: (d) => d.event_type, event_date: (d) => d.event_date, timezone: (d) => d.timezone,
      location_name: (d) => d.location_name, location_address: (d) => d.location_address, budget_total: (d) => d.budget_total,
    },
    expected: {
      name: 'Spec gala', event_type: 'Gala dinner', event_date: '2027-03-01T18:30:00Z', timezone: 'Europe/Paris',
      location_name: 'Opera', location_address: '8 Rue Scribe, Paris', budget_total: 3500.5,
    },
    status: 201,
  },
  {
    route: 'PUT /api/events/{id}',
    send: async (w) => ({ method: 'PUT', path: `/api/events/${await newEvent(w)}`, body: { name: 'Renamed', event_date: '2027-10-01T10:00:00', capacity: 50 } }),
    readBack: (d) => `/api/events/${d.id}`,
    returns: { name: (d) => d.name, event_date: (d) => d.event_date, capacity: (d) => d.capacity },
    expected: { name: 'Renamed', event_date: '2027-10-01T08:00:00Z', capacity: 50 },
  },
  {
    route: 'POST /api/events/{id}/guests',
    send: async (w) => ({
      method: 'POST', path: `${events(w)}/guests`,
      body: { guest_list: [{ name: 'Caroline Herschel', email: `caroline.${unique()}@example.com`, plus_one: true, dietary_restrictions: 'vegetarian', phone: '+44 20 7946 0001' }] },
    }),
    readBack: guestRead,
    returns: {
      guest_list: (d) => ({ name: d.name, plus_one: d.plus_one_allowed, plus_one_limit: d.plus_one_limit, dietary_restrictions: d.dietary_restrictions, phone: d.phone, invitation_sent: d.invitation_sent }),
    },
    expected: { guest_list: { name: 'Caroline Herschel', plus_one: true, plus_one_limit: 1, dietary_restrictions: ['vegetarian'], phone: '+44 20 7946 0001', invitation_sent: false } },
    status: 201,
  },
  {
    route: 'PUT /api/guests/{id}',
    send: async (w) => ({ method: 'PUT', path: `/api/guests/${(await guest(w)).id}`, body: { name: 'Mary F. Somerville', email: `mfs.${unique()}@example.com`, dietary_restrictions: 'gluten-free', plus_one: true } }),
    readBack: guestRead,
    returns: { name: (d) => d.name, email: (d) => d.email, dietary_restrictions: (d) => d.dietary_restrictions, plus_one: (d) => [d.plus_one_allowed, d.plus_one_limit] },
    expected: { name: 'Mary F. Somerville', email: expect.stringMatching(/^mfs\./), dietary_restrictions: ['gluten-free'], plus_one: [true, 1] },
  },
  {
    route: 'POST /api/guests/{id}/rsvp',
    send: async (w) => ({ method: 'POST', path: `/api/guests/${(await guest(w, { plus_one: true })).id}/rsvp`, body: { status: 'attending', plus_one_count: 1 } }),
    readBack: (d) => `/api/guests/${d.id ?? d.guest?.id}`,
    returns: { status: (d) => d.rsvp_status, plus_one_count: (d) => d.plus_one_count },
    expected: { status: 'yes', plus_one_count: 1 },
  },
  {
    route: 'POST /api/events/{id}/budget/items (vendor by name, money as a decimal string)',
    send: async (w) => {
      const named = `Traiteur ${unique()}`;
      await vendor(w, named);
      return { method: 'POST', path: `${events(w)}/budget/items`, body: { category: 'catering', description: 'Dinner', estimated_cost: '3500.50', vendor: named } };
    },
    returns: { category: (d) => d.category, description: (d) => d.description, estimated_cost: (d) => d.estimated_cost, vendor: (d) => typeof d.vendor_id },
    expected: { category: 'catering', description: 'Dinner', estimated_cost: 3500.5, vendor: 'string' },
    status: 201,
  },
  {
    route: 'PUT /api/budget/items/{id}',
    send: async (w) => ({ method: 'PUT', path: `/api/budget/items/${(await budgetItem(w)).id}`, body: { description: 'Hall and garden', estimated_cost: '120.25', actual_cost: 110, paid: true } }),
    returns: { description: (d) => d.description, estimated_cost: (d) => d.estimated_cost, actual_cost: (d) => d.actual_cost, paid: (d) => d.payment_status },
    expected: { description: 'Hall and garden', estimated_cost: 120.25, actual_cost: 110, paid: 'paid' },
  },
  {
    route: 'POST /api/events/{id}/vendors (contact_info as text)',
    send: async (w) => ({
      method: 'POST', path: `${events(w)}/vendors`,
      body: { name: 'Le Traiteur', contact_info: 'Ana Ruiz, ana@example.com, +34 600 000 000', service_type: 'Caterer', cost: '9000.00', notes: 'Tasting in May' },
    }),
    returns: {
      name: (d) => d.name, contact_info: (d) => [d.email, d.phone], service_type: (d) => d.service_type, cost: (d) => d.cost, notes: (d) => d.notes,
    },
    expected: { name: 'Le Traiteur', contact_info: ['ana@example.com', '+34 600 000 000'], service_type: 'Caterer', cost: 9000, notes: 'Tasting in May' },
    status: 201,
  },
  {
    route: 'PUT /api/vendors/{id}',
    send: async (w) => ({ method: 'PUT', path: `/api/vendors/${(await vendor(w)).id}`, body: { contact_info: 'Call Jo on +33 1 23 45 67 89', cost: '1500.5', status: 'booked', notes: 'Deposit due' } }),
    returns: { contact_info: (d) => d.phone, cost: (d) => d.cost, status: (d) => d.status, notes: (d) => d.notes },
    expected: { contact_info: '+33 1 23 45 67 89', cost: 1500.5, status: 'booked', notes: 'Deposit due' },
  },
  {
    route: 'POST /api/events/{id}/timeline',
    send: async (w) => ({
      method: 'POST', path: `${events(w)}/timeline`,
      body: { title: 'Tasting', description: 'Menu tasting', due_date: '2027-04-01T10:00:00', assigned_to: w.planner.userId, priority: 'high' },
    }),
    returns: { title: (d) => d.title, description: (d) => d.description, due_date: (d) => d.due_date, assigned_to: (d) => d.assigned_to, priority: (d) => d.priority },
    expected: { title: 'Tasting', description: 'Menu tasting', due_date: expect.stringContaining('2027-04-01'), assigned_to: expect.any(String), priority: 'high' },
    status: 201,
  },
  {
    route: 'PUT /api/timeline/{id}',
    send: async (w) => ({ method: 'PUT', path: `/api/timeline/${(await timelineItem(w)).id}`, body: { status: 'completed', notes: 'Done early', completion_date: '2027-04-20T12:00:00Z' } }),
    returns: { status: (d) => d.status, notes: (d) => d.notes, completion_date: (d) => d.completion_date ?? d.completed_at },
    expected: { status: 'completed', notes: 'Done early', completion_date: '2027-04-20T12:00:00Z' },
  },
  {
    route: 'POST /api/events/{id}/invitations',
    send: async (w) => {
      const invited = await guest(w);
      return {
        method: 'POST', path: `${events(w)}/invitations`,
        body: { guest_ids: [invited.id], invitation_template: { subject: 'Join us', body: 'Dear {{guest_name}}, {{rsvp_link}}' }, send_date: '2027-01-10T09:00:00Z' },
      };
    },
    returns: { guest_ids: (d) => d.queued, invitation_template: (d) => [d.template, d.subject], send_date: (d) => d.send_at },
    expected: { guest_ids: 1, invitation_template: ['custom', 'Join us'], send_date: '2027-01-10T09:00:00.000Z' },
    status: 202,
  },
  {
    route: 'POST /api/events/{id}/invitations (send_date as a local date-time in the event zone)',
    send: async (w) => ({ method: 'POST', path: `${events(w)}/invitations`, body: { guest_ids: [(await guest(w)).id], send_date: '2027-01-10T09:00:00' } }),
    returns: { guest_ids: (d) => d.queued, send_date: (d) => d.send_at },
    // Europe/Paris is UTC+1 in January.
    expected: { guest_ids: 1, send_date: '2027-01-10T08:00:00.000Z' },
    status: 202,
  },
  {
    route: 'POST /api/events/{id}/team',
    send: async (w) => ({ method: 'POST', path: `${events(w)}/team`, body: { user_id: (await signedInUser()).userId, role: 'assistant', permissions: { guests: 'write' } } }),
    returns: { user_id: (d) => typeof d.user_id, role: (d) => d.role, permissions: (d) => d.permissions?.guests },
    expected: { user_id: 'string', role: 'assistant', permissions: 'write' },
    status: 201,
  },
  {
    route: 'POST /api/events/{id}/checklist',
    send: async (w) => ({ method: 'POST', path: `${events(w)}/checklist`, body: { category: 'venue', task: `Visit the hall ${unique()}`, due_date: '2027-02-01', assigned_to: w.planner.userId } }),
    returns: { category: (d) => d.category, task: (d) => d.task, due_date: (d) => d.due_date, assigned_to: (d) => d.assigned_to },
    expected: { category: 'venue', task: expect.stringMatching(/^Visit the hall/), due_date: '2027-01-31T23:00:00Z', assigned_to: expect.any(String) },
    status: 201,
  },
];

/** The spec's reads and deletes: the fields they take are query parameters (filters and sort=-field). */
const descending = (values: string[]) => values.every((value, index) => index === 0 || (values[index - 1] as string) >= value);
const readRows: Row[] = [
  {
    route: 'GET /api/events (sort=-event_date, filters by type and status)',
    send: async () => ({ method: 'GET', path: '/api/events', query: { sort: '-event_date', type: 'wedding', status: 'planning' } }),
    returns: {
      sort: (d) => d.length > 0 && descending(d.map((event: Json) => event.event_date)),
      type: (d) => [...new Set(d.map((event: Json) => event.event_type))], status: (d) => [...new Set(d.map((event: Json) => event.status))],
    },
    expected: { sort: true, type: ['wedding'], status: ['planning'] },
  },
  {
    route: 'GET /api/events/{id}/guests (rsvp_status filter, sort=-name)',
    send: async (w) => {
      for (const name of ['Ada', 'Zoe']) await ok(w.planner, 'POST', `/api/guests/${(await guest(w, { name })).id}/rsvp`, { status: 'attending' });
      return { method: 'GET', path: `${events(w)}/guests`, query: { rsvp_status: 'yes', sort: '-name' } };
    },
    returns: { rsvp_status: (d) => [...new Set(d.map((g: Json) => g.rsvp_status))], sort: (d) => d.length > 1 && descending(d.map((g: Json) => g.name)) },
    expected: { rsvp_status: ['yes'], sort: true },
  },
  ...[
    ['GET /api/events/{id}', (w: World) => events(w)],
    ['GET /api/events/{id}/budget', (w: World) => `${events(w)}/budget`],
    ['GET /api/events/{id}/vendors', (w: World) => `${events(w)}/vendors`],
    ['GET /api/events/{id}/timeline', (w: World) => `${events(w)}/timeline`],
    ['GET /api/events/{id}/invitations', (w: World) => `${events(w)}/invitations`],
    ['GET /api/events/{id}/team', (w: World) => `${events(w)}/team`],
    ['GET /api/events/{id}/checklist', (w: World) => `${events(w)}/checklist`],
  ].map(([route, path]) => ({ route, send: async (w: World) => ({ method: 'GET', path: (path as (w: World) => string)(w) }), returns: {}, expected: {} }) as Row),
  { route: 'GET /api/auth/user', send: async () => ({ method: 'GET', path: '/api/auth/user' }), returns: {}, expected: {} },
  { route: 'POST /api/auth/logout', send: async () => ({ method: 'POST', path: '/api/auth/logout', user: await signedInUser() }), returns: {}, expected: {} },
  { route: 'DELETE /api/events/{id}', send: async (w) => ({ method: 'DELETE', path: `/api/events/${await newEvent(w)}` }), returns: {}, expected: {} },
  { route: 'DELETE /api/guests/{id}', send: async (w) => ({ method: 'DELETE', path: `/api/guests/${(await guest(w)).id}` }), returns: {}, expected: {} },
  { route: 'DELETE /api/budget/items/{id}', send: async (w) => ({ method: 'DELETE', path: `/api/budget/items/${(await budgetItem(w)).id}` }), returns: {}, expected: {} },
  { route: 'DELETE /api/vendors/{id}', send: async (w) => ({ method: 'DELETE', path: `/api/vendors/${(await vendor(w)).id}` }), returns: {}, expected: {} },
];

beforeAll(async () => {
  const planner = await signedInUser();
  const event = await ok(planner, 'POST', '/api/events', { name: 'Spec wedding', event_date: '2027-06-20T18:00:00Z', timezone: 'Europe/Paris', event_type: 'wedding', budget_total: 20000 });
  const username = `spec_${unique()}`;
  const account = { username, email: `${username}@example.com`, password: 'correct horse battery staple' };
  expect((await register({ ...newRegistration(), ...account })).status).toBe(201);
  world = { planner, eventId: event.id, account };
}, 120_000);

describe('the original spec, field by field', () => {
  it.each([...rows, ...readRows].map((row) => [row.route, row] as const))('%s: every field sent is stored and answered', async (_route, row) => {
    const sent = await row.send(world);
    const user = sent.user === undefined ? world.planner : sent.user;

    const response = await call(user, sent.method, sent.path, { body: sent.body, query: sent.query });

    expect(response.status, JSON.stringify(response.body)).toBe(row.status ?? 200);
    expect(Object.keys(row.returns).sort()).toEqual(Object.keys(sent.body ?? sent.query ?? {}).sort());
    const shown = row.readBack ? (await call(world.planner, 'GET', row.readBack(response.body.data, world))).body.data : response.body.data;
    const read = Object.fromEntries(Object.entries(row.returns).map(([field, pick]) => [field, pick(shown)]));
    expect(read).toEqual(row.expected);
  });

  it.each(rows.map((row) => [row.route, row] as const))('%s: a field the spec does not name is a 400 naming it', async (_route, row) => {
    const sent = await row.send(world);
    const user = sent.user === undefined ? world.planner : sent.user;

    const response = await call(user, sent.method, sent.path, { body: { ...sent.body, plus_one_names: 2 } });

    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain('plus_one_names');
  });

  it('a budget item naming a vendor the event does not have is a 400 naming vendor', async () => {
    const response = await call(world.planner, 'POST', `${events(world)}/budget/items`, { body: { category: 'venue', description: 'Hall', estimated_cost: 100, vendor: 'Nobody & Co' } });

    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['vendor']);
  });

  it('guests answer invitation_sent and invitation_opened as booleans once invited and opened', async () => {
    const invited = await guest(world);
    const before = (await call(world.planner, 'GET', `/api/guests/${invited.id}`)).body.data;
    await ok(world.planner, 'POST', `${events(world)}/invitations`, { guest_ids: [invited.id] });
    await runSender();
    const sent = (await call(world.planner, 'GET', `/api/guests/${invited.id}`)).body.data;

    expect((await call(null, 'GET', `/api/rsvp/${codeOf(invited)}`)).status).toBe(200);
    // The open is recorded off the request, by the invitation-opens consumer.
    await testEventBus.idle();
    const opened = (await call(world.planner, 'GET', `/api/guests/${invited.id}`)).body.data;

    expect([before.invitation_sent, before.invitation_opened]).toEqual([false, false]);
    expect([sent.invitation_sent, sent.invitation_opened]).toEqual([true, false]);
    expect([opened.invitation_sent, opened.invitation_opened]).toEqual([true, true]);
  });

  it('vendors answer contact_person, email and phone at the top level as well as in contact_info', async () => {
    const created = await ok(world.planner, 'POST', `${events(world)}/vendors`, { name: 'Sono', service_type: 'DJ', contact_person: 'Jo Blanc', email: 'jo@example.com', phone: '+33 6 00 00 00 00' });

    const listed = (await call(world.planner, 'GET', `${events(world)}/vendors`)).body.data.find((vendor: { id: string }) => vendor.id === created.id);

    expect(listed).toMatchObject({
      contact_person: 'Jo Blanc', email: 'jo@example.com', phone: '+33 6 00 00 00 00',
      contact_info: { contact_person: 'Jo Blanc', email: 'jo@example.com', phone: '+33 6 00 00 00 00' },
    });
  });
});
