import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction, deployedExternals, type FunctionBundle } from '../../infra/function-bundles.ts';
import { runScheduleNow } from '../../infra/local/schedules.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { swaggerUiFiles } from '../../shared/schemas/docs.ts';
import { pdfBytes } from '../support/file-bytes.ts';
import { connectClient, type RealtimeClient } from '../support/realtime-client.ts';
import { markEmailVerified } from '../support/signed-in-user.ts';
import { sharedStackBundles, stackBundlesFolder } from '../support/stack-bundles.ts';
import { apiClient } from './support/api-client.ts';
import { startTestStack } from './support/local-stack.ts';
import { type StoredEmail, storedEmailsTo } from '../../infra/local/ses-store.ts';

/**
 * What runs is what ships (issue 19): the local stack in its bundled mode (`npm start -- --bundled`) serves
 * every request, schedule, bus rule and WebSocket message with the bundles `cdk deploy` ships (built by
 * the stack's own bundling, the AWS SDK inside, into a folder outside the project so nothing is found in
 * its node_modules by accident), and a planner's and a guest's whole day goes through them.
 */
let bundlesDir: string;
let fixtureDir: string;
let bundles: FunctionBundle[];
let stack: LocalStack;
let call: ReturnType<typeof apiClient>;
let socket: RealtimeClient | undefined;

beforeAll(async () => {
  bundles = await sharedStackBundles();
  bundlesDir = stackBundlesFolder();
  fixtureDir = await mkdtemp(join(tmpdir(), 'epa-bundling-fixture-'));
  stack = await startTestStack({ bundledFunctions: bundlesDir });
  call = apiClient(stack.apiUrl);
}, 600_000);

afterAll(async () => {
  await socket?.close();
  await stack?.stop();
  await rm(fixtureDir, { recursive: true, force: true });
});

/** The emails the SES emulator holds for an address, oldest first. */
const emailsTo = (address: string): Promise<StoredEmail[]> => storedEmailsTo(stack.sesEndpoint, address);

describe('the local stack serving from the shipped bundles', () => {
  it('bundles every function of the stack with the SDK inside', () => {
    expect(bundles.length).toBeGreaterThanOrEqual(28);
    expect(bundles.every((bundle) => bundle.sdkBytes > 0 && bundle.file.startsWith(bundlesDir))).toBe(true);
  });

  it("runs a planner's and a guest's day: auth, events, guests, invitations, RSVP, real time, documents, docs", async () => {
    const suffix = randomUUID().slice(0, 8);
    const password = `violet-kettle-${suffix}`;
    const registered = await call('POST', '/api/auth/register', { body: { username: `bundled_${suffix}`, email: `bundled.${suffix}@example.com`, password, full_name: 'Bundled Planner' } });
    await markEmailVerified(registered.body.data.user.id);
    const login = await call('POST', '/api/auth/login', { body: { username: `bundled_${suffix}`, password } });
    const token: string = login.body.data.access_token;

    const created = await call('POST', '/api/events', { token, body: { name: 'Shipped party', event_date: '2031-07-04T18:00:00Z', timezone: 'Europe/Paris', location: 'Quai', event_type: 'party' } });
    const eventId: string = created.body.data.id;
    const updated = await call('PUT', `/api/events/${eventId}`, { token, headers: { 'if-match': String(created.body.data.version) }, body: { name: 'Shipped party, as built' } });
    const guestAddress = `guest.${suffix}@example.com`;
    const added = await call('POST', `/api/events/${eventId}/guests`, { token, body: { guest_list: [{ name: 'Grace', email: guestAddress }, { name: 'Alan', email: `alan.${suffix}@example.com` }] } });

    const ticket = await call('POST', '/api/realtime/ticket', { token });
    socket = await connectClient(stack.webSocketUrl, ticket.body.data.ticket);
    socket.send({ action: 'subscribe', event_id: eventId });
    const subscribed = await socket.next((message) => message.type === 'subscribed');

    const queued = await call('POST', `/api/events/${eventId}/invitations`, { token, body: { invitation_template: 'formal' } });
    await runScheduleNow('outbox');
    const [invitation] = await emailsTo(guestAddress);
    const link = /http:\/\/localhost:\d+\/rsvp\/[A-Za-z0-9_-]{43}/.exec(invitation?.body.text ?? '')?.[0] as string;
    const opened = await fetch(link, { redirect: 'manual' });
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const page = await fetch(`${stack.apiUrl}/rsvp`, { headers: { cookie } });
    const pageHtml = await page.text();
    const answered = await fetch(`${stack.apiUrl}/rsvp`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'status=yes&plus_one_count=0&dietary_restrictions=&note=',
    });
    // The answer's domain event reaches the push function over the local bus, then this socket.
    const pushed = await socket.next((message) => message.type === 'event.updated' && message.counters.rsvp_yes === 1);

    const bytes = pdfBytes(2048);
    const document = await call('POST', `/api/events/${eventId}/documents`, { token, body: { name: 'Contract', category: 'contract', content_type: 'application/pdf', file_name: 'contract.pdf', size: bytes.length } });
    const uploaded = await fetch(document.body.data.upload.url, { method: 'PUT', headers: document.body.data.upload.headers, body: bytes });
    const confirmed = await call('POST', `/api/documents/${document.body.data.id}/versions/1/confirm`, { token });
    await stack.eventBusIdle();
    const download = await call('GET', `/api/documents/${document.body.data.id}/versions/1/download`, { token });

    // A scheduled job beside the outbox: it throws if its bundle cannot run.
    const reminders = runScheduleNow('reminders');
    const openApi = await call('GET', '/api/openapi.json');
    const docsPage = await call('GET', '/docs');
    const assets = await Promise.all(swaggerUiFiles.map((asset) => fetch(`${stack.apiUrl}/docs/${asset}`)));

    expect(registered.status).toBe(201);
    expect(login.status).toBe(200);
    expect(updated.body.data.name).toBe('Shipped party, as built');
    expect(added.status).toBe(201);
    expect(subscribed.counters).toMatchObject({ guest_count: 2, rsvp_pending: 2 });
    expect(queued.status).toBe(202);
    expect(invitation?.subject).toBe('Invitation: Shipped party, as built');
    expect(opened.status).toBe(303);
    expect(page.status).toBe(200);
    expect(pageHtml).toContain('<form');
    expect(answered.status).toBe(303);
    expect(pushed.counters).toMatchObject({ rsvp_yes: 1, rsvp_pending: 1 });
    expect(uploaded.status).toBe(200);
    expect(confirmed.status).toBe(200);
    expect(download.status).toBe(200);
    await expect(reminders).resolves.toBeUndefined();
    expect(Object.keys(openApi.body.paths)).toContain('/api/events/{id}/guests');
    expect(docsPage.status).toBe(200);
    expect(assets.map((asset) => asset.status)).toEqual(swaggerUiFiles.map(() => 200));
  }, 300_000);

  it('fails on a bundling mistake: a handler reading a file beside its source loads from the source, not from its bundle', async () => {
    const fixture = join(import.meta.dirname, '../support/bundling-fixture/handler.ts');
    const broken = await bundleFunction('bundling-fixture', deployedExternals, join(fixtureDir, 'bundling-fixture'), fixture);

    const fromSource = (await import(/* @vite-ignore */ fixture)) as { handler: () => Promise<string> };

    expect(await fromSource.handler()).toBe('hello from beside the source');
    await expect(import(/* @vite-ignore */ broken.file)).rejects.toThrow(/ENOENT.*greeting\.txt/);
  });
});
