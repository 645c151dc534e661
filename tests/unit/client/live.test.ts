import { describe, expect, it } from 'vitest';
import type { LiveCounters, WebSocketLike } from '../../../client/src/index.ts';
import { fakeApi, json, problem, registration, signedIn } from './fake-api.ts';

/** The WebSocket protocol in the client: a ticket per connect, subscribe, reconnect, the latest as_of wins. */
class FakeSocket implements WebSocketLike {
  static opened: FakeSocket[] = [];
  readyState = 0;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  readonly sent: unknown[] = [];
  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  push(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
}

const counters = (rsvpYes: number) => ({
  guest_count: 2, rsvp_yes: rsvpYes, rsvp_no: 0, rsvp_maybe: 0, rsvp_pending: 2 - rsvpYes, rsvp_waitlisted: 0, attending_headcount: rsvpYes,
  budget: { currency: 'EUR', budget_total: 0, estimated: 0, actual: 0, committed: 0, paid: 0, outstanding: 0, remaining: 0, percent_used: 0 },
  timeline: { total: 0, done: 0, overdue: 0 },
});
const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 1) {
    if (waited > 1_000) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
};

/**
 * A signed-up client whose API hands out tickets `ticket-1`, `ticket-2`, ...: the first
 * `ticketsRefused` ticket requests are refused with 401 (the access token), the next `ticketsFailing`
 * fail as a network failure would; refreshes answer `access-2`, `access-3`, ...
 */
async function liveClient({ ticketsRefused = 0, ticketsFailing = 0 } = {}) {
  FakeSocket.opened = [];
  let generation = 1;
  let tickets = 0;
  let refused = 0;
  let failures = 0;
  const api = fakeApi((request) => {
    if (request.path === '/api/auth/register') return signedIn('access-1', 'refresh-1');
    if (request.path === '/api/auth/refresh') {
      generation += 1;
      return json(200, { data: { access_token: `access-${generation}`, token_type: 'Bearer', expires_in: 900, refresh_token: `refresh-${generation}`, refresh_expires_in: 1 } });
    }
    if (refused++ < ticketsRefused) return problem(401, 'unauthorized');
    if (failures++ < ticketsFailing) throw new TypeError('fetch failed');
    tickets += 1;
    return json(200, { data: { ticket: `ticket-${tickets}`, expires_in: 30 } });
  });
  const client = api.client({ webSocketUrl: 'ws://live.test', retry: { maxRetries: 0 } });
  await client.signUp(registration);
  const live = client.live({ WebSocket: FakeSocket, reconnectDelayMs: () => 0 });
  await until(() => FakeSocket.opened.length === 1);
  return { live, api };
}

