import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as authHandler } from '../../functions/auth/handler.ts';
import { handler as eventsHandler } from '../../functions/events/handler.ts';
import { handler as realtimeHandler } from '../../functions/realtime/handler.ts';
import { handler as pushHandler } from '../../functions/realtime-push/handler.ts';
import { handler as teamHandler } from '../../functions/team/handler.ts';
import { buildMessageEvent } from '../../infra/local/websocket-events.ts';
import type { RunningWebSocketServer } from '../../infra/local/websocket.ts';
import { randomSecret, sha256 } from '../../shared/auth/tokens.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { realtimeKeys } from '../../shared/data/keys.ts';
import { listSubscriptions, listUserConnections } from '../../shared/data/realtime/connections.ts';
import { putRealtimeTicket } from '../../shared/data/realtime/tickets.ts';
import { deleteSession, moveSessionsCutOff } from '../../shared/data/sessions.ts';
import type { DomainEvent } from '../../shared/domain/domain-events/contract.ts';
import { teamMemberId } from '../../shared/domain/team/rules.ts';
import { pushToEventSubscribers, pushToUsers } from '../../shared/realtime/push.ts';
import { invoke, lambdaContext, makeHttpEvent } from '../support/http-event.ts';
import { connectClient, eventually, type RealtimeClient } from '../support/realtime-client.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent, getItem } from './events-fixtures.ts';
import { addGuests, codeOf, rsvpApi } from './guests-fixtures.ts';
import { connectAs, realtimeTicket, startRealtime } from './realtime-fixtures.ts';

/** As the README documents them (real-time updates), not as the implementation's constants say. */
const DOCUMENTED_LIFETIME_SECONDS = 2 * 60 * 60;
const DOCUMENTED_SUBSCRIPTION_LIMIT = 20;
const DOCUMENTED_TICKET_SECONDS = 30;

/**
 * The WebSocket API end to end below HTTP: real sockets on the local ws server, the realtime function and
 * its authorizer, DynamoDB Local, and pushes through the real management-API client.
 */
let server: RunningWebSocketServer;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  server = await startRealtime();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server?.close();
});

async function connect(user: SignedInUser): Promise<RealtimeClient> {
  const client = await connectAs(server, user);
  clients.push(client);
  return client;
}

async function subscribe(client: RealtimeClient, eventId: string) {
  client.send({ action: 'subscribe', event_id: eventId });
  return client.next((message) => message.event_id === eventId && (message.type === 'subscribed' || message.type === 'error'));
}

const refusal = (attempt: Promise<unknown>) => attempt.then(() => 'connected', (error: { status?: number }) => error.status);

const domainEvent = (eventId: string, overrides: Partial<DomainEvent> = {}): DomainEvent => ({
  id: `de-${Math.random().toString(36).slice(2)}`,
  type: 'rsvp.received',
  event_id: eventId,
  actor_id: 'guest:someone',
  occurred_at: new Date().toISOString(),
  entity_type: 'guest',
  entity_id: `${eventId}X`,
  detail: {},
  ...overrides,
});

const runPush = (detail: DomainEvent) =>
  pushHandler({ version: '0', id: 'eb-1', 'detail-type': detail.type, source: 'event-planning.api', account: '0', time: detail.occurred_at, region: 'us-east-1', resources: [], detail }, lambdaContext());

describe('connect tickets', () => {
  it('answers a ticket of 30 seconds, stored only as its hash, bound to the caller and session', async () => {
    const user = await signedInUser();
    const before = Math.floor(Date.now() / 1000);

    const answer = await invoke(authHandler, makeHttpEvent({ method: 'POST', path: '/api/realtime/ticket', token: user.token }));
    const ticket: string = answer.body.data.ticket;
    const stored = await getItem(realtimeKeys.ticket(sha256(ticket)));

    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ ticket: expect.any(String), expires_in: DOCUMENTED_TICKET_SECONDS });
    expect(stored).toMatchObject({ user_id: user.userId, session_id: user.sessionId });
    expect(JSON.stringify(stored)).not.toContain(ticket);
    expect(stored?.expires_at).toBeGreaterThanOrEqual(before + DOCUMENTED_TICKET_SECONDS);
    expect(stored?.expires_at).toBeLessThanOrEqual(before + DOCUMENTED_TICKET_SECONDS + 2);
  });

  it('gives no ticket to a session that has ended', async () => {
    const loggedOut = await signedInUser();
    await deleteSession(loggedOut.sessionId);

    const answer = await invoke(authHandler, makeHttpEvent({ method: 'POST', path: '/api/realtime/ticket', token: loggedOut.token }));

    expect(answer.status).toBe(401);
  });
});

