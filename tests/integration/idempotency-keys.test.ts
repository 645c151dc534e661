import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { contractOf, takesIdempotencyKey } from '../../shared/api-contract/openapi-document.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { newId } from '../../shared/data/ids.ts';
import { idempotencyKeys } from '../../shared/data/keys.ts';
import { notificationPut } from '../../shared/data/notifications.ts';
import { transact } from '../../shared/data/transact.ts';
import { createDelivery } from '../../shared/data/webhooks/deliveries.ts';
import { notificationExpiry } from '../../shared/domain/notifications/rules.ts';
import { type RouteDefinition, routeKey, routes } from '../../shared/routes.ts';
import { testEventBus } from '../support/event-bus.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { type ContractCall, send } from './contract-fixtures.ts';
import { addMember, createEvent } from './events-fixtures.ts';
import { codeForNextStep, enrolledAccount } from './mfa-fixtures.ts';
import { expectStatus } from './timeline-fixtures.ts';
import { recordCalls, writtenKeys } from '../support/dynamo-calls.ts';
import { pdfBytes } from '../support/file-bytes.ts';

/**
 * Every POST of the route table honours an Idempotency-Key, or its contract says why it cannot
 * (`idempotencyKeyIgnored`, read here): the same request twice with the same key answers the first
 * answer again and leaves the table as the first one left it. A new POST route fails the coverage test
 * until it has a call here or a reason in its contract.
 */
const posts = routes.filter((route) => route.method === 'POST');
const honoured = posts.filter((route) => takesIdempotencyKey(route, contractOf(route)));

/** Makes something through the API as `owner` and answers its data (the first element of a list). */
const made = async (owner: SignedInUser, path: string, body: unknown) => {
  const data = (await expectStatus(201, owner, 'POST', path, { body })).data;
  return Array.isArray(data) ? data[0] : data;
};
const newEvent = async (owner: SignedInUser) => `/api/events/${(await createEvent(owner)).id}`;
const guest = async (owner: SignedInUser, events: string) => made(owner, `${events}/guests`, { name: 'Mary Somerville', email: `mary.${randomUUID()}@example.com` });
/** A new event with an attending guest and that guest's check-in code (docs/check-in.md). */
const attendingCode = async (owner: SignedInUser) => {
  const events = await newEvent(owner);
  const { id } = await guest(owner, events);
  await expectStatus(200, owner, 'POST', `/api/guests/${id}/rsvp`, { body: { status: 'yes' } });
  return { events, code: String((await expectStatus(200, owner, 'POST', `/api/guests/${id}/check-in-code`)).data.check_in_code) };
};
/** A webhook endpoint of a new event, as its path. */
const webhookOf = async (owner: SignedInUser) => {
  const events = await newEvent(owner);
  return `${events}/webhooks/${(await made(owner, `${events}/webhooks`, { url: 'https://93.184.215.14/idempotency', event_types: ['rsvp.changed'] })).id}`;
};
const budgetItem = async (owner: SignedInUser) => made(owner, `${await newEvent(owner)}/budget/items`, { category: 'venue', description: 'Hall', estimated_cost: 100 });
const pdf = { name: 'Menu', category: 'menu', content_type: 'application/pdf', size: 11 };
const notificationFor = async (owner: SignedInUser) => {
  const at = new Date();
  const id = `${newId()}.guest.added`;
  await transact([notificationPut({
    id, user_id: owner.userId, kind: 'guest.added', event_id: 'event-1', event_name: 'Ada & Grace wedding', entity_type: 'guest',
    entity_id: 'guest-1', actor_id: owner.userId, message: 'Mary Somerville was added', detail: { guest_name: 'Mary Somerville' },
    created_at: at.toISOString(), ttl: notificationExpiry(at),
  })]);
  return id;
};

