import { describe, expect, it } from 'vitest';
import { handler as authorizer } from '../../functions/realtime-authorizer/handler.ts';
import {
  buildConnectAuthorizerEvent,
  buildConnectEvent,
  buildDisconnectEvent,
  buildMessageEvent,
  type ConnectionFacts,
  newConnectionId,
  selectRoute,
} from '../../infra/local/websocket-events.ts';
import { issueAccessToken } from '../../shared/auth/tokens.ts';
import type { Session } from '../../shared/data/sessions.ts';
import { connectionTtl, mayFollowEvent, mayReceiveAsUser } from '../../shared/domain/realtime-rules.ts';
import { callerOf } from '../../shared/realtime/gateway.ts';
import { parseClientMessage } from '../../shared/realtime/messages.ts';
import { issueRealtimeTicket } from '../../shared/realtime/tickets.ts';
import { captureSecurityEvents } from '../../shared/security/events.ts';

describe('client messages', () => {
  it.each([
    ['{"action":"subscribe","event_id":"E1"}', { action: 'subscribe', event_id: 'E1' }],
    ['{"action":"unsubscribe","event_id":"E1","extra":true}', { action: 'unsubscribe', event_id: 'E1' }],
  ])('reads %s', (body, expected) => {
    expect(parseClientMessage(body)).toEqual({ ok: true, message: expected });
  });

  it.each([
    ['not json', 'malformed_json'],
    [undefined, 'malformed_json'],
    ['[1,2]', 'unknown_action'],
    ['null', 'unknown_action'],
    ['{"action":"dance","event_id":"E1"}', 'unknown_action'],
    ['{"event_id":"E1"}', 'unknown_action'],
    ['{"action":"subscribe"}', 'validation_error'],
    ['{"action":"subscribe","event_id":""}', 'validation_error'],
    [`{"action":"subscribe","event_id":"${'x'.repeat(65)}"}`, 'validation_error'],
    ['{"action":"unsubscribe","event_id":42}', 'validation_error'],
  ])('answers %s with an error %s', (body, code) => {
    const parsed = parseClientMessage(body);

    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatchObject({ type: 'error', code });
  });
});

describe('route selection ($request.body.action)', () => {
  it.each([
    ['{"action":"subscribe","event_id":"E1"}', 'subscribe'],
    ['{"action":"unsubscribe"}', 'unsubscribe'],
    ['{"action":"$connect"}', '$default'],
    ['{"action":"dance"}', '$default'],
    ['{"action":5}', '$default'],
    ['plain text', '$default'],
    ['null', '$default'],
  ])('routes %s to %s', (body, route) => {
    expect(selectRoute(body)).toBe(route);
  });
});

describe('API Gateway WebSocket events built locally', () => {
  const facts: ConnectionFacts = {
    connectionId: newConnectionId(),
    connectedAt: Date.parse('2026-11-24T06:00:00Z'),
    domainName: 'localhost:3001',
    sourceIp: '127.0.0.1',
    authorizer: { userId: 'U1', sessionId: 'S1', username: 'ada', principalId: 'U1' },
  };

  it('gives connection ids the shape of API Gateway ones', () => {
    expect(newConnectionId()).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    expect(newConnectionId()).not.toBe(newConnectionId());
  });

  it('passes the query string and the authorizer context to $connect', () => {
    const event = buildConnectEvent(facts, { host: 'localhost:3001' }, { ticket: 'T' });

    expect(event.requestContext).toMatchObject({ routeKey: '$connect', eventType: 'CONNECT', connectionId: facts.connectionId, connectedAt: facts.connectedAt, messageDirection: 'IN' });
    expect(event.queryStringParameters).toEqual({ ticket: 'T' });
    expect(event.multiValueQueryStringParameters).toEqual({ ticket: ['T'] });
    expect(callerOf(event)).toEqual({ userId: 'U1', sessionId: 'S1', username: 'ada' });
  });

  it('routes a message by its action and keeps the authorizer context on every message and on $disconnect', () => {
    const message = buildMessageEvent(facts, '{"action":"subscribe","event_id":"E1"}');
    const closed = buildDisconnectEvent(facts);

    expect(message.requestContext).toMatchObject({ routeKey: 'subscribe', eventType: 'MESSAGE' });
    expect(message.body).toBe('{"action":"subscribe","event_id":"E1"}');
    expect(closed.requestContext).toMatchObject({ routeKey: '$disconnect', eventType: 'DISCONNECT' });
    expect(callerOf(message)).toEqual(callerOf(closed));
    expect(message.requestContext.requestId).not.toBe(closed.requestContext.requestId);
  });

  it('gives the authorizer a REQUEST event for $connect with the query string', () => {
    const event = buildConnectAuthorizerEvent(facts, { host: 'localhost' }, { ticket: 'T' }, 'eu-west-1');

    expect(event).toMatchObject({ type: 'REQUEST', queryStringParameters: { ticket: 'T' } });
    expect(event.methodArn).toMatch(/^arn:aws:execute-api:eu-west-1:\d{12}:[\w-]+\/\w+\/\$connect$/);
  });

  it('has no caller without the authorizer context', () => {
    expect(callerOf(buildDisconnectEvent({ ...facts, authorizer: undefined }))).toBeNull();
  });
});