describe('connecting', () => {
  it('refuses no ticket, an unknown, expired or reused ticket, an access token in its place, and a ticket whose session ended; stores nothing for them', async () => {
    const user = await signedInUser();
    const used = await realtimeTicket(user.token);
    clients.push(await connectClient(server.url, used));
    const [first] = await listUserConnections([user.userId]);
    const expired = randomSecret();
    await putRealtimeTicket(sha256(expired), { user_id: user.userId, session_id: user.sessionId, username: user.username, expires_at: Math.floor(Date.now() / 1000) - 1, ttl: Math.floor(Date.now() / 1000) + 60 });
    const loggedOut = await signedInUser();
    const ofEndedSession = await realtimeTicket(loggedOut.token);
    await deleteSession(loggedOut.sessionId);

    const outcomes = {
      missing: await refusal(connectClient(server.url, null)),
      unknown: await refusal(connectClient(server.url, randomSecret())),
      expired: await refusal(connectClient(server.url, expired)),
      reused: await refusal(connectClient(server.url, used)),
      accessToken: await refusal(connectClient(server.url, user.token)),
      endedSession: await refusal(connectClient(server.url, ofEndedSession)),
    };

    expect(outcomes).toEqual({ missing: 401, unknown: 403, expired: 403, reused: 403, accessToken: 403, endedSession: 401 });
    expect((await listUserConnections([user.userId, loggedOut.userId])).map((connection) => connection.connection_id)).toEqual([first?.connection_id]);
  });

  it('opens one connection of two that race with the same ticket', async () => {
    const user = await signedInUser();
    const ticket = await realtimeTicket(user.token);

    const attempts = await Promise.all([connectClient(server.url, ticket), connectClient(server.url, ticket)].map((attempt) =>
      attempt.then((client) => {
        clients.push(client);
        return 'connected';
      }, (error: { status?: number }) => error.status)));

    expect(attempts.sort()).toEqual([403, 'connected']);
    expect(await listUserConnections([user.userId])).toHaveLength(1);
  });

  it('records a connection with its user, session and a TTL of two hours, and forgets it on close', async () => {
    const user = await signedInUser();
    const before = Math.floor(Date.now() / 1000);

    const client = await connectAs(server, user);
    const [connection] = await listUserConnections([user.userId]);

    expect(connection).toMatchObject({ user_id: user.userId, session_id: user.sessionId });
    expect(connection?.ttl).toBeGreaterThanOrEqual(before + DOCUMENTED_LIFETIME_SECONDS);
    expect(connection?.ttl).toBeLessThanOrEqual(before + DOCUMENTED_LIFETIME_SECONDS + 2);
    await client.close();
    await eventually('the connection forgotten', async () => (await getItem(realtimeKeys.connection(connection?.connection_id as string))) === null);
    expect(await getItem(realtimeKeys.connection(connection?.connection_id as string))).toBeNull();
  });
});

describe('messages', () => {
  it('answers malformed, unknown and invalid messages with an error and keeps the socket open', async () => {
    const client = await connect(await signedInUser());

    client.send('not json');
    const malformed = await client.next();
    client.send({ action: 'dance' });
    const unknown = await client.next();
    client.send({ action: 'subscribe' });
    const invalid = await client.next();

    expect([malformed.code, unknown.code, invalid.code]).toEqual(['malformed_json', 'unknown_action', 'validation_error']);
    expect(invalid.message).toContain('event_id');
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });
});

