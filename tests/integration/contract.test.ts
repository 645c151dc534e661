import { beforeAll, describe, expect, it } from 'vitest';
import { apiContract } from '../../shared/api-contract/contract.ts';
import { contractOf, problemsOf } from '../../shared/api-contract/openapi-document.ts';
import { db } from '../../shared/data/client.ts';
import { newId } from '../../shared/data/ids.ts';
import { notificationPut } from '../../shared/data/notifications.ts';
import { putAccountToken } from '../../shared/data/accounts/account-mail.ts';
import { randomSecret, sha256 } from '../../shared/auth/tokens.ts';
import { transact } from '../../shared/data/transact.ts';
import { notificationExpiry } from '../../shared/domain/notifications/rules.ts';
import { type MailedLink, mailedLinks } from '../../shared/pages/mailed-link.ts';
import { type RouteDefinition, routeKey, routes } from '../../shared/routes.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { mailedVerificationToken, newRegistration, register, registered } from './auth-fixtures.ts';
import { type ContractCall, expectDocumentedProblem, expectDocumentedSuccess, send } from './contract-fixtures.ts';
import { addMember, createEvent } from './events-fixtures.ts';
import { codeOf } from './guests-fixtures.ts';
import { codeFor, codeForNextStep, enrolledAccount, markSecondFactorOn, startEnrolment } from './mfa-fixtures.ts';
import { tokenMailedTo } from './team-invitations-fixtures.ts';
import { expectStatus } from './timeline-fixtures.ts';
import { pdfBytes } from '../support/file-bytes.ts';
import { SYNC_IMPORT_MAX_ROWS } from '../../shared/domain/guests/import-job.ts';
import { testEventBus } from '../support/event-bus.ts';
import { builtOnce } from '../support/built-once.ts';
import { createDelivery } from '../../shared/data/webhooks/deliveries.ts';

/**
 * The contract test: every route of the table is called the way a client would, and its answer is held
 * to the OpenAPI document (tests/unit/api-contract.test.ts checks the document itself). Then each route
 * is refused in every way that applies to it (no token, an unknown id, malformed JSON, its own refusal)
 * and each refusal must be a problem status the document lists for it, as an RFC 9457 document.
 */
type World = {
  organizer: SignedInUser;
  eventId: string;
  /** An account made through the API, so its password is known. */
  account: { login: string; password: string; token: string; refreshToken: string };
};

let world: World;

beforeAll(async () => {
  const organizer = await signedInUser();
  const registration = newRegistration();
  const [event, registered] = await Promise.all([createEvent(organizer), register(registration)]);
  expect(registered.status).toBe(201);
  world = {
    organizer,
    eventId: event.id,
    account: {
      login: registration.username,
      password: registration.password,
      token: registered.body.data.access_token,
      refreshToken: registered.body.data.refresh_token,
    },
  };
});

/** A fresh account (through the API, unverified, its verification mail queued) with its password and token. */
const freshAccount = async () => {
  const registration = newRegistration();
  const answer = await register(registration);
  const token = answer.body.data.access_token as string;
  return { registration, userId: answer.body.data.user.id as string, token, user: { token } };
};

/** A live reset token of a fresh account, stored as the outbox stores it (only its hash). */
const sendOk = async (key: string, call: ContractCall) => {
  const answer = await send(byKey.get(key) as RouteDefinition, call);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.data;
};

/** An account with a second factor on, and the password and next code its owner would send. */
const accountWithSecondFactor = async () => {
  const account = await enrolledAccount();
  return { ...account, user: { token: account.accessToken }, ownerProof: () => json({ current_password: account.registration.password, code: codeForNextStep(account.secret) }) };
};

