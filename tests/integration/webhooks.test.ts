import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { handler as webhooksHandler } from '../../functions/webhooks/handler.ts';
import { runWebhookRetries } from '../../functions/webhook-retries/handler.ts';
import { resetConfigForTests } from '../../shared/config.ts';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, verifySignature } from '../../shared/domain/webhooks/signature.ts';
import type { HttpMethod } from '../../shared/routes.ts';
import { attemptDelivery, deliverDomainEvent } from '../../shared/webhooks/deliver.ts';
import { testEventBus } from '../support/event-bus.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests } from './guests-fixtures.ts';

/**
 * Webhooks end to end below HTTP (docs/webhooks.md): the routes through the real handler, a guest added
 * through the guests handler puts `guest.added` on the local bus, whose `webhooks` rule runs the
 * webhook-dispatch consumer in-process; the retry job is called with its clock moved on (no waits). The
 * receiver is an HTTPS server on 127.0.0.1 with a self-signed certificate made here by openssl, reached
 * only through the test-only allowlist (WEBHOOK_TEST_ALLOWED_ADDRESSES, WEBHOOK_TEST_CA_FILE), and it
 * verifies every signature with the secrets the API showed.
 */
type Received = { id: string; body: string; verified: boolean; signatures: number; answered: number };

let ada: SignedInUser;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let secrets: string[] = [];
/** How the receiver answers the next requests: a status each, then 204. */
let script: number[] = [];

const webhooksApi = (user: SignedInUser, method: HttpMethod, path: string, body?: unknown) =>
  invoke(webhooksHandler, makeHttpEvent({ method, path, token: user.token, ...(body === undefined ? {} : { body }) }));

