import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createEventPlanningClient, type LiveCounters, type LiveUpdates, memorySessionStore, type SessionTokens } from '../../client/src/index.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { runScheduleNow } from '../../infra/local/schedules.ts';
import { markEmailVerified } from '../support/signed-in-user.ts';
import { startTestStack } from './support/local-stack.ts';

/**
 * A frontend's day through the typed client (client/), against the local stack `npm start` runs: a
 * planner signs up, creates an event, adds guests, sends invitations and watches the counters over the
 * WebSocket while guests answer on the public RSVP route; meanwhile the access token expires (concurrent
 * calls share one refresh, and the server's reuse detection stays quiet) and the connection drops (the
 * client reconnects with the fresh token and subscribes again).
 */
let stack: LocalStack;
let live: LiveUpdates | undefined;
const sockets: WebSocket[] = [];

/** The `ws` WebSocket, keeping each instance so the test can cut a connection as API Gateway would. */
class TrackedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    sockets.push(this);
  }
}

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  live?.close();
  await stack?.stop();
});

/** Resolves with the first counters `live` hands over for the event that satisfy `match`. */
function countersWhere(eventId: string, match: (update: LiveCounters) => boolean): Promise<LiveCounters> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching counters within 60 s; latest ${JSON.stringify(live?.counters(eventId))}`)), 60_000);
    const unfollow = live?.follow(eventId, (update) => {
      if (!match(update)) return;
      clearTimeout(timer);
      queueMicrotask(() => unfollow?.());
      resolve(update);
    });
  });
}

describe('a frontend flow through the typed client', () => {
  it('signs up, plans an event, invites guests and sees their answers live', async () => {
    const store = memorySessionStore();
    let sessionEnded = false;
    const planner = createEventPlanningClient({ baseUrl: stack.apiUrl, webSocketUrl: stack.webSocketUrl, store, onSessionEnded: () => void (sessionEnded = true) });
    const guestSide = createEventPlanningClient({ baseUrl: stack.apiUrl });
    const suffix = randomUUID().slice(0, 8);

    const user = await planner.signUp({ username: `ada_${suffix}`, email: `ada.${suffix}@example.com`, password: `violet-kettle-${suffix}`, full_name: 'Ada Lovelace' });
    // Only verified accounts send to guests (issue 14); the stack runs in this process, on this table.
    await markEmailVerified(user.id);
    const event = await planner.post('/api/events', {
      body: { name: 'Ada & Grace', event_date: '2031-06-20T17:00:00Z', timezone: 'Europe/London', location: 'Kew Gardens', event_type: 'wedding', capacity: 50 },
    });
    const guests = await planner.post('/api/events/{id}/guests', {
      params: { path: { id: event.id } },
      body: {
        guest_list: [
          { name: 'Grace Hopper', email: `grace.${suffix}@example.com`, plus_one_limit: 1 },
          { name: 'Alan Turing', email: `alan.${suffix}@example.com` },
          { name: 'Katherine Johnson', email: `katherine.${suffix}@example.com` },
        ],
      },
    });
    const batch = await planner.post('/api/events/{id}/invitations', { params: { path: { id: event.id } }, body: { invitation_template: 'formal' } });
    await runScheduleNow('outbox');
    const invitations = await planner.get('/api/events/{id}/invitations', { params: { path: { id: event.id } } });

    live = planner.live({ WebSocket: TrackedWebSocket, reconnectDelayMs: () => 100 });
    live.follow(event.id, () => {}); // the page's own view of the event, followed throughout
    const subscribed = await countersWhere(event.id, (update) => update.cause === 'subscribed');
    const [grace, alan, katherine] = guests;
    await guestSide.post('/api/rsvp', { params: { header: { 'invitation-code': grace?.invitation_code as string } }, body: { status: 'yes', plus_one_count: 1 } });
    const afterGrace = await countersWhere(event.id, (update) => update.counters.rsvp_yes === 1);

    // The access token runs out: five calls at once share one refresh of the rotating refresh token.
    const before = store.load() as SessionTokens;
    store.save({ ...before, accessExpiresAt: Date.now() });
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => planner.get('/api/events/{id}', { params: { path: { id: event.id } } })));
    const refreshed = store.load() as SessionTokens;

    // API Gateway ends the connection (2 hours, or 10 idle minutes): the client reconnects with a new ticket.
    sockets[0]?.terminate();
    await new Promise<void>((resolve) => live?.onOpen(resolve));
    await guestSide.post('/api/rsvp', { params: { header: { 'invitation-code': alan?.invitation_code as string } }, body: { status: 'no' } });
    const afterAlan = await countersWhere(event.id, (update) => update.counters.rsvp_no === 1);

    const listed: string[] = [];
    for await (const guest of planner.paginate('/api/events/{id}/guests', { params: { path: { id: event.id }, query: { limit: 2 } } })) listed.push(guest.name);
    const refusal = await guestSide.get('/api/events/{id}', { params: { path: { id: event.id } } }).catch((error: unknown) => error);
    await planner.signOut();

    expect(user.username).toBe(`ada_${suffix}`);
    expect(guests.map((guest) => guest.invitation_code)).toHaveLength(3);
    expect(katherine?.name).toBe('Katherine Johnson');
    expect(batch).toMatchObject({ event_id: event.id });
    expect(invitations[0]).toMatchObject({ event_id: event.id, queued: 3, sent: 3 });
    expect(subscribed.counters).toMatchObject({ guest_count: 3, rsvp_pending: 3, rsvp_yes: 0 });
    expect(afterGrace.counters).toMatchObject({ rsvp_yes: 1, rsvp_pending: 2, attending_headcount: 2 });
    expect(concurrent.every((read) => read.rsvp_yes === 1)).toBe(true);
    expect(refreshed.refreshToken).not.toBe(before.refreshToken);
    expect(sessionEnded).toBe(false);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]?.url).toMatch(/\?ticket=[\w-]{43}$/);
    expect(sockets.map((socket) => socket.url).join(' ')).not.toContain(encodeURIComponent(refreshed.accessToken));
    expect(afterAlan.counters).toMatchObject({ rsvp_yes: 1, rsvp_no: 1, rsvp_pending: 1 });
    expect(afterAlan.asOf > afterGrace.asOf).toBe(true);
    expect(listed.sort()).toEqual(['Alan Turing', 'Grace Hopper', 'Katherine Johnson']);
    expect(refusal).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(store.load()).toBeNull();
  }, 300_000);
});