describe('subscribing', () => {
  it('follows an event the caller can read, with its counters now and the connection TTL on the subscription', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner);
    const client = await connect(planner);

    const answer = await subscribe(client, event.id);
    const [subscription] = await listSubscriptions(event.id);
    const [connection] = await listUserConnections([planner.userId]);

    expect(answer).toMatchObject({ type: 'subscribed', event_id: event.id, counters: { guest_count: 0, rsvp_yes: 0, budget: { currency: 'GBP' } } });
    expect(subscription).toMatchObject({ user_id: planner.userId, session_id: planner.sessionId, connection_id: connection?.connection_id });
    expect(subscription?.ttl).toBe(connection?.ttl);
    expect([...(connection?.event_ids ?? [])]).toEqual([event.id]);
  });

  it('gives the same answer for an event that does not exist and one the caller may not see, and stores nothing', async () => {
    const planner = await signedInUser();
    const outsider = await signedInUser();
    const event = await createEvent(planner);
    const client = await connect(outsider);

    const forbidden = await subscribe(client, event.id);
    const missing = await subscribe(client, '01J00000000000000000000000');
    const [connection] = await listUserConnections([outsider.userId]);

    expect(forbidden).toMatchObject({ type: 'error', code: 'not_found' });
    expect({ ...missing, event_id: undefined }).toEqual({ ...forbidden, event_id: undefined });
    expect(await listSubscriptions(event.id)).toEqual([]);
    expect(connection?.event_ids).toBeUndefined();
  });

  it(`follows up to ${DOCUMENTED_SUBSCRIPTION_LIMIT} events on one connection and refuses one more`, async () => {
    const planner = await signedInUser();
    const client = await connect(planner);
    const [connection] = await listUserConnections([planner.userId]);
    // The limit is a condition on the connection's set, so all but one are filled straight in the table.
    const followed = new Set(Array.from({ length: DOCUMENTED_SUBSCRIPTION_LIMIT - 1 }, (_, index) => `01J0000000000000000000${String(index).padStart(4, '0')}`));
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...(await getItem(realtimeKeys.connection(connection?.connection_id as string))), event_ids: followed } }));
    const [last, oneMore] = await Promise.all([createEvent(planner), createEvent(planner)]);

    const lastAnswer = await subscribe(client, last.id);
    const oneMoreAnswer = await subscribe(client, oneMore.id);

    expect(lastAnswer).toMatchObject({ type: 'subscribed', event_id: last.id });
    expect(oneMoreAnswer).toMatchObject({ type: 'error', code: 'subscription_limit' });
    expect(await listSubscriptions(oneMore.id)).toEqual([]);
  });

  it('ties a message that arrives without the authorizer context to the caller recorded at $connect', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner);
    await connect(planner);
    const [connection] = await listUserConnections([planner.userId]);
    const facts = { connectionId: connection?.connection_id as string, connectedAt: Date.now(), domainName: 'localhost', sourceIp: '127.0.0.1' };
    const body = JSON.stringify({ action: 'subscribe', event_id: event.id });

    const known = await realtimeHandler(buildMessageEvent(facts, body), lambdaContext());
    const unknown = await realtimeHandler(buildMessageEvent({ ...facts, connectionId: 'NoSuchConn1=' }, body), lambdaContext());

    expect(JSON.parse(known.body as string)).toMatchObject({ type: 'subscribed', event_id: event.id });
    expect(JSON.parse(unknown.body as string)).toMatchObject({ type: 'error', code: 'unauthorized' });
  });

  it('stops pushes after unsubscribe', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner);
    const client = await connect(planner);
    await subscribe(client, event.id);

    client.send({ action: 'unsubscribe', event_id: event.id });
    const answer = await client.next();
    const outcome = await pushToEventSubscribers(event.id, { type: 'unsubscribed', event_id: event.id });

    expect(answer).toEqual({ type: 'unsubscribed', event_id: event.id });
    expect(outcome.sent).toBe(0);
    expect(await listSubscriptions(event.id)).toEqual([]);
  });
});