describe('client live updates', () => {
  it('subscribes once open and keeps the counters with the latest as_of', async () => {
    const { live } = await liveClient();
    const seen: LiveCounters[] = [];
    live.follow('e1', (update) => seen.push(update));
    const socket = FakeSocket.opened[0] as FakeSocket;
    socket.open();

    socket.push({ type: 'subscribed', event_id: 'e1', counters: counters(0), as_of: '2031-01-01T10:00:00.000Z' });
    socket.push({ type: 'event.updated', event_id: 'e1', domain_event: { type: 'rsvp.received', id: 'd2', occurred_at: '' }, counters: counters(2), as_of: '2031-01-01T10:00:02.000Z' });
    socket.push({ type: 'event.updated', event_id: 'e1', domain_event: { type: 'rsvp.received', id: 'd1', occurred_at: '' }, counters: counters(1), as_of: '2031-01-01T10:00:01.000Z' });

    expect(socket.url).toBe('ws://live.test?ticket=ticket-1');
    expect(socket.sent).toEqual([{ action: 'subscribe', event_id: 'e1' }]);
    expect(seen.map((update) => update.counters.rsvp_yes)).toEqual([0, 2]);
    expect(live.counters('e1')?.counters.rsvp_yes).toBe(2);
    live.close();
  });

  it('reconnects after a drop with a new ticket and subscribes again to every followed event', async () => {
    const { live } = await liveClient();
    live.follow('e1', () => {});
    live.follow('e2', () => {});
    (FakeSocket.opened[0] as FakeSocket).open();

    (FakeSocket.opened[0] as FakeSocket).drop();
    await until(() => FakeSocket.opened.length === 2);
    const second = FakeSocket.opened[1] as FakeSocket;
    second.open();

    expect(second.url).toBe('ws://live.test?ticket=ticket-2');
    expect(second.sent).toEqual([{ action: 'subscribe', event_id: 'e1' }, { action: 'subscribe', event_id: 'e2' }]);
    live.close();
  });

  it('asks for a new ticket when the handshake was refused', async () => {
    const { live, api } = await liveClient();

    (FakeSocket.opened[0] as FakeSocket).drop(); // closed before it ever opened
    await until(() => FakeSocket.opened.length === 2);

    expect((FakeSocket.opened[1] as FakeSocket).url).toBe('ws://live.test?ticket=ticket-2');
    expect(api.sent.filter((request) => request.path === '/api/realtime/ticket')).toHaveLength(2);
    live.close();
  });

  it('refreshes the session when the ticket request is refused, then connects with the ticket', async () => {
    const { live, api } = await liveClient({ ticketsRefused: 1 });

    const asked = api.sent.filter((request) => request.path === '/api/realtime/ticket');

    expect(api.sent.filter((request) => request.path === '/api/auth/refresh')).toHaveLength(1);
    expect(asked.map((request) => request.headers.get('authorization'))).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect((FakeSocket.opened[0] as FakeSocket).url).toBe('ws://live.test?ticket=ticket-1');
    live.close();
  });

  it('keeps trying when no ticket can be had (offline), then connects with one', async () => {
    const { live, api } = await liveClient({ ticketsFailing: 2 });

    expect(api.sent.filter((request) => request.path === '/api/realtime/ticket')).toHaveLength(3);
    expect((FakeSocket.opened[0] as FakeSocket).url).toBe('ws://live.test?ticket=ticket-1');
    live.close();
  });

  it('stops with an unauthorized error, and opens no socket, once the session is over', async () => {
    FakeSocket.opened = [];
    const api = fakeApi((request) => {
      if (request.path === '/api/auth/register') return signedIn('access-1', 'refresh-1');
      return problem(401, request.path === '/api/auth/refresh' ? 'invalid_refresh_token' : 'unauthorized');
    });
    const client = api.client({ webSocketUrl: 'ws://live.test' });
    await client.signUp(registration);
    const errors: unknown[] = [];
    const live = client.live({ WebSocket: FakeSocket, reconnectDelayMs: () => 0 });
    live.onError((error) => errors.push(error));

    await until(() => errors.length === 1);

    expect(errors).toEqual([{ code: 'unauthorized', message: 'Not signed in: live updates stopped.' }]);
    expect(FakeSocket.opened).toHaveLength(0);
    live.close();
  });

  it('hands server errors and notifications to their listeners, and stops reconnecting once closed', async () => {
    const { live } = await liveClient();
    const errors: unknown[] = [];
    const notifications: unknown[] = [];
    live.onError((error) => errors.push(error));
    live.onNotification((notification) => notifications.push(notification));
    const socket = FakeSocket.opened[0] as FakeSocket;
    socket.open();

    socket.push({ type: 'error', code: 'not_found', message: 'No such event.', event_id: 'e9' });
    socket.push({ type: 'notification', notification: { id: 'n1', type: 'rsvp.received' } });
    live.close();
    socket.drop();
    await new Promise((resolve) => setTimeout(resolve, 5));

    expect(errors).toEqual([{ code: 'not_found', message: 'No such event.', eventId: 'e9' }]);
    expect(notifications).toEqual([{ id: 'n1', type: 'rsvp.received' }]);
    expect(FakeSocket.opened).toHaveLength(1);
  });
});
