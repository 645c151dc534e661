import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { runScheduleNow } from '../../infra/local/schedules.ts';
import { type Api, demoApi } from '../../scripts/demo/api.ts';
import { buildDemoWorld, type DemoOptions, type DemoWorld } from '../../scripts/demo/world.ts';
import { startTestStack } from './support/local-stack.ts';
import { storedEmailsTo } from '../../infra/local/ses-store.ts';

/**
 * `npm run demo` against the local stack, with a smaller wedding: the world is there through the API
 * (counts, every answer state, the critical path, the one crossed alert, uploaded documents, the team),
 * the invitations are in the SES emulator, and a second run with the same seed changes nothing.
 */
const GUESTS = 40;
const SEED = 4242;
// Building the world is most of this file: minutes on a loaded 2-core machine.
const DEMO_TIMEOUT_MS = 1_200_000;

type StoredEmail = { destination: { to: string[] }; subject: string };

/** What the SES emulator received for an address, for the demo's people to verify their email from. */
async function emulatorEmails(address: string): Promise<Array<{ subject: string; text: string }>> {
  return (await storedEmailsTo(inject('sesEndpoint'), address)).map((email) => ({ subject: email.subject, text: email.body.text ?? '' }));
}

let stack: LocalStack;
let api: Api;
let options: DemoOptions;
let world: DemoWorld;
let token: string;

beforeAll(async () => {
  stack = await startTestStack();
  api = demoApi(stack.apiUrl);
  options = { api, seed: SEED, guests: GUESTS, sendQueuedEmails: async () => void (await runScheduleNow('outbox')), readEmails: emulatorEmails, log: () => undefined };
  world = await buildDemoWorld(options);
  const organizer = world.users.find((user) => user.role === 'organizer');
  // The printed login works, as a person would use it.
  token = (await api.call('POST', '/api/auth/login', { body: { login: organizer?.username, password: organizer?.password } })).data.access_token;
}, DEMO_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
});

const get = async (path: string) => api.call('GET', path, { token });

describe('npm run demo', () => {
  it('fills the guest list with households, dietary needs and answers in every state, the waitlist included', async () => {
    const { data: guests, meta } = await get(`/api/events/${world.eventId}/guests?limit=100`);

    expect(meta?.totals).toMatchObject({ guests: GUESTS, waitlisted: world.expectedWaitlisted });
    for (const state of ['yes', 'no', 'maybe', 'pending', 'waitlisted']) expect((meta?.totals as Record<string, number>)[state]).toBeGreaterThan(0);
    expect(meta?.expected_headcount).toBe(world.capacity);
    expect(Object.keys(meta?.dietary_summary as object).length).toBeGreaterThan(0);
    expect(new Set((guests as Array<{ party_name: string }>).map((guest) => guest.party_name)).size).toBeLessThan(GUESTS);
  });

  it('plans a budget in two currencies with vendors and payments, and exactly one threshold crossed', async () => {
    const { data: budget } = await get(`/api/events/${world.eventId}/budget`);
    const { data: vendors } = await get(`/api/events/${world.eventId}/vendors`);
    const items = (budget.categories as Array<{ items: Array<{ currency: string }> }>).flatMap((category) => category.items);

    expect(budget.currency).toBe('EUR');
    expect(new Set(items.map((item) => item.currency))).toEqual(new Set(['EUR', 'GBP']));
    expect(vendors).toHaveLength(5);
    expect(budget.totals.paid).toBeGreaterThan(0);
    expect(budget.alerts.map((alert: { kind: string }) => alert.kind)).toEqual(['budget_warning']);
  });

  it('links the timeline so that the critical path runs through the open chain, not the finished items', async () => {
    const { data: items, meta } = await get(`/api/events/${world.eventId}/timeline`);
    const titleOf = new Map((items as Array<{ id: string; title: string }>).map((item) => [item.id, item.title]));

    const path = (meta?.critical_path as { item_ids: string[] }).item_ids.map((id) => titleOf.get(id));

    expect(path).toEqual(['Menu tasting', 'Finalize the menu', 'Confirm the headcount', 'Make final vendor payments', 'Rehearsal', 'The wedding day']);
  });

  it('applies the wedding checklist template, uploads the documents and forms the team', async () => {
    const { meta: checklist } = await get(`/api/events/${world.eventId}/checklist`);
    const { data: documents } = await get(`/api/events/${world.eventId}/documents`);
    const { data: team } = await get(`/api/events/${world.eventId}/team`);
    const { data: contract } = await get(`/api/documents/${(documents as Array<{ id: string; name: string }>).find((document) => document.name === 'Venue contract')?.id}`);
    const file = await fetch(contract.download.url);

    expect(checklist).toMatchObject({ total: 20, completed: 6 });
    expect((documents as Array<{ uploaded: boolean }>).map((document) => document.uploaded)).toEqual([true, true, true]);
    expect((await file.text()).startsWith('%PDF-1.4')).toBe(true);
    expect((team as Array<{ role: string; status: string }>).map(({ role, status }) => `${role}:${status}`).sort()).toEqual(
      ['assistant:active', 'coordinator:active', 'organizer:active', 'viewer:invited'],
    );
  });

  it('verifies every demo account from the verification mail it received, as a person would', async () => {
    for (const user of world.users) {
      const signedIn = await api.call('POST', '/api/auth/login', { body: { login: user.username, password: user.password } });
      expect(signedIn.data.user.email_verified).toBe(true);
    }
    expect(world.users).toHaveLength(3);
  });

  it('sends every guest an invitation, visible in the SES emulator', async () => {
    const { emails } = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: StoredEmail[] };

    const invitations = emails.filter((email) => email.subject === `Invitation: ${world.eventName}`);

    expect(invitations).toHaveLength(GUESTS);
  });

  it('changes nothing when run again with the same seed', async () => {
    const before = await get(`/api/events/${world.eventId}/guests?limit=1`);

    const again = await buildDemoWorld(options);
    const after = await get(`/api/events/${world.eventId}/guests?limit=1`);
    const { data: events } = await get('/api/events');

    expect(again).toMatchObject({ reused: true, eventId: world.eventId });
    expect(after.meta?.totals).toEqual(before.meta?.totals);
    expect(events).toHaveLength(1);
  });
});
