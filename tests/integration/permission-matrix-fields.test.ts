import { beforeAll, describe, expect, it } from 'vitest';
import { type Area, areas, effectivePermissions, type Level, type PermissionMap, type Role } from '../../shared/domain/permissions.ts';
import { routeKey } from '../../shared/routes.ts';
import { testEventBus } from '../support/event-bus.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent } from './events-fixtures.ts';
import { eventScoped } from './permission-matrix-fixtures.ts';
import { connectAs, startRealtime } from './realtime-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * The field side of the permission matrix (docs/area-visibility.md): every person of the matrix — the
 * four roles, members narrowed to `none` on an area, a pending member and an outsider — asks every
 * readable route of one seeded world (every event-scoped GET of the route table, the event list, the
 * notifications feed, the event's own write and the WebSocket `subscribed` message). In every answer, for
 * every area the person may not read, neither the area's field names nor the values seeded in that area
 * (amounts, guest name and email, the team invitee's email, a task's title) may appear anywhere. One
 * world per file and the requests of a person concurrently keep the file short; the organizer's answers
 * are the control that the seeded values are found where they may be.
 */
const SECRETS: Record<'budget' | 'guests' | 'team' | 'timeline', { fields: string[]; values: string[] }> = {
  budget: {
    fields: ['budget_total', 'budget', 'estimated_cost', 'actual_cost', 'budget_items', 'budget_totals'],
    values: ['31415.92', '2718.28', '123.45', 'Sugar sculpture for the cake', '1618.03'],
  },
  guests: {
    fields: ['guest_count', 'rsvp_yes', 'rsvp_no', 'rsvp_maybe', 'rsvp_pending', 'rsvp_waitlisted', 'attending_headcount', 'guest_name'],
    values: ['Philippa Quibbleworth', 'philippa.quibbleworth@example.com'],
  },
  team: { fields: [], values: ['matrix.invitee@example.com'] },
  timeline: { fields: ['timeline'], values: ['Rehearse the secret first dance'] },
};
type SecretArea = keyof typeof SECRETS;
const secretAreas = Object.keys(SECRETS) as SecretArea[];

type Person = { name: string; role: Role | 'pending' | 'outsider'; overrides?: Partial<PermissionMap> };
const nobody = Object.fromEntries(areas.map((area) => [area, 'none'])) as PermissionMap;
const persons: Person[] = [
  { name: 'organizer', role: 'organizer' },
  { name: 'coordinator', role: 'coordinator' },
  { name: 'assistant', role: 'assistant' },
  { name: 'viewer (budget: none)', role: 'viewer' },
  { name: 'coordinator with guests: none', role: 'coordinator', overrides: { guests: 'none' } },
  { name: 'assistant with team: none', role: 'assistant', overrides: { team: 'none' } },
  { name: 'assistant with timeline: none', role: 'assistant', overrides: { timeline: 'none' } },
  { name: 'viewer who reads only the event', role: 'viewer', overrides: Object.fromEntries(areas.filter((area) => area !== 'event').map((area) => [area, 'none'])) },
  { name: 'pending coordinator', role: 'pending' },
  { name: 'outsider', role: 'outsider' },
];
const rightsOf = (person: Person): PermissionMap =>
  person.role === 'pending' || person.role === 'outsider' ? nobody : effectivePermissions(person.role, person.overrides ?? {});

let users: Map<string, SignedInUser>;
let world: { eventId: string; guestId: string; documentId: string; vendorId: string; partyId: string; tableId: string; subEventId: string };

beforeAll(async () => {
  users = new Map(await Promise.all(persons.map(async (person) => [person.name, await signedInUser()] as const)));
  const organizer = users.get('organizer') as SignedInUser;
  const eventId = (await createEvent(organizer, { name: 'Matrix gala', event_date: '2027-06-20T18:00:00Z', budget_total: 30000, currency: 'EUR' })).id as string;
  await Promise.all(persons.filter((person) => !['organizer', 'pending', 'outsider'].includes(person.role)).map((person) =>
    addMember(eventId, (users.get(person.name) as SignedInUser).userId, person.role as Role, person.overrides ?? {})));
  const events = `/api/events/${eventId}`;
  const guest = await expectStatus(201, organizer, 'POST', `${events}/guests`, { body: { name: 'Philippa Quibbleworth', email: 'philippa.quibbleworth@example.com' } });
  const guestId = String((Array.isArray(guest.data) ? guest.data[0] : guest.data).id);
  // A party answers its members' names and answers (guests data).
  const party = await expectStatus(201, organizer, 'POST', `${events}/parties`, { body: { name: 'The Quibbleworths', member_ids: [guestId] } });
  const vendor = await expectStatus(201, organizer, 'POST', `${events}/vendors`, { body: { name: 'Matrix Patisserie', service_type: 'Catering' } });
  const item = await expectStatus(201, organizer, 'POST', `${events}/budget/items`, {
    body: { category: 'catering', description: 'Sugar sculpture for the cake', estimated_cost: 2718.28, vendor: vendor.data.id },
  });
  const document = await expectStatus(201, organizer, 'POST', `${events}/documents`, { body: { name: 'Matrix menu', content_type: 'application/pdf', size: 10 } });
  await Promise.all([
    succeeded(organizer, 'POST', `/api/budget/items/${item.data.id}/payments`, { body: { amount: 123.45 } }),
    // A vendor's payment plan is budget data (its amounts, the cash-flow).
    expectStatus(200, organizer, 'PUT', `/api/vendors/${vendor.data.id}/payment-plan`, { body: { installments: [{ due_date: '2027-05-01', amount: 1618.03 }] } }),
    expectStatus(201, organizer, 'POST', `${events}/timeline`, { body: { title: 'Rehearse the secret first dance', due_date: '2027-05-01' } }),
    expectStatus(201, organizer, 'POST', `${events}/team`, { body: { email: 'matrix.invitee@example.com', role: 'viewer' } }),
    expectStatus(201, organizer, 'POST', `${events}/team`, { body: { user_id: (users.get('pending coordinator') as SignedInUser).userId, role: 'coordinator' } }),
    expectStatus(202, organizer, 'POST', `${events}/invitations`, { body: { guest_ids: [guestId], invitation_template: 'formal' } }),
  ]);
  // Domain events every member hears of in some area: an answer (guests), an event change with money in it.
  await succeeded(organizer, 'POST', `/api/guests/${guestId}/rsvp`, { body: { status: 'yes' } });
  // Seating is guests data (docs/seating.md): the chart, the CSV and the escort cards name the guest.
  const table = await expectStatus(201, organizer, 'POST', `${events}/tables`, { body: { name: 'Matrix table', seats: 8 } });
  await succeeded(organizer, 'PUT', `/api/tables/${table.data.id}/seats/1`, { body: { guest_id: guestId } });
  // Sub-events are guests data (docs/sub-events.md): the guest is invited to one.
  const subEvent = await expectStatus(201, organizer, 'POST', `${events}/sub-events`, { body: { title: 'Matrix rehearsal', starts_at: '2027-06-19T18:00:00Z' } });
  await succeeded(organizer, 'PUT', `/api/guests/${guestId}/sub-events`, { body: { sub_event_ids: [subEvent.data.id] } });
  await expectStatus(200, organizer, 'PUT', events, { body: { budget_total: 31415.92, location_name: 'Matrix hall', description: 'Seeded' } });
  world = { eventId, guestId, documentId: String(document.data.id), vendorId: String(vendor.data.id), partyId: String(party.data.id), tableId: String(table.data.id), subEventId: String(subEvent.data.id) };
  await testEventBus.idle();
});

async function succeeded(...args: Parameters<typeof call>) {
  const response = await call(...args);
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response.body;
}

/** The id each event-scoped GET route takes, by what its path names. */
function pathOf(path: string): string | null {
  if (path.startsWith('/api/events/{id}')) return path.replace('{id}', world.eventId);
  if (path.startsWith('/api/guests/{id}')) return path.replace('{id}', world.guestId);
  if (path.startsWith('/api/documents/{id}')) return path.replace('{id}', world.documentId).replace('{version}', '1');
  if (path.startsWith('/api/vendors/{id}')) return path.replace('{id}', world.vendorId);
  if (path.startsWith('/api/parties/{id}')) return path.replace('{id}', world.partyId);
  if (path.startsWith('/api/tables/{id}')) return path.replace('{id}', world.tableId);
  if (path.startsWith('/api/sub-events/{id}')) return path.replace('{id}', world.subEventId);
  return null;
}
const readRoutes = eventScoped.filter((route) => route.method === 'GET');

type Answer = { what: string; status: number; body: unknown };

/** Everything the person is answered: every read route, the event's own write, and the WebSocket subscribe. */
async function answersTo(person: Person): Promise<Answer[]> {
  const user = users.get(person.name) as SignedInUser;
  const reads = [
    ...readRoutes.map((route) => ({ what: routeKey(route), path: pathOf(route.path) as string, query: { limit: '100' } })),
    { what: 'GET /api/events', path: '/api/events', query: {} },
    { what: 'GET /api/notifications', path: '/api/notifications', query: { limit: '100' } },
  ];
  const answers: Answer[] = await Promise.all(reads.map(async ({ what, path, query }) => {
    const response = await call(user, 'GET', path, what.endsWith('export') ? {} : { query });
    return { what, status: response.status, body: response.body };
  }));
  // The event's own write answers the whole event (sequential per person: it moves the version).
  const written = await call(user, 'PUT', `/api/events/${world.eventId}`, { body: { description: `Seen by ${person.name}` } });
  answers.push({ what: 'PUT /api/events/{id}', status: written.status, body: written.body });
  answers.push({ what: 'WebSocket subscribe', status: 0, body: await subscribedMessage(user) });
  return answers;
}

async function subscribedMessage(user: SignedInUser): Promise<unknown> {
  const client = await connectAs(server, user);
  try {
    client.send({ action: 'subscribe', event_id: world.eventId });
    return await client.next((message) => message.type === 'subscribed' || message.type === 'error');
  } finally {
    await client.close();
  }
}

/** Every key of every object in the answer, and the whole answer as text (CSV bodies are text already). */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((each) => keysOf(each, into));
  else if (value && typeof value === 'object') {
    for (const [key, each] of Object.entries(value)) {
      // A permissions map names every area as a key: it is the member's rights, not the area's data.
      if (key === 'permissions') continue;
      into.add(key);
      keysOf(each, into);
    }
  }
  return into;
}
const textOf = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));