/** A valid call of each POST that honours a key, made by `owner` (or by `user` when given). */
const calls: Record<string, (owner: SignedInUser) => Promise<ContractCall>> = {
  // An account made through the API: turning the factor off needs its password and a code.
  'POST /api/auth/mfa/disable': async () => {
    const account = await enrolledAccount();
    return { path: '/api/auth/mfa/disable', user: { token: account.accessToken }, body: { current_password: account.registration.password, code: codeForNextStep(account.secret) } };
  },
  'POST /api/notifications/{id}/read': async (owner) => ({ path: `/api/notifications/${await notificationFor(owner)}/read` }),
  'POST /api/notifications/read-all': async (owner) => {
    await notificationFor(owner);
    return { path: '/api/notifications/read-all' };
  },
  'POST /api/events': async () => ({ path: '/api/events', body: { name: 'Launch party', date: '2027-09-01', time: '19:00', timezone: 'Europe/Paris', type: 'party' } }),
  'POST /api/events/{id}/budget/items': async (owner) => ({ path: `${await newEvent(owner)}/budget/items`, body: { category: 'catering', description: 'Dinner', per_guest: true, unit_cost: 80 } }),
  'POST /api/budget/items/{id}/payments': async (owner) => ({ path: `/api/budget/items/${(await budgetItem(owner)).id}/payments`, body: { amount: 40, method: 'card' } }),
  'POST /api/events/{id}/vendors': async (owner) => ({ path: `${await newEvent(owner)}/vendors`, body: { name: 'Le Traiteur', service_type: 'Caterer', cost: 9000 } }),
  'POST /api/vendors/{id}/payment-plan/payments': async (owner) => {
    const vendor = await made(owner, `${await newEvent(owner)}/vendors`, { name: 'Fleurs', service_type: 'Florist' });
    const plan = await expectStatus(200, owner, 'PUT', `/api/vendors/${vendor.id}/payment-plan`, { body: { installments: [{ due_date: '2027-02-01', amount: 800 }] } });
    return { path: `/api/vendors/${vendor.id}/payment-plan/payments`, body: { installment_id: plan.data.installments[0].id, amount: 40 } };
  },
  'POST /api/events/{id}/documents': async (owner) => ({ path: `${await newEvent(owner)}/documents`, body: pdf }),
  'POST /api/documents/{id}/versions': async (owner) => ({ path: `/api/documents/${(await made(owner, `${await newEvent(owner)}/documents`, pdf)).id}/versions`, body: { content_type: 'image/png', size: 2048 } }),
  'POST /api/documents/{id}/versions/{version}/confirm': async (owner) => {
    const created = await made(owner, `${await newEvent(owner)}/documents`, pdf);
    const uploaded = await fetch(created.upload.url, { method: 'PUT', headers: created.upload.headers, body: pdfBytes(11) });
    expect(uploaded.ok).toBe(true);
    return { path: `/api/documents/${created.id}/versions/1/confirm` };
  },
  // Guests without an email: nothing else tells a repeat from a second guest of the same name.
  'POST /api/events/{id}/guests': async (owner) => ({ path: `${await newEvent(owner)}/guests`, body: { guest_list: [{ name: 'Walk-in Guest' }, { name: 'Walk-in Guest' }] } }),
  'POST /api/events/{id}/guests/import': async (owner) => ({
    path: `${await newEvent(owner)}/guests/import`, rawBody: 'name,email\nEmmy Noether,\n', headers: { 'content-type': 'text/csv' },
  }),
  'POST /api/events/{id}/guests/purge': async (owner) => {
    const events = await newEvent(owner);
    await guest(owner, events);
    return { path: `${events}/guests/purge`, body: { force: true } };
  },
  'POST /api/events/{id}/questions': async (owner) => ({ path: `${await newEvent(owner)}/questions`, body: { kind: 'single_choice', label: 'Your meal', options: [{ label: 'Beef' }, { label: 'Fish' }] } }),
  'POST /api/events/{id}/sub-events': async (owner) => ({ path: `${await newEvent(owner)}/sub-events`, body: { title: 'Rehearsal dinner', starts_at: '2027-06-19T18:00:00Z' } }),
  'POST /api/sub-events/{id}/guests': async (owner) => {
    const events = await newEvent(owner);
    const subEvent = await made(owner, `${events}/sub-events`, { title: 'Rehearsal dinner', starts_at: '2027-06-19T18:00:00Z' });
    return { path: `/api/sub-events/${subEvent.id}/guests`, body: { add: [(await guest(owner, events)).id] } };
  },
  'POST /api/events/{id}/parties': async (owner) => {
    const events = await newEvent(owner);
    return { path: `${events}/parties`, body: { name: 'The Noethers', member_ids: [(await guest(owner, events)).id] } };
  },
  'POST /api/parties/{id}/rsvp': async (owner) => {
    const events = await newEvent(owner);
    const member = await guest(owner, events);
    const party = await made(owner, `${events}/parties`, { name: 'The Noethers', member_ids: [member.id] });
    return { path: `/api/parties/${party.id}/rsvp`, body: { members: [{ guest_id: member.id, status: 'yes' }] } };
  },
  'POST /api/parties/{id}/invitation-link': async (owner) => {
    const events = await newEvent(owner);
    const party = await made(owner, `${events}/parties`, { name: 'The Noethers', member_ids: [(await guest(owner, events)).id] });
    return { path: `/api/parties/${party.id}/invitation-link` };
  },
  'POST /api/events/{id}/tables': async (owner) => ({ path: `${await newEvent(owner)}/tables`, body: { name: 'Table 1', seats: 8 } }),
  'POST /api/events/{id}/seating/proposal/accept': async (owner) => {
    const events = await newEvent(owner);
    const seated = await guest(owner, events);
    await expectStatus(200, owner, 'POST', `/api/guests/${seated.id}/rsvp`, { body: { status: 'yes' } });
    const table = await made(owner, `${events}/tables`, { name: 'Table 1', seats: 8 });
    return { path: `${events}/seating/proposal/accept`, body: { assignments: [{ table_id: table.id, seat_number: 1, guest_id: seated.id, plus_one: 0 }] } };
  },
  'POST /api/events/{id}/webhooks': async (owner) => ({ path: `${await newEvent(owner)}/webhooks`, body: { url: 'https://93.184.215.14/idempotency', event_types: ['rsvp.changed'] } }),
  'POST /api/events/{id}/webhooks/{webhookId}/secret': async (owner) => ({ path: `${await webhookOf(owner)}/secret` }),
  'POST /api/events/{id}/webhooks/{webhookId}/enable': async (owner) => ({ path: `${await webhookOf(owner)}/enable` }),
  'POST /api/events/{id}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver': async (owner) => {
    const events = await newEvent(owner);
    const endpoint = await made(owner, `${events}/webhooks`, { url: 'https://93.184.215.14/idempotency', event_types: ['rsvp.changed'] });
    const deliveryId = `${newId()}.rsvp.changed`;
    await createDelivery({
      id: deliveryId, endpoint_id: endpoint.id, event_id: events.split('/').at(-1) as string, event_type: 'rsvp.changed', status: 'failed', attempts: 1, payload: '{}',
      last_status_code: 500, last_error: 'HTTP 500', first_attempt_at: null, last_attempt_at: null, next_attempt_at: null, delivered_at: null, created_at: new Date().toISOString(),
    });
    return { path: `${events}/webhooks/${endpoint.id}/deliveries/${deliveryId}/redeliver` };
  },
  'POST /api/guests/{id}/invitation-link': async (owner) => ({ path: `/api/guests/${(await guest(owner, await newEvent(owner))).id}/invitation-link` }),
  'POST /api/guests/{id}/rsvp': async (owner) => ({ path: `/api/guests/${(await guest(owner, await newEvent(owner))).id}/rsvp`, body: { status: 'yes' } }),
  'POST /api/guests/{id}/check-in-code': async (owner) => ({ path: `/api/guests/${(await guest(owner, await newEvent(owner))).id}/check-in-code` }),
  'POST /api/events/{id}/check-ins': async (owner) => {
    const { events, code } = await attendingCode(owner);
    return { path: `${events}/check-ins`, body: { code } };
  },
  'POST /api/events/{id}/check-ins/batch': async (owner) => {
    const { events, code } = await attendingCode(owner);
    return { path: `${events}/check-ins/batch`, body: { device_id: 'door-1', scans: [{ code, scanned_at: '2027-05-01T18:00:00Z' }] } };
  },
  'POST /api/events/{id}/invitations': async (owner) => {
    const events = await newEvent(owner);
    const invited = await guest(owner, events);
    return { path: `${events}/invitations`, body: { guest_ids: [invited.id], invitation_template: 'formal' } };
  },
  'POST /api/events/{id}/timeline': async (owner) => ({ path: `${await newEvent(owner)}/timeline`, body: { title: 'Tasting', due_date: '2027-04-01T10:00:00Z' } }),
  'POST /api/events/{id}/announcements': async (owner) => {
    const events = await newEvent(owner);
    await guest(owner, events);
    return { path: `${events}/announcements`, body: { subject: 'Shuttle', message: 'At 15:00', segment: 'all' } };
  },
  'POST /api/events/{id}/announcements/{announcementId}/cancel': async (owner) => {
    const events = await newEvent(owner);
    await guest(owner, events);
    const body = { subject: 'Shuttle', message: 'At 15:00', segment: 'all', send_at: new Date(Date.now() + 3_600_000).toISOString() };
    const scheduled = (await expectStatus(202, owner, 'POST', `${events}/announcements`, { body })).data;
    return { path: `${events}/announcements/${scheduled.id}/cancel` };
  },
  'POST /api/events/{id}/calendar-feed': async (owner) => ({ path: `${await newEvent(owner)}/calendar-feed` }),
  'POST /api/events/{id}/checklist': async (owner) => ({ path: `${await newEvent(owner)}/checklist`, body: { task: 'Book the band' } }),
  'POST /api/events/{id}/team': async (owner) => ({ path: `${await newEvent(owner)}/team`, body: { user_id: (await signedInUser()).userId, role: 'assistant' } }),
  'POST /api/events/{id}/team/accept': async (owner) => {
    const events = await newEvent(owner);
    const invited = await signedInUser();
    await made(owner, `${events}/team`, { user_id: invited.userId, role: 'viewer' });
    return { path: `${events}/team/accept`, user: invited };
  },
  'POST /api/events/{id}/transfer': async (owner) => {
    const event = await createEvent(owner);
    const heir = await signedInUser();
    await addMember(event.id, heir.userId, 'coordinator');
    return { path: `/api/events/${event.id}/transfer`, body: { user_id: heir.userId } };
  },
};