beforeAll(async () => {
  const dir = await mkdtemp(join(inject('scratchDir'), 'webhook-receiver-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  receiver = createServer({ key: await readFile(key), cert: await readFile(cert) }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = String(request.headers[SIGNATURE_HEADER.toLowerCase()] ?? '');
      const now = Math.floor(Date.now() / 1000);
      const answered = script.shift() ?? 204;
      received.push({ id: String(request.headers[DELIVERY_ID_HEADER.toLowerCase()]), body, verified: secrets.length > 0 && secrets.every((secret) => verifySignature(header, secret, body, now)), signatures: header.split(',v1=').length - 1, answered });
      response.writeHead(answered, answered === 302 ? { Location: 'https://127.0.0.1/elsewhere' } : {});
      response.end(answered >= 300 ? 'no' : '');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `https://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  process.env.WEBHOOK_TEST_ALLOWED_ADDRESSES = '127.0.0.1';
  process.env.WEBHOOK_TEST_CA_FILE = cert;
  resetConfigForTests();
  ada = await signedInUser();
});

beforeEach(() => {
  received.length = 0;
  script = [];
});

afterAll(async () => {
  delete process.env.WEBHOOK_TEST_ALLOWED_ADDRESSES;
  delete process.env.WEBHOOK_TEST_CA_FILE;
  resetConfigForTests();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function eventWithEndpoint(types: string[] = ['guest.added']) {
  const event = await createEvent(ada);
  const createdEndpoint = await webhooksApi(ada, 'POST', `/api/events/${event.id}/webhooks`, { url: receiverUrl, event_types: types, description: 'CRM' });
  expect(createdEndpoint.status, JSON.stringify(createdEndpoint.body)).toBe(201);
  secrets = [createdEndpoint.body.data.secret];
  return { event, endpoint: createdEndpoint.body.data };
}

const hours = (count: number) => new Date(Date.now() + count * 3600_000);
const farDeadline = () => Date.now() + 60_000;

describe('webhook endpoints', () => {
  it('registers an https endpoint with its secret shown once, and refuses http, private addresses and unknown types, naming each', async () => {
    const { event, endpoint } = await eventWithEndpoint();
    const read = await webhooksApi(ada, 'GET', `/api/events/${event.id}/webhooks/${endpoint.id}`);
    const listed = await webhooksApi(ada, 'GET', `/api/events/${event.id}/webhooks`);
    const refused = await Promise.all(['http://127.0.0.1/x', 'https://10.0.0.1/x', 'https://[::1]/x', 'https://169.254.169.254/latest'].map((url) =>
      webhooksApi(ada, 'POST', `/api/events/${event.id}/webhooks`, { url, event_types: ['guest.added', 'no.such'] })));

    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(endpoint).toMatchObject({ url: receiverUrl, event_types: ['guest.added'], status: 'active', secrets: [{ expires_at: null }] });
    expect(read.status).toBe(200);
    expect(read.body.data.secret).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain(endpoint.secret);
    expect(listed.body.data.map((row: { id: string }) => row.id)).toEqual([endpoint.id]);
    for (const answer of refused) expect(answer.status).toBe(400);
    expect(refused[0]?.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['event_types.1', 'url']);
    const refusedSafe = await Promise.all(['https://10.0.0.1/x', 'https://[::1]/x', 'https://169.254.169.254/latest'].map((url) =>
      webhooksApi(ada, 'POST', `/api/events/${event.id}/webhooks`, { url, event_types: ['guest.added'] })));
    for (const answer of refusedSafe) expect(answer.body.errors).toEqual([{ path: 'url', message: expect.stringContaining('refused address') }]);
  });

  it('a stranger gets 404 on every route, never a hint of the endpoint', async () => {
    const { event, endpoint } = await eventWithEndpoint();
    const stranger = await signedInUser();

    const answers = await Promise.all([
      webhooksApi(stranger, 'GET', `/api/events/${event.id}/webhooks`),
      webhooksApi(stranger, 'GET', `/api/events/${event.id}/webhooks/${endpoint.id}/deliveries`),
      webhooksApi(stranger, 'POST', `/api/events/${event.id}/webhooks/${endpoint.id}/secret`),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404]);
  });
});

describe('webhook deliveries', () => {
  it('retries under injected failures until one signed delivery succeeds, records exactly one success, and a redelivered domain event sends nothing twice', async () => {
    const { event, endpoint } = await eventWithEndpoint();
    script = [500, 503, 302];

    await addGuests(ada, event.id, [{ name: 'Grace Hopper', email: 'grace@example.com' }]);
    await testEventBus.idle();
    const afterFirst = await webhooksApi(ada, 'GET', `/api/events/${event.id}/webhooks/${endpoint.id}/deliveries`);
    const runs = [];
    for (const at of [1, 2, 3, 4]) runs.push(await runWebhookRetries(hours(at), farDeadline()));
    const [delivery] = (await webhooksApi(ada, 'GET', `/api/events/${event.id}/webhooks/${endpoint.id}/deliveries`)).body.data;
    const again = await deliverDomainEvent(JSON.parse(received[0]?.body ?? '{}'));

    expect(afterFirst.body.data).toMatchObject([{ status: 'pending', attempts: 1, last_status_code: 500, last_error: 'HTTP 500' }]);
    expect(received.map((request) => request.answered)).toEqual([500, 503, 302, 204]);
    expect(received.every((request) => request.verified && request.id === delivery.id)).toBe(true);
    expect(new Set(received.map((request) => request.body)).size).toBe(1);
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ type: 'guest.added', event_id: event.id, detail: { count: 1, guests: [{ name: 'Grace Hopper' }] } });
    expect(runs.map((run) => run.delivered)).toEqual([0, 0, 1, 0]);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 4, last_status_code: 204, last_error: null, next_attempt_at: null, event_type: 'guest.added' });
    expect(delivery.payload).toBeUndefined();
    expect(again).toEqual(['skipped']);
    expect(received).toHaveLength(4);
  });

  it('racing attempts of one delivery send it once, and a manual redeliver sends it again with the same id', async () => {
    const { event, endpoint } = await eventWithEndpoint();
    script = [500];
    await addGuests(ada, event.id, [{ name: 'Mary Somerville', email: 'mary@example.com' }]);
    await testEventBus.idle();
    const [pending] = (await webhooksApi(ada, 'GET', `/api/events/${event.id}/webhooks/${endpoint.id}/deliveries`)).body.data;

    const raced = await Promise.all([
      ...Array.from({ length: 8 }, () => attemptDelivery(pending, hours(1))),
      runWebhookRetries(hours(1), farDeadline()),
      runWebhookRetries(hours(1), farDeadline()),
    ]);
    const redeliver = await webhooksApi(ada, 'POST', `/api/events/${event.id}/webhooks/${endpoint.id}/deliveries/${pending.id}/redeliver`);
    const rerun = await runWebhookRetries(new Date(Date.now() + 1000), farDeadline());
    const [after] = (await webhooksApi(ada, 'GET', `/api/events/${event.id}/webhooks/${endpoint.id}/deliveries`)).body.data;

    expect(raced.filter((result) => result === 'delivered').length + raced.filter((result) => typeof result === 'object').reduce((sum, run) => sum + (run as { delivered: number }).delivered, 0)).toBe(1);
    expect(received.map((request) => request.answered)).toEqual([500, 204, 204]);
    expect(redeliver.status).toBe(202);
    expect(redeliver.body.data).toMatchObject({ id: pending.id, status: 'pending' });
    expect(rerun.delivered).toBe(1);
    expect(after).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(new Set(received.map((request) => request.id))).toEqual(new Set([pending.id]));
  });

  it('signs with both secrets during a rotation overlap', async () => {
    const { event, endpoint } = await eventWithEndpoint();
    const rotated = await webhooksApi(ada, 'POST', `/api/events/${event.id}/webhooks/${endpoint.id}/secret`);
    secrets = [endpoint.secret, rotated.body.data.secret];

    await addGuests(ada, event.id, [{ name: 'Emmy Noether', email: 'emmy@example.com' }]);
    await testEventBus.idle();

    expect(rotated.status).toBe(200);
    expect(rotated.body.data.secret).not.toBe(endpoint.secret);
    expect(rotated.body.data.secrets).toEqual([{ created_at: expect.any(String), expires_at: null }, { created_at: expect.any(String), expires_at: expect.any(String) }]);
    expect(received).toMatchObject([{ verified: true, signatures: 2, answered: 204 }]);
  });

  it('gives up after 24 hours, disables an endpoint failing for 24 hours and tells the organizer; enabling it turns it on again', async () => {
    const { event, endpoint } = await eventWithEndpoint();
    script = Array.from({ length: 10 }, () => 500);
    await addGuests(ada, event.id, [{ name: 'Ada Lovelace', email: 'ada.l@example.com' }]);
    await testEventBus.idle();

    const run = await runWebhookRetries(hours(25), farDeadline());
    const [delivery] = (await webhooksApi(ada, 'GET', `/api/events/${event.id}/webhooks/${endpoint.id}/deliveries`)).body.data;
    const disabled = await webhooksApi(ada, 'GET', `/api/events/${event.id}/webhooks/${endpoint.id}`);
    const notifications = await invoke((await import('../../functions/notifications/handler.ts')).handler, makeHttpEvent({ method: 'GET', path: '/api/notifications', token: ada.token }));
    const redeliver = await webhooksApi(ada, 'POST', `/api/events/${event.id}/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`);
    const enabled = await webhooksApi(ada, 'POST', `/api/events/${event.id}/webhooks/${endpoint.id}/enable`);

    expect(run).toMatchObject({ failed: 1, delivered: 0 });
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2, next_attempt_at: null, last_error: 'HTTP 500' });
    expect(disabled.body.data).toMatchObject({ status: 'disabled', disabled_reason: expect.stringContaining('24 hours') });
    expect(notifications.body.data.filter((row: { type: string }) => row.type === 'webhook.disabled')).toMatchObject([{ entity_id: endpoint.id, event_id: event.id }]);
    expect(redeliver.status).toBe(409);
    expect(enabled.body.data).toMatchObject({ status: 'active', failing_since: null, disabled_at: null });
    expect(received).toHaveLength(2);
  });
});