const resetToken = async () => {
  const { userId } = await freshAccount();
  const token = `${userId}.${randomSecret()}`;
  const now = new Date();
  await putAccountToken(userId, 'password_reset', { hash: sha256(token), mailId: newId(), createdAt: now, expiresAt: new Date(now.getTime() + 1800_000) });
  return token;
};
const form = (fields: string) => ({ rawBody: fields, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
/** The cookie a mailed link sets for its page (shared/pages/mailed-link.ts), as the browser sends it back. */
const linkCookie = (link: MailedLink, secret: string) => `${link.cookie}=${encodeURIComponent(secret)}`;
/** A page's form post with the cookie its link set. */
const formWithCookie = (fields: string, link: MailedLink, secret: string) => ({ rawBody: fields, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: linkCookie(link, secret) } });
/** A secret longer than any link carries: the link's path form refuses it (400). */
const overlong = 'x'.repeat(2049);

/** Makes a child through the API as the organizer and answers its data. */
const made = async (path: string, body: unknown) => (await expectStatus(201, world.organizer, 'POST', path, { body })).data;
const events = () => `/api/events/${world.eventId}`;
const newEvent = async () => (await createEvent(world.organizer)).id as string;
const guest = async () => (await made(`${events()}/guests`, { name: 'Mary Somerville', email: `mary.${Math.random().toString(36).slice(2)}@example.com` }))[0];
/**
 * A webhook endpoint of a new event (an event holds at most 10; a public address: registration checks it,
 * nothing is sent), as the path of its event's webhooks and its id.
 */
const webhook = async () => {
  const eventId = await newEvent();
  const created = await made(`/api/events/${eventId}/webhooks`, { url: 'https://93.184.215.14/contract', event_types: ['rsvp.changed'] });
  return { eventId, hooks: `/api/events/${eventId}/webhooks`, id: String(created.id) };
};
/** A failed delivery of a new endpoint, as the sender leaves one (its id is the domain event's). */
const webhookDelivery = async () => {
  const { eventId, hooks, id } = await webhook();
  const deliveryId = `${newId()}.rsvp.changed`;
  await createDelivery({
    id: deliveryId, endpoint_id: id, event_id: eventId, event_type: 'rsvp.changed', status: 'failed', attempts: 1, payload: '{}', last_status_code: 500,
    last_error: 'HTTP 500', first_attempt_at: null, last_attempt_at: null, next_attempt_at: null, delivered_at: null, created_at: new Date().toISOString(),
  });
  return { hooks, endpointId: id, deliveryId };
};
const webhookPath = async () => {
  const { hooks, id } = await webhook();
  return `${hooks}/${id}`;
};
/** An attending guest's check-in code (docs/check-in.md), as a planner issues it. */
const checkInCode = async () => {
  const { id } = await guest();
  await expectStatus(200, world.organizer, 'POST', `/api/guests/${id}/rsvp`, { body: { status: 'yes' } });
  return String((await expectStatus(200, world.organizer, 'POST', `/api/guests/${id}/check-in-code`)).data.check_in_code);
};
/** A table of the world's event with an attending guest in seat 1 (seating, docs/seating.md). */
const seatedTable = async () => {
  const seated = await guest();
  await expectStatus(200, world.organizer, 'POST', `/api/guests/${seated.id}/rsvp`, { body: { status: 'yes' } });
  const table = await made(`${events()}/tables`, { name: 'Table 1', seats: 8 });
  await expectStatus(200, world.organizer, 'PUT', `/api/tables/${table.id}/seats/1`, { body: { guest_id: seated.id } });
  return { table, guest: seated };
};
/** A party of one new guest, with its code (shown once). */
const party = async () => made(`${events()}/parties`, { name: 'The Somervilles', member_ids: [(await guest()).id] });
/** An announcement to the event's guests (202), scheduled with `send_at`. */
const announcement = async (extra: Record<string, unknown> = {}) =>
  (await expectStatus(202, world.organizer, 'POST', `${events()}/announcements`, { body: { subject: 'Shuttle', message: 'At 15:00', segment: 'all', ...extra } })).data;
const budgetItem = () => made(`${events()}/budget/items`, { category: 'venue', description: 'Hall', estimated_cost: 100 });
const vendor = () => made(`${events()}/vendors`, { name: 'Fleurs', service_type: 'Florist' });
/** A vendor with a payment plan of one installment, paid in part. */
const plannedVendor = async () => {
  const { id } = await vendor();
  const plan = await expectStatus(200, world.organizer, 'PUT', `/api/vendors/${id}/payment-plan`, { body: { installments: [{ due_date: '2027-02-01', amount: 800 }] } });
  const installmentId = String(plan.data.installments[0].id);
  await made(`/api/vendors/${id}/payment-plan/payments`, { installment_id: installmentId, amount: 300, note: 'First half' });
  return { id, installmentId };
};
const question = () => made(`${events()}/questions`, { kind: 'single_choice', label: 'Your meal', audience: 'attending', options: [{ label: 'Beef', price: 95 }, { label: 'Fish', price: 85 }] });
/** A sub-event of the world's event (docs/sub-events.md). */
const subEvent = () => made(`${events()}/sub-events`, { title: 'Rehearsal dinner', starts_at: '2027-06-19T18:00:00Z', capacity: 40, waitlist_enabled: true });
const pdf = { name: 'Menu', category: 'menu', content_type: 'application/pdf', size: 11 };
const document = () => made(`${events()}/documents`, pdf);
const timelineItem = () => made(`${events()}/timeline`, { title: 'Book', due_date: '2027-05-01' });
const checklistItem = () => made(`${events()}/checklist`, { task: `Task ${Math.random()}` });
const json = (body: unknown) => ({ body });
/** A notification for the organizer, written as the notify consumer writes it. */
const notification = async () => {
  const at = new Date();
  const id = `${newId()}.guest.added`;
  await transact([notificationPut({
    id, user_id: world.organizer.userId, kind: 'guest.added', event_id: world.eventId, event_name: 'Ada & Grace wedding', entity_type: 'guest',
    entity_id: 'guest-1', actor_id: world.organizer.userId, message: 'Mary Somerville was added', detail: { guest_name: 'Mary Somerville' },
    created_at: at.toISOString(), ttl: notificationExpiry(at),
  })]);
  return id;
};

/** A valid call of each route, keyed like the route table; children are fresh where the call destroys or changes them. */
const validCalls: Record<string, () => Promise<ContractCall>> = {
  'GET /api/health': async () => ({ path: '/api/health' }),
  'GET /api/openapi.json': async () => ({ path: '/api/openapi.json' }),
  'GET /docs': async () => ({ path: '/docs' }),
  'GET /docs/{asset}': async () => ({ path: '/docs/docs.js' }),

  'POST /api/auth/register': async () => ({ path: '/api/auth/register', ...json(newRegistration()) }),
  'POST /api/auth/login': async () => ({ path: '/api/auth/login', ...json({ login: world.account.login, password: world.account.password }) }),
  'POST /api/auth/login/mfa': async () => {
    const account = await accountWithSecondFactor();
    const { challenge } = await sendOk('POST /api/auth/login', { path: '/api/auth/login', ...json({ login: account.registration.username, password: account.registration.password }) });
    return { path: '/api/auth/login/mfa', ...json({ challenge, code: codeForNextStep(account.secret) }) };
  },
  'POST /api/auth/refresh': async () => ({ path: '/api/auth/refresh', ...json({ refresh_token: world.account.refreshToken }) }),
  'POST /api/auth/logout': async () => {
    const fresh = await register(newRegistration());
    return { path: '/api/auth/logout', user: { token: fresh.body.data.access_token as string } };
  },
  'GET /api/auth/user': async () => ({ path: '/api/auth/user', user: { token: world.account.token } }),
  'DELETE /api/auth/user': async () => {
    const { registration, user } = await freshAccount();
    return { path: '/api/auth/user', user, ...json({ password: registration.password, owned_events: 'delete' }) };
  },
  'PUT /api/auth/user/preferences': async () => ({ path: '/api/auth/user/preferences', ...json({ email_notifications: { 'rsvp.received': true } }) }),
  'PUT /api/auth/password': async () => {
    const { registration, user } = await freshAccount();
    return { path: '/api/auth/password', user, ...json({ current_password: registration.password, new_password: 'difference-engine-1822' }) };
  },
  'GET /api/auth/sessions': async () => ({ path: '/api/auth/sessions', user: { token: world.account.token } }),
  'DELETE /api/auth/sessions/{session_id}': async () => {
    const fresh = await register(newRegistration());
    return { path: `/api/auth/sessions/${String(fresh.body.data.refresh_token).split('.')[0]}`, user: { token: fresh.body.data.access_token as string } };
  },
  'POST /api/auth/sessions/revoke-all': async () => {
    const { registration, user } = await freshAccount();
    return { path: '/api/auth/sessions/revoke-all', user, ...json({ password: registration.password }) };
  },
  'GET /api/auth/mfa': async () => ({ path: '/api/auth/mfa', user: { token: world.account.token } }),
  'POST /api/auth/mfa/totp': async () => {
    const { registration, user } = await freshAccount();
    return { path: '/api/auth/mfa/totp', user, ...json({ current_password: registration.password }) };
  },
  'POST /api/auth/mfa/totp/confirm': async () => {
    const account = await registered();
    const { secret } = (await startEnrolment(account)).body.data;
    return { path: '/api/auth/mfa/totp/confirm', user: { token: account.accessToken }, ...json({ code: codeFor(secret) }) };
  },
  'POST /api/auth/mfa/disable': async () => {
    const account = await accountWithSecondFactor();
    return { path: '/api/auth/mfa/disable', user: account.user, ...account.ownerProof() };
  },
  'POST /api/auth/mfa/recovery-codes': async () => {
    const account = await accountWithSecondFactor();
    return { path: '/api/auth/mfa/recovery-codes', user: account.user, ...account.ownerProof() };
  },
  'POST /api/auth/password/forgot': async () => ({ path: '/api/auth/password/forgot', ...json({ email: `forgot.${newId().toLowerCase()}@example.com` }) }),
  'POST /api/auth/password/reset': async () => ({ path: '/api/auth/password/reset', ...json({ token: await resetToken(), new_password: 'difference-engine-1822' }) }),
  'GET /password/reset/{token}': async () => ({ path: `/password/reset/${await resetToken()}` }),
  'POST /password/reset/{token}': async () => ({ path: `/password/reset/${await resetToken()}`, ...form('new_password=difference-engine-1822&confirm_password=difference-engine-1822') }),
  'GET /password/reset': async () => ({ path: '/password/reset', headers: { cookie: linkCookie(mailedLinks.passwordReset, await resetToken()) } }),
  'POST /password/reset': async () => ({ path: '/password/reset', ...formWithCookie('new_password=difference-engine-1822&confirm_password=difference-engine-1822', mailedLinks.passwordReset, await resetToken()) }),
  'POST /api/auth/email/verify': async () => {
    const { registration } = await freshAccount();
    return { path: '/api/auth/email/verify', user: null, ...json({ token: await mailedVerificationToken(registration.email) }) };
  },
  'POST /api/auth/email/resend': async () => ({ path: '/api/auth/email/resend', user: { token: (await freshAccount()).token } }),
  'POST /api/realtime/ticket': async () => ({ path: '/api/realtime/ticket', user: { token: world.account.token } }),
  'PUT /api/auth/email': async () => {
    const { registration, token } = await freshAccount();
    return { path: '/api/auth/email', user: { token }, ...json({ new_email: `moved.${newId().toLowerCase()}@example.org`, password: registration.password }) };
  },
  'GET /verify-email/{token}': async () => ({ path: '/verify-email/01JD3M8W6ZQ4V7N2K5T9X1B3C8.link-from-the-mail', user: null }),
  'POST /verify-email/{token}': async () => {
    const { registration } = await freshAccount();
    return { path: `/verify-email/${encodeURIComponent(await mailedVerificationToken(registration.email))}`, user: null, rawBody: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  },
  'GET /verify-email': async () => ({ path: '/verify-email', user: null, headers: { cookie: linkCookie(mailedLinks.verifyEmail, '01JD3M8W6ZQ4V7N2K5T9X1B3C8.link-from-the-mail') } }),
  'POST /verify-email': async () => {
    const { registration } = await freshAccount();
    return { path: '/verify-email', user: null, ...formWithCookie('', mailedLinks.verifyEmail, await mailedVerificationToken(registration.email)) };
  },

  'GET /api/notifications': async () => {
    await notification();
    return { path: '/api/notifications', query: { unread: 'true', limit: '10' } };
  },
  'POST /api/notifications/{id}/read': async () => ({ path: `/api/notifications/${await notification()}/read` }),
  'POST /api/notifications/read-all': async () => {
    await notification();
    return { path: '/api/notifications/read-all' };
  },

  'GET /api/events': async () => ({ path: '/api/events', query: { limit: '5' } }),
  'POST /api/events': async () => ({ path: '/api/events', ...json({ name: 'Launch party', date: '2027-09-01', time: '19:00', timezone: 'Europe/Paris', type: 'party' }) }),
  'GET /api/events/{id}': async () => ({ path: events() }),
  'PUT /api/events/{id}': async () => ({ path: events(), ...json({ description: 'Garden ceremony' }) }),
  'DELETE /api/events/{id}': async () => ({ path: `/api/events/${await newEvent()}` }),
  'GET /api/events/{id}/activity': async () => ({ path: `${events()}/activity` }),

  'GET /api/events/{id}/budget': async () => ({ path: `${events()}/budget` }),
  'PUT /api/events/{id}/budget': async () => ({ path: `${events()}/budget`, ...json({ allocations: { venue: 5000 }, exchange_rates: { USD: 0.8 } }) }),
  'POST /api/events/{id}/budget/items': async () => ({ path: `${events()}/budget/items`, ...json({ category: 'catering', description: 'Dinner', per_guest: true, unit_cost: 80, due_date: '2027-01-10' }) }),
  'PUT /api/budget/items/{id}': async () => ({ path: `/api/budget/items/${(await budgetItem()).id}`, ...json({ actual_cost: 120 }) }),
  'DELETE /api/budget/items/{id}': async () => ({ path: `/api/budget/items/${(await budgetItem()).id}` }),
  'POST /api/budget/items/{id}/payments': async () => ({ path: `/api/budget/items/${(await budgetItem()).id}/payments`, ...json({ amount: 40, method: 'card' }) }),
  'DELETE /api/budget/items/{id}/payments/{paymentId}': async () => {
    const item = await budgetItem();
    const payment = await made(`/api/budget/items/${item.id}/payments`, { amount: 10 });
    return { path: `/api/budget/items/${item.id}/payments/${payment.id}` };
  },

  'GET /api/events/{id}/vendors': async () => {
    await vendor();
    return { path: `${events()}/vendors` };
  },
  'POST /api/events/{id}/vendors': async () => ({ path: `${events()}/vendors`, ...json({ name: 'Le Traiteur', service_type: 'Caterer', email: 'chef@example.com', cost: 9000, status: 'booked' }) }),
  'PUT /api/vendors/{id}': async () => ({ path: `/api/vendors/${(await vendor()).id}`, ...json({ status: 'booked', cost: 1500 }) }),
  'DELETE /api/vendors/{id}': async () => ({ path: `/api/vendors/${(await vendor()).id}` }),
  'GET /api/vendors/{id}/payment-plan': async () => ({ path: `/api/vendors/${(await plannedVendor()).id}/payment-plan` }),
  'PUT /api/vendors/{id}/payment-plan': async () => ({
    path: `/api/vendors/${(await vendor()).id}/payment-plan`,
    ...json({ contract_status: 'signed', contract_document_id: (await document()).id, installments: [{ kind: 'deposit', due_date: '2027-01-15', amount: 500 }] }),
  }),
  'POST /api/vendors/{id}/payment-plan/payments': async () => {
    const planned = await plannedVendor();
    return { path: `/api/vendors/${planned.id}/payment-plan/payments`, ...json({ installment_id: planned.installmentId, amount: 100, method: 'card' }) };
  },
  'GET /api/events/{id}/budget/cash-flow': async () => {
    await plannedVendor();
    return { path: `${events()}/budget/cash-flow` };
  },

  'GET /api/events/{id}/documents': async () => {
    await document();
    return { path: `${events()}/documents` };
  },
  'POST /api/events/{id}/documents': async () => ({ path: `${events()}/documents`, ...json(pdf) }),
  'GET /api/documents/{id}': async () => ({ path: `/api/documents/${(await document()).id}` }),
  'POST /api/documents/{id}/versions': async () => ({ path: `/api/documents/${(await document()).id}/versions`, ...json({ content_type: 'image/png', size: 2048 }) }),
  'POST /api/documents/{id}/versions/{version}/confirm': async () => {
    const created = await document();
    const uploaded = await fetch(created.upload.url, { method: 'PUT', headers: created.upload.headers, body: pdfBytes(11) });
    expect(uploaded.ok).toBe(true);
    return { path: `/api/documents/${created.id}/versions/1/confirm` };
  },
  'GET /api/documents/{id}/versions/{version}/download': async () => {
    const created = await document();
    expect((await fetch(created.upload.url, { method: 'PUT', headers: created.upload.headers, body: pdfBytes(11) })).ok).toBe(true);
    await expectStatus(200, world.organizer, 'POST', `/api/documents/${created.id}/versions/1/confirm`);
    // The local bus runs the stub malware scan of the confirmed upload; once it is clean, there is a download.
    await testEventBus.idle();
    return { path: `/api/documents/${created.id}/versions/1/download` };
  },
  'DELETE /api/documents/{id}': async () => ({ path: `/api/documents/${(await document()).id}` }),

  'GET /api/events/{id}/guests': async () => {
    await guest();
    return { path: `${events()}/guests`, query: { sort: 'name' } };
  },
  'POST /api/events/{id}/guests': async () => ({ path: `${events()}/guests`, ...json({ guest_list: [{ name: 'Caroline Herschel', email: 'caroline@example.com' }, { name: 'Twin', email: 'caroline@example.com' }] }) }),
  'POST /api/events/{id}/guests/import': async () => ({
    path: `${events()}/guests/import`,
    rawBody: 'name,email\nEmmy Noether,emmy@example.com\n,no-name@example.com\n',
    headers: { 'content-type': 'text/csv' },
  }),
  'GET /api/events/{id}/guests/export': async () => ({ path: `${events()}/guests/export` }),
  'GET /api/events/{id}/guests/imports/{jobId}': async () => {
    // A file just over the size added in the request: its 202 is held to the document too.
    const importRoute = byKey.get('POST /api/events/{id}/guests/import') as RouteDefinition;
    const eventId = await newEvent();
    const rows = Array.from({ length: SYNC_IMPORT_MAX_ROWS + 1 }, (_, index) => `Imported ${index},imported.${index}@example.com`);
    const started = await send(importRoute, { user: world.organizer, path: `/api/events/${eventId}/guests/import`, rawBody: ['name,email', ...rows].join('\n'), headers: { 'content-type': 'text/csv' } });
    await expectDocumentedSuccess(importRoute, started);
    return { path: String(started.headers.Location) };
  },
  'POST /api/events/{id}/guests/purge': async () => {
    const eventId = await newEvent();
    await made(`/api/events/${eventId}/guests`, { name: 'Mary Somerville', email: 'mary@example.com' });
    return { path: `/api/events/${eventId}/guests/purge`, ...json({ force: true }) };
  },
  'GET /api/events/{id}/questions': async () => {
    await question();
    return { path: `${events()}/questions` };
  },
  'POST /api/events/{id}/questions': async () => ({ path: `${events()}/questions`, ...json({ kind: 'multiple_choice', label: 'Also coming to', options: [{ id: 'brunch', label: 'Sunday brunch' }, { id: 'hike', label: 'The hike' }] }) }),
  'GET /api/events/{id}/questions/export': async () => {
    await question();
    return { path: `${events()}/questions/export` };
  },
  'PUT /api/questions/{id}': async () => ({ path: `/api/questions/${(await question()).id}`, ...json({ label: 'Main course', options: [{ id: 'beef', label: 'Beef', retired: true }, { id: 'fish', label: 'Fish' }, { label: 'Vegetarian' }] }) }),
  'DELETE /api/questions/{id}': async () => ({ path: `/api/questions/${(await question()).id}` }),
  'GET /api/events/{id}/sub-events': async () => {
    await subEvent();
    return { path: `${events()}/sub-events` };
  },
  'POST /api/events/{id}/sub-events': async () => ({ path: `${events()}/sub-events`, ...json({ title: 'Ceremony', starts_at: '2027-06-20T15:00:00Z', location_name: 'Chapel' }) }),
  'GET /api/sub-events/{id}': async () => ({ path: `/api/sub-events/${(await subEvent()).id}` }),
  'PUT /api/sub-events/{id}': async () => ({ path: `/api/sub-events/${(await subEvent()).id}`, ...json({ capacity: 50, ends_at: '2027-06-19T22:00:00Z' }) }),
  'DELETE /api/sub-events/{id}': async () => ({ path: `/api/sub-events/${(await subEvent()).id}` }),
  'POST /api/sub-events/{id}/guests': async () => ({ path: `/api/sub-events/${(await subEvent()).id}/guests`, ...json({ add: [(await guest()).id] }) }),
  'GET /api/guests/{id}/sub-events': async () => {
    const { id } = await guest();
    await expectStatus(200, world.organizer, 'PUT', `/api/guests/${id}/sub-events`, { body: { sub_event_ids: [(await subEvent()).id] } });
    return { path: `/api/guests/${id}/sub-events` };
  },
  'PUT /api/guests/{id}/sub-events': async () => ({ path: `/api/guests/${(await guest()).id}/sub-events`, ...json({ sub_event_ids: [(await subEvent()).id] }) }),
  'POST /api/events/{id}/parties': async () => ({ path: `${events()}/parties`, ...json({ name: 'The Somervilles', member_ids: [(await guest()).id], seating: 'as_many_as_fit' }) }),
  'GET /api/events/{id}/parties': async () => {
    await party();
    return { path: `${events()}/parties` };
  },
  'GET /api/parties/{id}': async () => ({ path: `/api/parties/${(await party()).id}` }),
  'PUT /api/parties/{id}': async () => ({ path: `/api/parties/${(await party()).id}`, ...json({ name: 'The Somerville family' }) }),
  'DELETE /api/parties/{id}': async () => ({ path: `/api/parties/${(await party()).id}` }),
  'POST /api/parties/{id}/rsvp': async () => {
    const made = await party();
    return { path: `/api/parties/${made.id}/rsvp`, ...json({ members: [{ guest_id: made.member_ids[0], status: 'yes' }] }) };
  },
  'POST /api/parties/{id}/invitation-link': async () => ({ path: `/api/parties/${(await party()).id}/invitation-link` }),
  'GET /api/party-rsvp': async () => ({ path: '/api/party-rsvp', headers: { 'invitation-code': codeOf(await party()) } }),
  'POST /api/party-rsvp': async () => {
    const made = await party();
    return { path: '/api/party-rsvp', headers: { 'invitation-code': codeOf(made) }, ...json({ members: [{ guest_id: made.member_ids[0], status: 'maybe' }] }) };
  },
  'POST /api/events/{id}/announcements': async () => ({ path: `${events()}/announcements`, ...json({ subject: 'Shuttle', message: 'At 15:00', segment: 'all' }) }),
  'GET /api/events/{id}/announcements': async () => ({ path: `${events()}/announcements` }),
  'POST /api/events/{id}/announcements/{announcementId}/cancel': async () => ({ path: `${events()}/announcements/${(await announcement({ send_at: new Date(Date.now() + 3_600_000).toISOString() })).id}/cancel` }),
  'PUT /api/events/{id}/announcements/{announcementId}': async () => ({ path: `${events()}/announcements/${(await announcement({ send_at: new Date(Date.now() + 3_600_000).toISOString() })).id}`, ...json({ subject: 'Shuttle (new time)' }) }),
  'GET /api/events/{id}/announcements/{announcementId}/recipients': async () => ({ path: `${events()}/announcements/${(await announcement()).id}/recipients` }),
  'GET /api/events/{id}/calendar-feed': async () => {
    await made(`${events()}/calendar-feed`, undefined);
    return { path: `${events()}/calendar-feed` };
  },
  'POST /api/events/{id}/calendar-feed': async () => ({ path: `${events()}/calendar-feed` }),
  'DELETE /api/events/{id}/calendar-feed': async () => {
    await made(`${events()}/calendar-feed`, undefined);
    return { path: `${events()}/calendar-feed` };
  },
  'GET /calendar/{token}': async () => ({ path: new URL(String((await made(`${events()}/calendar-feed`, undefined)).url)).pathname }),
  'GET /api/events/{id}/webhooks': async () => ({ path: (await webhook()).hooks }),
  'POST /api/events/{id}/webhooks': async () => ({ path: `${events()}/webhooks`, ...json({ url: 'https://93.184.215.14/contract', event_types: ['rsvp.changed'] }) }),
  'GET /api/events/{id}/webhooks/{webhookId}': async () => ({ path: await webhookPath() }),
  'DELETE /api/events/{id}/webhooks/{webhookId}': async () => ({ path: await webhookPath() }),
  'POST /api/events/{id}/webhooks/{webhookId}/secret': async () => ({ path: `${await webhookPath()}/secret` }),
  'POST /api/events/{id}/webhooks/{webhookId}/enable': async () => ({ path: `${await webhookPath()}/enable` }),
  'GET /api/events/{id}/webhooks/{webhookId}/deliveries': async () => {
    const { hooks, endpointId } = await webhookDelivery();
    return { path: `${hooks}/${endpointId}/deliveries` };
  },
  'POST /api/events/{id}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver': async () => {
    const { hooks, endpointId, deliveryId } = await webhookDelivery();
    return { path: `${hooks}/${endpointId}/deliveries/${deliveryId}/redeliver` };
  },
  'GET /api/events/{id}/tables': async () => {
    await seatedTable();
    return { path: `${events()}/tables` };
  },
  'POST /api/events/{id}/tables': async () => ({ path: `${events()}/tables`, ...json({ name: 'Family', shape: 'rectangle', seats: 12 }) }),
  'PUT /api/tables/{id}': async () => ({ path: `/api/tables/${(await seatedTable()).table.id}`, ...json({ name: 'Head table' }) }),
  'DELETE /api/tables/{id}': async () => ({ path: `/api/tables/${(await made(`${events()}/tables`, { name: 'Spare', seats: 4 })).id}` }),
  'PUT /api/tables/{id}/seats/{seat}': async () => {
    const { table, guest: seated } = await seatedTable();
    return { path: `/api/tables/${table.id}/seats/2`, ...json({ guest_id: seated.id, plus_one: 0 }) };
  },
  'DELETE /api/tables/{id}/seats/{seat}': async () => ({ path: `/api/tables/${(await seatedTable()).table.id}/seats/1` }),
  'GET /api/events/{id}/seating/constraints': async () => ({ path: `${events()}/seating/constraints` }),
  'PUT /api/events/{id}/seating/constraints': async () => {
    const [a, b] = [await guest(), await guest()];
    return { path: `/api/events/${(await newEvent())}/seating/constraints`, ...json({ constraints: [{ kind: 'apart', guest_ids: [a.id, b.id] }] }) };
  },
  'GET /api/events/{id}/seating/proposal': async () => {
    const waiting = await guest();
    await expectStatus(200, world.organizer, 'POST', `/api/guests/${waiting.id}/rsvp`, { body: { status: 'yes' } });
    await seatedTable();
    return { path: `${events()}/seating/proposal` };
  },
  'POST /api/events/{id}/seating/proposal/accept': async () => {
    const { table } = await seatedTable();
    const waiting = await guest();
    await expectStatus(200, world.organizer, 'POST', `/api/guests/${waiting.id}/rsvp`, { body: { status: 'yes' } });
    return { path: `${events()}/seating/proposal/accept`, ...json({ assignments: [{ table_id: table.id, seat_number: 2, guest_id: waiting.id, plus_one: 0 }, { table_id: table.id, seat_number: 1, guest_id: waiting.id, plus_one: 0 }] }) };
  },
  'GET /api/events/{id}/seating/export': async () => {
    await seatedTable();
    return { path: `${events()}/seating/export` };
  },
  'GET /api/tables/{id}/escort-cards': async () => ({ path: `/api/tables/${(await seatedTable()).table.id}/escort-cards` }),
  'GET /api/guests/{id}': async () => ({ path: `/api/guests/${(await guest()).id}` }),
  'PUT /api/guests/{id}': async () => ({ path: `/api/guests/${(await guest()).id}`, ...json({ party_name: 'Somervilles', dietary_restrictions: ['vegan'] }) }),
  'DELETE /api/guests/{id}': async () => ({ path: `/api/guests/${(await guest()).id}` }),
  'POST /api/guests/{id}/invitation-link': async () => ({ path: `/api/guests/${(await guest()).id}/invitation-link` }),
  'POST /api/guests/{id}/rsvp': async () => ({ path: `/api/guests/${(await guest()).id}/rsvp`, ...json({ status: 'attending', note: 'By phone' }) }),
  'POST /api/events/{id}/check-ins': async () => ({ path: `${events()}/check-ins`, ...json({ code: await checkInCode(), device_id: 'door-1' }) }),
  'POST /api/events/{id}/check-ins/batch': async () => ({ path: `${events()}/check-ins/batch`, ...json({ device_id: 'door-1', scans: [{ code: await checkInCode(), scanned_at: '2027-05-01T18:00:00Z' }, { code: 'unknown', scanned_at: '2027-05-01T18:01:00Z' }] }) }),
  'GET /api/events/{id}/check-ins': async () => {
    await checkInCode();
    return { path: `${events()}/check-ins` };
  },
  'POST /api/guests/{id}/check-in-code': async () => ({ path: `/api/guests/${(await guest()).id}/check-in-code` }),

  'GET /api/rsvp': async () => ({ path: '/api/rsvp', headers: { 'invitation-code': codeOf(await guest()) } }),
  'POST /api/rsvp': async () => ({ path: '/api/rsvp', headers: { 'invitation-code': codeOf(await guest()) }, ...json({ status: 'maybe' }) }),
  'GET /api/rsvp/{code}': async () => ({ path: `/api/rsvp/${codeOf(await guest())}` }),
  'POST /api/rsvp/{code}': async () => ({ path: `/api/rsvp/${codeOf(await guest())}`, ...json({ status: 'maybe' }) }),
  'GET /rsvp/{code}': async () => ({ path: `/rsvp/${codeOf(await guest())}` }),
  'POST /rsvp/{code}': async () => ({
    path: `/rsvp/${codeOf(await guest())}`,
    rawBody: 'status=yes&plus_one_count=0&dietary_restrictions=&note=',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }),
  'GET /rsvp': async () => ({ path: '/rsvp', headers: { cookie: linkCookie(mailedLinks.rsvp, codeOf(await guest())) } }),
  'GET /rsvp/calendar.ics': async () => ({ path: '/rsvp/calendar.ics', headers: { cookie: linkCookie(mailedLinks.rsvp, codeOf(await guest())) } }),
  'POST /rsvp': async () => ({ path: '/rsvp', ...formWithCookie('status=yes&plus_one_count=0&dietary_restrictions=&note=', mailedLinks.rsvp, codeOf(await guest())) }),

  'POST /api/events/{id}/invitations': async () => {
    await guest();
    return { path: `${events()}/invitations`, ...json({ invitation_template: { subject: 'Join us', body: 'Dear {{guest_name}}, {{rsvp_link}}' } }) };
  },
  'GET /api/events/{id}/invitations': async () => ({ path: `${events()}/invitations` }),

  'GET /api/events/{id}/timeline': async () => {
    const first = await timelineItem();
    await made(`${events()}/timeline`, { title: 'Then', due_date: '2027-05-10', depends_on: [first.id] });
    return { path: `${events()}/timeline` };
  },
  'POST /api/events/{id}/timeline': async () => ({ path: `${events()}/timeline`, ...json({ title: 'Tasting', due_date: '2027-04-01T10:00:00Z', priority: 'high' }) }),
  'PUT /api/timeline/{id}': async () => ({ path: `/api/timeline/${(await timelineItem()).id}`, ...json({ status: 'completed' }) }),
  'DELETE /api/timeline/{id}': async () => ({ path: `/api/timeline/${(await timelineItem()).id}` }),

  'GET /api/events/{id}/checklist': async () => {
    await checklistItem();
    return { path: `${events()}/checklist` };
  },
  'POST /api/events/{id}/checklist': async () => ({ path: `/api/events/${await newEvent()}/checklist`, ...json({ template: 'wedding' }) }),
  'PUT /api/checklist/{id}': async () => ({ path: `/api/checklist/${(await checklistItem()).id}`, ...json({ completed: true }) }),
  'DELETE /api/checklist/{id}': async () => ({ path: `/api/checklist/${(await checklistItem()).id}` }),

  'GET /api/events/{id}/team': async () => {
    await made(`${events()}/team`, { email: `someone.${Math.random().toString(36).slice(2)}@example.com`, role: 'viewer' });
    return { path: `${events()}/team` };
  },
  'POST /api/events/{id}/team': async () => ({ path: `${events()}/team`, ...json({ user_id: (await signedInUser()).userId, role: 'assistant' }) }),
  'POST /api/events/{id}/team/accept': async () => {
    const invited = await signedInUser();
    await made(`${events()}/team`, { user_id: invited.userId, role: 'viewer' });
    return { path: `${events()}/team/accept`, user: invited };
  },
  'GET /team-invitations/{token}': async () => {
    const address = `someone.${Math.random().toString(36).slice(2)}@example.com`;
    await made(`${events()}/team`, { email: address, role: 'viewer' });
    return { path: `/team-invitations/${await tokenMailedTo(address)}` };
  },
  'GET /team-invitations': async () => {
    const address = `someone.${Math.random().toString(36).slice(2)}@example.com`;
    await made(`${events()}/team`, { email: address, role: 'viewer' });
    return { path: '/team-invitations', headers: { cookie: linkCookie(mailedLinks.teamInvitation, await tokenMailedTo(address)) } };
  },
  'POST /api/events/{id}/transfer': async () => {
    const eventId = await newEvent();
    const heir = await signedInUser();
    await addMember(eventId, heir.userId, 'coordinator');
    return { path: `/api/events/${eventId}/transfer`, ...json({ user_id: heir.userId }) };
  },
  'PUT /api/events/{id}/team/mfa-requirement': async () => {
    await markSecondFactorOn(world.organizer.userId);
    return { path: `/api/events/${await newEvent()}/team/mfa-requirement`, ...json({ team_mfa_required: true }) };
  },
  'PUT /api/team/{id}': async () => {
    const member = await signedInUser();
    await addMember(world.eventId, member.userId, 'assistant');
    return { path: `/api/team/${world.eventId}${member.userId}`, ...json({ role: 'viewer', permissions: { guests: 'read' } }) };
  },
  'DELETE /api/team/{id}': async () => {
    const member = await signedInUser();
    await addMember(world.eventId, member.userId, 'viewer');
    return { path: `/api/team/${world.eventId}${member.userId}` };
  },
};

/** Refusals that only some routes have: the public ones cannot be refused for a missing token. */
const ownRefusals: Record<string, { status: number; call: () => Promise<ContractCall> }> = {
  'GET /docs/{asset}': { status: 400, call: async () => ({ path: '/docs/index.html' }) },
  'POST /api/auth/register': { status: 409, call: async () => ({ path: '/api/auth/register', ...json(newRegistration({ username: world.account.login })) }) },
  'POST /api/auth/login': { status: 401, call: async () => ({ path: '/api/auth/login', ...json({ login: world.account.login, password: 'not-the-password' }) }) },
  'POST /api/auth/login/mfa': { status: 401, call: async () => ({ path: '/api/auth/login/mfa', ...json({ challenge: randomSecret(), code: '123456' }) }) },
  'POST /api/auth/mfa/totp': { status: 403, call: async () => ({ path: '/api/auth/mfa/totp', user: (await freshAccount()).user, ...json({ current_password: 'not-the-password' }) }) },
  'POST /api/auth/mfa/totp/confirm': { status: 409, call: async () => ({ path: '/api/auth/mfa/totp/confirm', user: (await freshAccount()).user, ...json({ code: '123456' }) }) },
  'POST /api/auth/mfa/disable': { status: 409, call: async () => {
    const { registration, user } = await freshAccount();
    return { path: '/api/auth/mfa/disable', user, ...json({ current_password: registration.password, code: '123456' }) };
  } },
  'POST /api/auth/mfa/recovery-codes': { status: 403, call: async () => ({ path: '/api/auth/mfa/recovery-codes', user: (await accountWithSecondFactor()).user, ...json({ current_password: 'not-the-password', code: '123456' }) }) },
  'PUT /api/events/{id}/team/mfa-requirement': { status: 409, call: async () => ({ path: `/api/events/${await newEvent()}/team/mfa-requirement`, ...json({ team_mfa_required: true, version: 9 }) }) },
  'POST /api/auth/refresh': { status: 401, call: async () => ({ path: '/api/auth/refresh', ...json({ refresh_token: 'forged.token' }) }) },
  'DELETE /api/auth/sessions/{session_id}': { status: 404, call: async () => {
    const { registration, user } = await freshAccount();
    return { path: '/api/auth/sessions/01J0000000000000000000000X', user, ...json({ password: registration.password }) };
  } },
  'POST /api/auth/sessions/revoke-all': { status: 403, call: async () => ({ path: '/api/auth/sessions/revoke-all', user: (await freshAccount()).user, ...json({ password: 'not-the-password' }) }) },
  'DELETE /api/auth/user': { status: 403, call: async () => ({ path: '/api/auth/user', user: (await freshAccount()).user, ...json({ password: 'not-the-password' }) }) },
  'PUT /api/auth/password': { status: 403, call: async () => ({ path: '/api/auth/password', user: (await freshAccount()).user, ...json({ current_password: 'not-the-password', new_password: 'difference-engine-1822' }) }) },
  'POST /api/auth/password/reset': { status: 400, call: async () => ({ path: '/api/auth/password/reset', ...json({ token: 'not-a-token', new_password: 'difference-engine-1822' }) }) },
  'GET /password/reset/{token}': { status: 400, call: async () => ({ path: `/password/reset/${overlong}` }) },
  'POST /password/reset/{token}': { status: 400, call: async () => ({ path: `/password/reset/${overlong}`, ...form('new_password=difference-engine-1822&confirm_password=other') }) },
  'GET /password/reset': { status: 400, call: async () => ({ path: '/password/reset', headers: { cookie: linkCookie(mailedLinks.passwordReset, 'not-a-token') } }) },
  'POST /password/reset': { status: 400, call: async () => ({ path: '/password/reset', ...formWithCookie('new_password=difference-engine-1822&confirm_password=other', mailedLinks.passwordReset, await resetToken()) }) },
  'POST /api/auth/email/verify': { status: 400, call: async () => ({ path: '/api/auth/email/verify', user: null, ...json({ token: 'used-or-unknown' }) }) },
  'POST /api/auth/email/resend': { status: 409, call: async () => ({ path: '/api/auth/email/resend' }) },
  'PUT /api/auth/email': { status: 403, call: async () => ({ path: '/api/auth/email', user: { token: (await freshAccount()).token }, ...json({ new_email: 'moved.away@example.org', password: 'not-the-password' }) }) },
  'GET /verify-email/{token}': { status: 400, call: async () => ({ path: `/verify-email/${overlong}`, user: null }) },
  'POST /verify-email/{token}': { status: 400, call: async () => ({ path: `/verify-email/${overlong}`, user: null, rawBody: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } }) },
  'GET /verify-email': { status: 400, call: async () => ({ path: '/verify-email', user: null }) },
  'POST /verify-email': { status: 400, call: async () => ({ path: '/verify-email', user: null, ...formWithCookie('', mailedLinks.verifyEmail, 'used-or-unknown') }) },
  'PUT /api/auth/user/preferences': { status: 400, call: async () => ({ path: '/api/auth/user/preferences', ...json({ email_notifications: { 'no.such.kind': true } }) }) },
  'GET /api/documents/{id}/versions/{version}/download': { status: 409, call: async () => ({ path: `/api/documents/${(await document()).id}/versions/1/download` }) },
  'POST /api/events/{id}/guests/purge': { status: 409, call: async () => ({ path: `/api/events/${await newEvent()}/guests/purge` }) },
  'PUT /api/events/{id}': { status: 409, call: async () => {
    // Version 1 is stale once the event has been changed once.
    await expectStatus(200, world.organizer, 'PUT', events(), { body: { description: 'Changed before the stale write' } });
    return { path: events(), ...json({ name: 'Stale', version: 1 }) };
  } },
  'POST /api/events/{id}/guests/import': { status: 415, call: async () => ({ path: `${events()}/guests/import`, rawBody: 'name\nX\n', headers: { 'content-type': 'application/pdf' } }) },
  'POST /api/events/{id}/team/accept': { status: 409, call: async () => {
    const address = `someone.${Math.random().toString(36).slice(2)}@example.com`;
    await made(`${events()}/team`, { email: address, role: 'viewer' });
    const token = await tokenMailedTo(address);
    await expectStatus(200, await signedInUser(), 'POST', `${events()}/team/accept`, { body: { token } });
    return { path: `${events()}/team/accept`, user: await signedInUser(), ...json({ token }) };
  } },
  'GET /team-invitations/{token}': { status: 400, call: async () => ({ path: `/team-invitations/${overlong}` }) },
  'GET /calendar/{token}': { status: 404, call: async () => ({ path: '/calendar/not-a-feed-token', user: null }) },
  'GET /team-invitations': { status: 404, call: async () => ({ path: '/team-invitations', headers: { cookie: linkCookie(mailedLinks.teamInvitation, 'x'.repeat(43)) } }) },
  'GET /rsvp/{code}': { status: 400, call: async () => ({ path: `/rsvp/${overlong}` }) },
  'POST /rsvp/{code}': { status: 400, call: async () => ({ path: `/rsvp/${overlong}`, rawBody: 'status=perhaps', headers: { 'content-type': 'application/x-www-form-urlencoded' } }) },
  'GET /rsvp': { status: 400, call: async () => ({ path: '/rsvp' }) },
  'GET /rsvp/calendar.ics': { status: 400, call: async () => ({ path: '/rsvp/calendar.ics' }) },
  'POST /rsvp': { status: 400, call: async () => ({ path: '/rsvp', ...formWithCookie('status=perhaps', mailedLinks.rsvp, codeOf(await guest())) }) },
  'GET /api/rsvp': { status: 400, call: async () => ({ path: '/api/rsvp', headers: { 'invitation-code': ' ' } }) },
  'GET /api/party-rsvp': { status: 400, call: async () => ({ path: '/api/party-rsvp', headers: { 'invitation-code': ' ' } }) },
};

/** Public routes that read nothing from the caller: nothing a caller sends can be refused (only a 500 is documented). */
const unrefusable = ['GET /api/openapi.json', 'GET /docs'];

const byKey = new Map(routes.map((route) => [routeKey(route), route]));
const idParams = /\{(id|code)\}/;
const opensMailedLink = (route: RouteDefinition) =>
  route.path.includes('{') && !Object.keys(contractOf(route).responses).some((status) => status.startsWith('2'));

describe('the contract test covers the route table', () => {
  it('has a valid call for every route and no call for a route that is gone', () => {
    expect(routes.map(routeKey).filter((key) => !(key in validCalls))).toEqual([]);
    expect(Object.keys(validCalls).filter((key) => !byKey.has(key))).toEqual([]);
  });

  it('lists as unrefusable only routes that document nothing but a 500', () => {
    for (const key of unrefusable) {
      const route = byKey.get(key) as RouteDefinition;
      expect(problemsOf(route, contractOf(route))).toEqual([500]);
    }
  });
});

const documented = routes.filter((route) => apiContract[route.group]?.[route.operation] && routeKey(route) in validCalls);

// One valid call per route, built once: the refusals below are sent first and change nothing (no token,
// ids that name nothing, a body that is not JSON), so the same call then succeeds; a refusal that did
// change something shows as a failed success.
const validCall = builtOnce((key): Promise<ContractCall> => (validCalls[key] as () => Promise<ContractCall>)());
const ownRefusalCall = builtOnce((key): Promise<ContractCall> => (ownRefusals[key] as { call: () => Promise<ContractCall> }).call());

/**
 * The calls built from a mailed link run the mail sender, and the download's waits on the bus: each sends
 * or runs the consumers of everything the file wrote before it (every account's verification mail, every
 * guest's invitation...). Built first, while the file has written next to nothing, they send their own.
 */
const mailReaders = ['POST /api/auth/email/verify', 'POST /verify-email/{token}', 'POST /verify-email', 'GET /team-invitations/{token}', 'GET /team-invitations', 'GET /api/documents/{id}/versions/{version}/download'];
beforeAll(async () => {
  for (const key of mailReaders) await validCall(key);
  await ownRefusalCall('POST /api/events/{id}/team/accept');
});

describe.each(documented.map((route) => [routeKey(route), route] as const))('%s', (key, route) => {

  it('refuses as documented, with problem documents', async () => {
    const call = await validCall(key);
    let refusals = 0;

    if (route.access === 'protected') {
      await expectDocumentedProblem(route, await send(route, { ...call, user: null }), 401);
      refusals += 1;
    }
    // A mailed link's path form looks nothing up (its page does): any code or token is sent on.
    if (idParams.test(route.path) && !opensMailedLink(route)) {
      // The same call on ids that name nothing: the first path id, with any later one kept plausible.
      const unknown = route.path.replace(/\{(\w+)\}/g, (_match, name: string) => (name === 'version' || name === 'seat' ? '1' : '01JD3M8W6ZQ4V7N2K5T9X1B3C8'));
      await expectDocumentedProblem(route, await send(route, { user: world.organizer, ...call, path: unknown }), 404);
      refusals += 1;
    }
    if (contractOf(route).body && (contractOf(route).body?.mediaType ?? 'application/json') === 'application/json') {
      await expectDocumentedProblem(route, await send(route, { user: world.organizer, ...call, body: undefined, rawBody: '{"name": ' }), 400);
      refusals += 1;
    }
    const own = ownRefusals[key];
    if (own) {
      await expectDocumentedProblem(route, await send(route, { user: world.organizer, ...(await ownRefusalCall(key)) }), own.status);
      refusals += 1;
    }

    expect(refusals > 0 || unrefusable.includes(key) || key === 'GET /api/health', `${key} has no refusal in this test`).toBe(true);
  });

  it('answers a valid call as documented', async () => {
    const answer = await send(route, { user: world.organizer, ...(await validCall(key)) });

    await expectDocumentedSuccess(route, answer);
  });
});

describe('GET /api/health when the table does not answer', () => {
  it('answers 503 as documented', async () => {
    const route = byKey.get('GET /api/health') as RouteDefinition;
    const name = 'contract-test-table-down';
    db().middlewareStack.add(() => async () => {
      throw Object.assign(new Error('connection refused'), { name: 'NetworkingError' });
    }, { step: 'initialize', name });
    try {
      await expectDocumentedProblem(route, await send(route, { path: '/api/health' }), 503);
    } finally {
      db().middlewareStack.remove(name);
    }
  });
});