/** Sends the call with the key, then lets the domain-event consumers finish what the call set off. */
async function sendWithKey(route: RouteDefinition, owner: SignedInUser, call: ContractCall, key: string) {
  const answer = await send(route, { user: owner, ...call, headers: { ...call.headers, 'idempotency-key': key } });
  await testEventBus.idle();
  return answer;
}

describe('Idempotency-Key coverage of the route table', () => {
  it('has a call for every POST that honours a key, and a reason in the contract for every other POST', () => {
    const ignored = posts.filter((route) => !honoured.includes(route));

    expect(honoured.map(routeKey).filter((key) => !(key in calls))).toEqual([]);
    expect(Object.keys(calls).filter((key) => !honoured.some((route) => routeKey(route) === key))).toEqual([]);
    expect(ignored.filter((route) => !contractOf(route).idempotencyKeyIgnored?.trim()).map(routeKey)).toEqual([]);
  });
});

describe.each(honoured.map((route) => [routeKey(route), route] as const))('%s repeated with the same Idempotency-Key', (key, route) => {
  it('answers the first answer again and changes nothing in the table', async () => {
    const owner = await signedInUser();
    const call = await (calls[key] as (owner: SignedInUser) => Promise<ContractCall>)(owner);
    const idempotencyKey = `repeat-${randomUUID()}`;
    const first = await sendWithKey(route, owner, call, idempotencyKey);

    // What the repeat wrote is read from the DynamoDB calls it made (tests/support/dynamo-calls.ts), not from two whole-table scans.
    const { result: repeat, calls: repeatCalls } = await recordCalls(() => sendWithKey(route, owner, call, idempotencyKey));

    expect(first.status, JSON.stringify(first.body)).toBeLessThan(300);
    expect(repeat.status).toBe(first.status);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers.Location).toBe(first.headers.Location);
    expect(repeat.headers['Idempotent-Replayed']).toBe('true');
    expect(writtenKeys(repeatCalls)).toEqual([]);
  });
});