describe('the $connect authorizer', () => {
  const authorizerEvent = (query: Record<string, string>) =>
    buildConnectAuthorizerEvent({ connectionId: 'C', connectedAt: Date.now(), domainName: 'localhost', sourceIp: '127.0.0.1' }, {}, query, 'us-east-1');

  it('allows a ticket once, naming its user and session, and denies it the second time', async () => {
    const { ticket } = await issueRealtimeTicket({ userId: 'U1', sessionId: 'S1', username: 'ada' });
    const event = authorizerEvent({ ticket });

    const first = await authorizer(event);
    const second = await authorizer(event);

    expect(first.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }]);
    expect(first).toMatchObject({ principalId: 'U1', context: { userId: 'U1', sessionId: 'S1', username: 'ada' } });
    expect(second.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(second.context).toBeUndefined();
  });

  it('denies an access token, in place of a ticket or as the old `token=`, and logs the refusal as a security event', async () => {
    const { token } = await issueAccessToken({ userId: 'U1', sessionId: 'S1', username: 'ada' });
    const captured = captureSecurityEvents();

    const verdicts = [await authorizer(authorizerEvent({ ticket: token })), await authorizer(authorizerEvent({ token }))];
    captured.stop();

    expect(verdicts.map((verdict) => verdict.policyDocument.Statement[0]?.Effect)).toEqual(['Deny', 'Deny']);
    expect(captured.events).toMatchObject([
      { kind: 'access.refused', route: '$connect', status: 403, code: 'invalid_ticket' },
      { kind: 'access.refused', route: '$connect', status: 403, code: 'no_ticket' },
    ]);
    expect(JSON.stringify(captured.events)).not.toContain(token);
  });

  it.each([[{}], [{ ticket: 'not-a-ticket' }], [{ ticket: 'A'.repeat(43) }], [{ access_token: 'wrong-parameter' }]])('denies %j', async (query) => {
    const verdict = await authorizer(authorizerEvent(query));

    expect(verdict.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(verdict.context).toBeUndefined();
  });
});

describe('who may follow an event', () => {
  const now = new Date('2026-11-24T06:00:00Z');
  const session = (overrides: Partial<Session> = {}): Session => ({
    session_id: 'S1', user_id: 'U1', username: 'ada', refresh_hash: 'h', used_refresh_hashes: [],
    created_at: '2026-11-24T05:00:00Z', refreshed_at: '2026-11-24T05:00:00Z', expires_at: '2026-12-24T05:00:00Z', ttl: 0,
    ...overrides,
  });

  it.each([
    ['an active viewer in a live session', { status: 'active', role: 'viewer' }, session(), true],
    ['the organizer', { status: 'active', role: 'organizer' }, session(), true],
    ['a pending member', { status: 'pending', role: 'coordinator' }, session(), false],
    ['a member whose event and check-in reads were taken away', { status: 'active', role: 'assistant', permissions: { event: 'none', check_in: 'none' } }, session(), false],
    // Door staff read no event area but the check-ins: they follow for the door counts, and every message is
    // shaped by the subscriber's permissions (shared/realtime/push.ts), so they hear of nothing else.
    ['door staff', { status: 'active', role: 'door' }, session(), true],
    ['a member whose event read was taken away, still reading the check-ins', { status: 'active', role: 'assistant', permissions: { event: 'none' } }, session(), true],
    ['someone not on the team', undefined, session(), false],
    ['an expired session', { status: 'active', role: 'viewer' }, session({ expires_at: '2026-11-24T05:59:59Z' }), false],
    ["another user's session", { status: 'active', role: 'viewer' }, session({ user_id: 'U2' }), false],
    ['a signed-out session', { status: 'active', role: 'viewer' }, undefined, false],
  ] as const)('%s: %s', (_label, member, live, expected) => {
    expect(mayFollowEvent('U1', member, live, now)).toBe(expected);
  });

  it("sends a user's notifications to live sessions of that user only", () => {
    expect([mayReceiveAsUser('U1', session(), now), mayReceiveAsUser('U2', session(), now), mayReceiveAsUser('U1', undefined, now)]).toEqual([true, false, false]);
  });

  it('expires connection records two hours after the connection opened', () => {
    expect(connectionTtl(Date.parse('2026-11-24T06:00:00.900Z'))).toBe(Date.parse('2026-11-24T08:00:00Z') / 1000);
  });
});
