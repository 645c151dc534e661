import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduleNow } from '../../infra/local/schedules.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { connectClient, type RealtimeClient } from '../support/realtime-client.ts';
import { apiClient } from './support/api-client.ts';
import { closeContexts, sharedChromium } from './support/chromium.ts';
import { startTestStack } from './support/local-stack.ts';

/**
 * Real-time updates end to end, on the local stack `npm start` runs: a planner signs up over HTTP, asks for
 * a connect ticket, opens a WebSocket with it and follows their event; a guest answers on the public RSVP page in
 * headless Chromium; the RSVP's domain event goes over the local EventBridge bus to the push function,
 * which posts through the management API to the planner's socket. The update must arrive (the test waits
 * with the client's generous deadline; how fast it arrives is logged, and a matter for the bench, since a
 * bound on a loaded test machine only flakes).
 */

let stack: LocalStack;
let browser: Browser;
let call: ReturnType<typeof apiClient>;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  call = apiClient(stack.apiUrl);
  browser = await sharedChromium();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await closeContexts(browser);
  await stack?.stop();
});

async function signUp(name: string): Promise<string> {
  const suffix = randomUUID().slice(0, 8);
  const registered = await call('POST', '/api/auth/register', {
    body: { username: `${name}_${suffix}`, email: `${name}.${suffix}@example.com`, password: `violet-kettle-${suffix}`, full_name: name },
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  return registered.body.data.access_token;
}

/** A single-use connect ticket for the holder of this access token (POST /api/realtime/ticket). */
async function ticketFor(token: string): Promise<string> {
  const answer = await call('POST', '/api/realtime/ticket', { token });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.data.ticket;
}

/**
 * The next matching message. A batch the table stream's consumer gave up on (a cold function on a loaded
 * machine) is left to the outbox run, every minute in the stack and none in this test's: after 10 s the
 * test runs it rather than wait, as the schedule would.
 */
async function delivered(client: RealtimeClient, match: (message: Record<string, any>) => boolean): Promise<Record<string, any>> { // any: a pushed message's JSON
  return client.next(match, 10_000).catch(async () => {
    await runScheduleNow('outbox');
    return client.next(match);
  });
}

describe('real-time updates', () => {
  it("pushes the new RSVP totals to the planner's socket after the guest's answer", async () => {
    const token = await signUp('ada');
    const created = await call('POST', '/api/events', {
      token,
      body: { name: 'Ada & Grace', event_date: '2031-06-20T17:00:00Z', timezone: 'Europe/London', location: 'Kew Gardens', event_type: 'wedding', capacity: 50 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const eventId: string = created.body.data.id;
    const added = await call('POST', `/api/events/${eventId}/guests`, {
      token,
      body: { guest_list: [{ name: 'Grace Hopper', email: 'grace@example.com', plus_one_limit: 2 }, { name: 'Alan Turing', email: 'alan@example.com' }] },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const [guest, firstGuest] = added.body.data as { id: string; invitation_code: string }[];
    const [guestId, code, firstCode] = [guest?.id, guest?.invitation_code, firstGuest?.invitation_code];

    const planner = await connectClient(stack.webSocketUrl, await ticketFor(token));
    clients.push(planner);
    planner.send({ action: 'subscribe', event_id: eventId });
    const subscribed = await planner.next((message) => message.type === 'subscribed');
    // A first answer through the API loads the functions on the way (the local runtime imports each one on
    // first use, as Lambda cold-starts it); the one measured below is a warm system's.
    const first = await call('POST', `/api/rsvp/${firstCode}`, { body: { status: 'no' } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    await delivered(planner, (message) => message.type === 'event.updated' && message.counters.rsvp_no === 1);
    const page = await browser.newPage();
    await page.goto(`${stack.apiUrl}/rsvp/${code}`);
    await page.locator('input[name="status"][value="yes"]').check();
    await page.locator('select[name="plus_one_count"]').selectOption('1');

    const submittedAt = Date.now();
    let answeredAt = 0;
    const answered = page.waitForResponse((response) => response.request().method() === 'POST').then(() => {
      answeredAt = Date.now();
    });
    await page.locator('button[type="submit"]').click();
    // The counters and the planner's new notification come over the same socket, in either order (two
    // consumers of the one domain event): both are awaited at once, so neither is skipped over.
    let receivedAt = 0;
    const [update, notification] = await Promise.all([
      delivered(planner, (message) => message.type === 'event.updated' && message.counters.rsvp_yes === 1).then((message) => {
        receivedAt = Date.now();
        return message;
      }),
      delivered(planner, (message) => message.type === 'notification' && message.notification.type === 'rsvp.received' && message.notification.entity_id === guestId),
    ]);
    await answered;
    await page.waitForURL(/answered=1/);
    await page.close();
    const sinceSubmitMs = receivedAt - submittedAt;
    // The page's POST answers once its transaction committed and its domain event is on the bus; from
    // there on it is the bus, the push function and the management API.
    const afterAnswerMs = receivedAt - answeredAt;

    expect(subscribed.counters).toMatchObject({ guest_count: 2, rsvp_yes: 0, rsvp_no: 0, rsvp_pending: 2, attending_headcount: 0 });
    expect(update).toMatchObject({
      event_id: eventId,
      domain_event: { type: 'rsvp.received' },
      counters: { guest_count: 2, rsvp_yes: 1, rsvp_no: 1, rsvp_pending: 0, attending_headcount: 2 },
    });
    expect(notification.notification).toMatchObject({ event_id: eventId, read: false });
    console.info(`realtime e2e: update ${sinceSubmitMs} ms after the click, ${afterAnswerMs} ms after the page's POST answered`);
  }, 120_000); // a browser, a stack and three pushes on a loaded machine: a deadline, not a speed bound

  it('refuses a WebSocket opened from a page of a foreign Origin, and opens one from an allowed origin', async () => {
    const token = await signUp('origin');
    // Each attempt has its own ticket: the authorizer uses a ticket up before the Origin is looked at.
    const attempt = async (origin: string) => connectClient(stack.webSocketUrl, await ticketFor(token), { origin }).then(
      (client) => {
        clients.push(client);
        return 'connected';
      },
      (error: { status?: number }) => error.status,
    );

    expect(await attempt('https://evil.example')).toBe(403);
    expect(await attempt(String(process.env.CORS_ALLOWED_ORIGINS).split(',')[0] as string)).toBe('connected');
  });

  it('refuses a WebSocket with the access token in the URL, or with a ticket used once already', async () => {
    const token = await signUp('ticket');
    const ticket = await ticketFor(token);
    const attempt = (credential: string) => connectClient(stack.webSocketUrl, credential).then(
      (client) => {
        clients.push(client);
        return 'connected';
      },
      (error: { status?: number }) => error.status,
    );

    const outcomes = { accessToken: await attempt(token), first: await attempt(ticket), again: await attempt(ticket) };

    expect(outcomes).toEqual({ accessToken: 403, first: 'connected', again: 403 });
  });
});
