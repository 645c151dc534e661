import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { mailedLinks } from '../../shared/pages/mailed-link.ts';
import { routeKey, type RouteDefinition, routes } from '../../shared/routes.ts';
import type { SignedInUser } from '../support/signed-in-user.ts';
import { weddingInput } from './events-fixtures.ts';
import { codeOf } from './guests-fixtures.ts';
import { call } from './timeline-fixtures.ts';
import { partyCodeOf, partyMemberOf, seatedGuestOf } from './permission-matrix-fixtures.ts';
import { pathWith, realIdFor, type World } from './world-fixtures.ts';

/**
 * Shared by the security suites: for every route of the table, a request the world's owner may make
 * (valid body, the world's real ids), so a refusal seen by someone else is the access check speaking,
 * not validation. A route added to the table without a body here fails `everyWriteRouteHasABody`.
 */
export type SecurityRequest = { path: string; body?: unknown; rawBody?: string; headers?: Record<string, string> };

type BodyMaker = (world: World, extra: { newcomer: SignedInUser }) => Pick<SecurityRequest, 'body' | 'rawBody' | 'headers'>;

const json = (body: unknown): BodyMaker => () => ({ body });

export const validBodies: Record<string, BodyMaker> = {
  'POST /api/auth/register': () => {
    const suffix = randomUUID().slice(0, 8);
    return { body: { username: `sec_${suffix}`, email: `sec.${suffix}@example.com`, password: `violet-kettle-${suffix}`, full_name: 'Sec Tester' } };
  },
  'POST /api/auth/login': json({ login: 'nobody-here', password: 'wrong-password-123' }),
  'POST /api/auth/refresh': json({ refresh_token: 'not-a-refresh-token' }),
  'POST /api/auth/logout': () => ({}),
  'POST /api/events': json(weddingInput),
  'PUT /api/events/{id}': json({ description: 'Changed' }),
  'PUT /api/events/{id}/budget': json({ warning_threshold_percent: 80 }),
  'POST /api/events/{id}/budget/items': json({ category: 'venue', description: 'Hall', estimated_cost: 50 }),
  'PUT /api/budget/items/{id}': json({ notes: 'Changed' }),
  'POST /api/budget/items/{id}/payments': json({ amount: 5 }),
  'POST /api/events/{id}/vendors': json({ name: 'Bloom & Co', service_type: 'Florist' }),
  'PUT /api/vendors/{id}': json({ notes: 'Changed' }),
  'PUT /api/vendors/{id}/payment-plan': json({ contract_status: 'signed' }),
  'POST /api/vendors/{id}/payment-plan/payments': (world) => ({ body: { installment_id: world.ids.installment, amount: 5 } }),
  'POST /api/events/{id}/documents': json({ name: 'Seating plan', content_type: 'application/pdf', size: 10 }),
  'POST /api/documents/{id}/versions': json({ content_type: 'application/pdf', size: 20 }),
  'POST /api/documents/{id}/versions/{version}/confirm': () => ({}),
  'POST /api/events/{id}/guests': json({ name: 'New Guest', email: 'new.guest@example.com' }),
  'POST /api/events/{id}/guests/import': () => ({ rawBody: 'Name,Email\nCsv Guest,csv.guest@example.com\n', headers: { 'content-type': 'text/csv' } }),
  'PUT /api/guests/{id}': json({ notes: 'Changed' }),
  'POST /api/guests/{id}/invitation-link': () => ({}),
  'POST /api/guests/{id}/rsvp': json({ status: 'yes' }),
  'POST /api/events/{id}/questions': json({ kind: 'text', label: 'Song request' }),
  'PUT /api/questions/{id}': json({ label: 'Changed' }),
  'POST /api/events/{id}/sub-events': json({ title: 'Security dinner', starts_at: '2027-06-19T18:00:00Z' }),
  'PUT /api/sub-events/{id}': json({ description: 'Changed' }),
  'POST /api/sub-events/{id}/guests': (world) => ({ body: { add: [world.ids.guest] } }),
  'PUT /api/guests/{id}/sub-events': (world) => ({ body: { sub_event_ids: [world.ids.subEvent] } }),
  'POST /api/events/{id}/parties': json({ name: 'Party' }),
  'PUT /api/parties/{id}': json({ name: 'Changed' }),
  'GET /api/party-rsvp': (world) => ({ headers: { 'invitation-code': partyCodeOf.get(world.ids.party) ?? '' } }),
  'POST /api/party-rsvp': (world) => ({
    body: { members: [{ guest_id: partyMemberOf.get(world.ids.party), status: 'no' }] },
    headers: { 'invitation-code': partyCodeOf.get(world.ids.party) ?? '' },
  }),
  'POST /api/parties/{id}/invitation-link': () => ({}),
  'POST /api/parties/{id}/rsvp': (world) => ({ body: { members: [{ guest_id: partyMemberOf.get(world.ids.party), status: 'no' }] } }),
  'POST /api/events/{id}/check-ins': (world) => ({ body: { code: world.ids.checkInCode, device_id: 'security' } }),
  'POST /api/events/{id}/check-ins/batch': (world) => ({ body: { device_id: 'security', scans: [{ code: world.ids.checkInCode, scanned_at: '2027-05-01T18:00:00Z' }] } }),
  'POST /api/guests/{id}/check-in-code': () => ({}),
  'POST /api/rsvp/{code}': json({ status: 'yes' }),
  'POST /api/rsvp': (world) => ({ body: { status: 'yes' }, headers: { 'invitation-code': world.code } }),
  'GET /api/rsvp': (world) => ({ headers: { 'invitation-code': world.code } }),
  'GET /rsvp': (world) => ({ headers: { cookie: `${mailedLinks.rsvp.cookie}=${world.code}` } }),
  'GET /rsvp/calendar.ics': (world) => ({ headers: { cookie: `${mailedLinks.rsvp.cookie}=${world.code}` } }),
  'POST /rsvp/{code}': () => ({ rawBody: 'status=yes', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  'POST /rsvp': (world) => ({ rawBody: 'status=yes', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${mailedLinks.rsvp.cookie}=${world.code}` } }),
  'POST /api/events/{id}/invitations': (world) => ({ body: { guest_ids: [world.ids.guest], invitation_template: 'formal' } }),
  'POST /api/events/{id}/timeline': json({ title: 'Book the band', due_date: '2027-05-01' }),
  'PUT /api/timeline/{id}': json({ status: 'in_progress' }),
  'POST /api/events/{id}/checklist': json({ task: 'Order cake' }),
  'PUT /api/checklist/{id}': json({ completed: true }),
  'POST /api/events/{id}/team': (_world, { newcomer }) => ({ body: { user_id: newcomer.userId, role: 'viewer' } }),
  'POST /api/events/{id}/team/accept': () => ({}),
  'POST /api/events/{id}/transfer': (world) => ({ body: { user_id: world.member.userId } }),
  'PUT /api/team/{id}': json({ role: 'viewer' }),
  'PUT /api/events/{id}/team/mfa-requirement': json({ team_mfa_required: true }),
  'POST /api/events/{id}/guests/purge': json({ force: true }),
  'PUT /api/auth/user/preferences': json({ email_notifications: {} }),
  // Valid shapes that change nothing of the world's owner: a wrong current password, an unknown token.
  'DELETE /api/auth/user': json({ password: 'not-the-password' }),
  'PUT /api/auth/password': json({ current_password: 'not-the-password', new_password: 'difference-engine-1822' }),
  'POST /api/auth/sessions/revoke-all': json({ password: 'not-the-password' }),
  'POST /api/auth/password/forgot': json({ email: 'nobody.here@example.com' }),
  'POST /api/auth/password/reset': json({ token: '01JD3M8W6ZQ4V7N2K5T9X1B3C8.q8Xw0cJ3f7Yv2mZk9LpT4sRb6nHd1gEa5uWi0oQyKjc', new_password: 'difference-engine-1822' }),
  'POST /password/reset/{token}': () => ({ rawBody: 'new_password=difference-engine-1822&confirm_password=difference-engine-1822', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  'POST /password/reset': () => ({ rawBody: 'new_password=difference-engine-1822&confirm_password=difference-engine-1822', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${mailedLinks.passwordReset.cookie}=not-a-reset-token` } }),
  'POST /api/auth/email/verify': json({ token: 'not-a-verification-token' }),
  'POST /api/auth/email/resend': () => ({}),
  'POST /api/realtime/ticket': () => ({}),
  'POST /api/auth/login/mfa': json({ challenge: 'not-a-challenge', code: '123456' }),
  'POST /api/auth/mfa/totp': json({ current_password: 'not-the-password' }),
  'POST /api/auth/mfa/totp/confirm': json({ code: '123456' }),
  'POST /api/auth/mfa/disable': json({ current_password: 'not-the-password', code: '123456' }),
  'POST /api/auth/mfa/recovery-codes': json({ current_password: 'not-the-password', code: '123456' }),
  'PUT /api/auth/email': json({ new_email: 'sec.moved@example.com', password: 'wrong-password-123' }),
  'POST /verify-email/{token}': () => ({ rawBody: 'confirm=yes', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  'POST /verify-email': () => ({ rawBody: 'confirm=yes', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${mailedLinks.verifyEmail.cookie}=not-a-verification-token` } }),
  'POST /api/notifications/{id}/read': () => ({}),
  'POST /api/notifications/read-all': () => ({}),
  'POST /api/events/{id}/announcements': json({ subject: 'Shuttle', message: 'At 15:00', segment: 'all' }),
  'POST /api/events/{id}/announcements/{announcementId}/cancel': () => ({}),
  'PUT /api/events/{id}/announcements/{announcementId}': json({ subject: 'Shuttle (new time)' }),
  'POST /api/events/{id}/calendar-feed': () => ({}),
  'POST /api/events/{id}/webhooks': json({ url: 'https://93.184.215.14/security', event_types: ['document.infected'] }),
  'POST /api/events/{id}/webhooks/{webhookId}/secret': () => ({}),
  'POST /api/events/{id}/webhooks/{webhookId}/enable': () => ({}),
  'POST /api/events/{id}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver': () => ({}),
  'POST /api/events/{id}/tables': json({ name: 'Security Table', seats: 6 }),
  'PUT /api/tables/{id}': json({ shape: 'square' }),
  // The guest already in seat 1 of the world's table: a valid seat change that changes nothing.
  'PUT /api/tables/{id}/seats/{seat}': (world) => ({ body: { guest_id: seatedGuestOf.get(world.ids.seatedTable), plus_one: 0 } }),
  'PUT /api/events/{id}/seating/constraints': json({ constraints: [] }),
  'POST /api/events/{id}/seating/proposal/accept': (world) => ({ body: { assignments: [{ table_id: world.ids.seatedTable, seat_number: 1, guest_id: seatedGuestOf.get(world.ids.seatedTable), plus_one: 0 }] } }),
};

const takesBody = (route: RouteDefinition) => route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';

/** The request the world's owner would send to `route` (real ids, a valid body). */
export function validRequest(world: World, route: RouteDefinition, newcomer: SignedInUser): SecurityRequest {
  const path = pathWith(route, (parameter) => realIdFor(world, route, parameter));
  const maker = validBodies[routeKey(route)];
  if (!maker) {
    if (takesBody(route)) throw new Error(`${routeKey(route)} has no valid body in security-fixtures.ts`);
    return { path };
  }
  return { path, ...maker(world, { newcomer }) };
}

/** Routes that take a body but have none here: new routes must be added so the suites cover them. */
export const writeRoutesWithoutBody = () => routes.filter((route) => takesBody(route) && !(routeKey(route) in validBodies)).map(routeKey);

/** Protected routes with a path id: the surface of broken object-level authorization. */
export const protectedRoutesWithId = () => routes.filter((route) => route.access === 'protected' && route.path.includes('{'));

/** Sends `request` to `route` as `user` (null: no token) through the route's real handler. */
export const send = (user: SignedInUser | null, route: RouteDefinition, request: SecurityRequest, extra: { headers?: Record<string, string> } = {}) =>
  call(user, route.method, request.path, {
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(request.rawBody === undefined ? {} : { rawBody: request.rawBody }),
    headers: { ...request.headers, ...extra.headers },
  });

/** A guest's invitation code, freshly issued by the owner. */
export async function freshCode(owner: SignedInUser, guestId: string): Promise<string> {
  const link = await call(owner, 'POST', `/api/guests/${guestId}/invitation-link`);
  expect(link.status, JSON.stringify(link.body)).toBe(200);
  return codeOf(link.body.data);
}