describe('a retried POST .../guests for guests without email', () => {
  it('adds them once, replays their invitation codes, and keeps the codes only sealed', async () => {
    const owner = await signedInUser();
    const events = await newEvent(owner);
    const route = routes.find((candidate) => routeKey(candidate) === 'POST /api/events/{id}/guests') as RouteDefinition;
    const call = { path: `${events}/guests`, body: { guest_list: [{ name: 'Walk-in Guest' }] } };
    const idempotencyKey = `guests-${randomUUID()}`;

    const first = await sendWithKey(route, owner, call, idempotencyKey);
    const retried = await sendWithKey(route, owner, call, idempotencyKey);

    const list = await expectStatus(200, owner, 'GET', `${events}/guests`);
    const code = first.body.data[0].invitation_code as string;
    expect(list.data.map((listed: { name: string }) => listed.name)).toEqual(['Walk-in Guest']);
    expect(retried.body.data[0]).toMatchObject({ id: first.body.data[0].id, invitation_code: code });
    const record = (await db().send(new GetCommand({ TableName: tableName(), Key: idempotencyKeys.item(owner.userId, idempotencyKey), ConsistentRead: true }))).Item;
    expect(record?.response.sealed).toBe(true);
    expect(JSON.stringify(record)).not.toContain(code);
  });
});