describe('pushing', () => {
  it("sends a guest's answer as the event's new counters to its subscribers", async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner);
    const [guest] = await addGuests(planner, event.id, [{ name: 'Grace Hopper', email: 'grace@example.com', plus_one_limit: 1 }]);
    const client = await connect(planner);
    await subscribe(client, event.id);
    const answered = await rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'yes', plus_one_count: 1 } });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);

    const outcome = await runPush(domainEvent(event.id, { id: 'de-rsvp-1' }));
    const update = await client.next((message) => message.domain_event?.id === 'de-rsvp-1');

    expect(outcome).toEqual({ sent: 1, gone: 0, dropped: 0, failed: 0 });
    expect(update).toMatchObject({
      event_id: event.id,
      domain_event: { type: 'rsvp.received', id: 'de-rsvp-1' },
      counters: { guest_count: 1, rsvp_yes: 1, rsvp_pending: 0, attending_headcount: 2 },
    });
  });

  it('stops sending to a member removed from the team, and drops their subscription', async () => {
    const planner = await signedInUser();
    const helper = await signedInUser();
    const event = await createEvent(planner);
    await addMember(event.id, helper.userId, 'viewer');
    const helperClient = await connect(helper);
    expect((await subscribe(helperClient, event.id)).type).toBe('subscribed');
    await runPush(domainEvent(event.id, { id: 'de-before-removal' }));
    await helperClient.next((message) => message.domain_event?.id === 'de-before-removal');

    const removed = await invoke(teamHandler, makeHttpEvent({ method: 'DELETE', path: `/api/team/${teamMemberId(event.id, helper.userId)}`, token: planner.token }));
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const outcome = await runPush(domainEvent(event.id, { id: 'de-after-removal' }));
    await helperClient.flush();

    expect(outcome).toMatchObject({ sent: 0 });
    expect(helperClient.received.map((message) => message.domain_event?.id)).not.toContain('de-after-removal');
    expect(await listSubscriptions(event.id)).toEqual([]);
  });

  it('stops sending to a session that signed out', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner);
    const client = await connect(planner);
    await subscribe(client, event.id);

    await deleteSession(planner.sessionId);
    const toEvent = await pushToEventSubscribers(event.id, { type: 'unsubscribed', event_id: event.id });
    const toUser = await pushToUsers([planner.userId], { type: 'notification', notification: { id: 'n1' } });
    await client.flush();

    expect([toEvent.sent, toUser.sent]).toEqual([0, 0]);
    expect(client.received.map((message) => message.type)).not.toContain('notification');
    expect(client.received.map((message) => message.type)).not.toContain('unsubscribed');
  });

  it("answers a 410 by removing the gone connection and its subscriptions", async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner);
    const live = await connect(planner);
    await subscribe(live, event.id);
    // A connection API Gateway no longer knows (closed without a $disconnect reaching us).
    const goneId = 'GoneConnXYZ=';
    const ttl = Math.floor(Date.now() / 1000) + 3600;
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...realtimeKeys.connection(goneId), type: 'ws_connection', connection_id: goneId, user_id: planner.userId, session_id: planner.sessionId, connected_at: new Date().toISOString(), event_ids: new Set([event.id]), ttl } }));
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...realtimeKeys.subscription(event.id, goneId), type: 'ws_subscription', event_id: event.id, connection_id: goneId, user_id: planner.userId, session_id: planner.sessionId, ttl } }));

    const outcome = await runPush(domainEvent(event.id));

    expect(outcome).toEqual({ sent: 1, gone: 1, dropped: 0, failed: 0 });
    expect(await getItem(realtimeKeys.connection(goneId))).toBeNull();
    expect(await getItem(realtimeKeys.subscription(event.id, goneId))).toBeNull();
    expect((await listSubscriptions(event.id)).map((subscription) => subscription.connection_id)).not.toContain(goneId);
  });

  it('leaves out subscriptions past their TTL that DynamoDB has not deleted yet', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner);
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...realtimeKeys.subscription(event.id, 'OldConn1234='), event_id: event.id, connection_id: 'OldConn1234=', user_id: planner.userId, session_id: planner.sessionId, ttl: Math.floor(Date.now() / 1000) - 1 } }));

    expect(await listSubscriptions(event.id)).toEqual([]);
  });

  it("sends a user's notification to each of their open connections", async () => {
    const user = await signedInUser();
    const [first, second] = [await connect(user), await connect(user)];

    const outcome = await pushToUsers([user.userId], { type: 'notification', notification: { id: 'n-42' } });

    expect(outcome.sent).toBe(2);
    expect(await first.next()).toEqual({ type: 'notification', notification: { id: 'n-42' } });
    expect(await second.next()).toEqual({ type: 'notification', notification: { id: 'n-42' } });
  });

  it('sends nothing about a deleted event and drops its subscriptions; ignores a domain event that does not fit the contract', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner);
    const client = await connect(planner);
    await subscribe(client, event.id);
    const deleted = await invoke(eventsHandler, makeHttpEvent({ method: 'DELETE', path: `/api/events/${event.id}`, token: planner.token }));
    expect(deleted.status).toBe(200);

    const gone = await runPush(domainEvent(event.id, { id: 'de-after-delete' }));
    const invalid = await runPush({ ...domainEvent(event.id), type: 'nonsense' } as unknown as DomainEvent);
    await client.flush();

    expect(gone).toMatchObject({ sent: 0 });
    expect(client.received.map((message) => message.domain_event?.id)).not.toContain('de-after-delete');
    expect(await listSubscriptions(event.id)).toEqual([]);
    expect(invalid).toEqual({ skipped: 'invalid' });
  });
});

// Last in the file: the operator's cut-off ends every session of this file's table begun until then.
describe("the operator's end of every session", () => {
  it('stops pushing to connections whose session began before the cut-off, event and user pushes alike', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner);
    const client = await connect(planner);
    await subscribe(client, event.id);

    await moveSessionsCutOff(new Date(), { operator: 'oncall', reason: 'test' });
    const toEvent = await pushToEventSubscribers(event.id, { type: 'unsubscribed', event_id: event.id });
    const toUser = await pushToUsers([planner.userId], { type: 'notification', notification: { id: 'n-cut' } });
    await client.flush();

    expect([toEvent.sent, toUser.sent]).toEqual([0, 0]);
    expect(client.received.map((message) => message.type)).not.toContain('notification');
    expect(await listSubscriptions(event.id)).toEqual([]);
  });
});