/** What of `area` the answer shows: its field names (as keys) and its seeded values (anywhere). */
function leaksOf(answer: Answer, area: SecretArea): string[] {
  const keys = keysOf(answer.body);
  const text = textOf(answer.body);
  return [...SECRETS[area].fields.filter((field) => keys.has(field)), ...SECRETS[area].values.filter((value) => text.includes(value))];
}

let server: Awaited<ReturnType<typeof startRealtime>>;
beforeAll(async () => {
  server = await startRealtime();
  return () => server.close();
});

describe('the field matrix', () => {
  it('walks every event-scoped read of the route table', () => {
    expect(readRoutes.length).toBeGreaterThan(10);
    expect(readRoutes.filter((route) => pathOf(route.path) === null).map(routeKey)).toEqual([]);
  });

  it('finds every seeded value in the organizer\'s answers (the control: the walk can see a leak)', async () => {
    const answers = await answersTo(persons[0] as Person);

    for (const area of secretAreas) {
      const found = new Set(answers.flatMap((answer) => leaksOf(answer, area)));
      expect([...SECRETS[area].values].filter((value) => !found.has(value)), area).toEqual([]);
    }
  });

  it.each(persons.slice(1).map((person) => [person.name, person] as const))('%s: no answer shows an area they may not read', async (_name, person) => {
    const rights = rightsOf(person);
    const hidden = secretAreas.filter((area) => (rights[area as Area] as Level) === 'none');

    const answers = await answersTo(person);

    expect(answers.every((answer) => answer.status < 500), JSON.stringify(answers.filter((answer) => answer.status >= 500))).toBe(true);
    const leaks = answers.flatMap((answer) => hidden.flatMap((area) => leaksOf(answer, area).map((leak) => `${answer.what} shows ${area}: ${leak}`)));
    expect(leaks).toEqual([]);
    if (person.role === 'pending' || person.role === 'outsider') {
      // Nothing of the event at all: every event route is 404 and the list does not have it.
      expect(answers.filter((answer) => answer.what.includes('{id}') && answer.status !== 404).map((answer) => answer.what)).toEqual([]);
      expect(textOf(answers.find((answer) => answer.what === 'GET /api/events')?.body)).not.toContain(world.eventId);
    }
  });
});
