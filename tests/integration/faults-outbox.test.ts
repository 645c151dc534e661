import { afterEach, describe, expect, it } from 'vitest';
import type { SenderRun } from '../../functions/outbox/run-summary.ts';
import { injectDynamoDbFaults, injectSesFaults, type FaultInjector } from '../support/fault-injection.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { api, createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests, codeOf, rsvpApi } from './guests-fixtures.ts';
import { addressOf, emailsFor, invitationsApi, runSender, uniqueTag } from './invitations-fixtures.ts';

/**
 * The outbox under injected faults: an invitation batch, RSVP confirmations and a change notice, sent
 * over several runs while SES throttles and fails (and, in the second test, DynamoDB throttles, times
 * out and loses answers too). Every recipient ends up with exactly one email of each kind: nothing is
 * lost from the outbox and nothing is sent twice. Runs are spaced six hours apart on the sender's clock
 * so every backoff (at most four hours) has passed.
 */
const GUESTS = 40;
const ANSWERING = 8;
const RUN_SPACING_MS = 6 * 3_600_000;
const MAX_RUNS = 12;

const injectors: FaultInjector[] = [];
afterEach(() => {
  for (const injector of injectors.splice(0)) injector.remove();
});

type Totals = { runs: number; invitations_sent: number; notice_emails_sent: number; failures: number; errors: number; duplicates_detected: number };

/** Runs the sender until a run finds nothing to take (or MAX_RUNS), each later than the one before. */
async function runUntilIdle(clock: { at: number }, totals: Totals): Promise<void> {
  for (let index = 0; index < MAX_RUNS; index += 1) {
    clock.at += RUN_SPACING_MS;
    const run: SenderRun = await runSender(new Date(clock.at));
    totals.runs += 1;
    totals.invitations_sent += run.invitations_sent;
    totals.notice_emails_sent += run.notice_emails_sent;
    totals.failures += run.failures;
    totals.errors += run.errors;
    totals.duplicates_detected += run.duplicates_detected;
    // A run whose index read failed (counted in errors) is not idle: the next one reads again.
    if (run.entries_taken === 0 && run.entries_busy === 0 && run.errors === 0) return;
  }
}

const recipientOf = (input: Record<string, unknown>) => (input.Destination as { ToAddresses?: string[] } | undefined)?.ToAddresses?.[0] ?? '';

const kindOf = (subject: string) => (subject.startsWith('Changed:') ? 'change' : subject.startsWith('Your answer for') ? 'confirmation' : 'invitation');

/** Emails per kind and address. */
async function mailbox(tag: string): Promise<Record<string, Map<string, number>>> {
  const byKind: Record<string, Map<string, number>> = { invitation: new Map(), change: new Map(), confirmation: new Map() };
  for (const email of await emailsFor(tag)) {
    const counts = byKind[kindOf(email.subject)] as Map<string, number>;
    const address = addressOf(email.destination.to[0] as string);
    counts.set(address, (counts.get(address) ?? 0) + 1);
  }
  return byKind;
}

async function scenario(inject: () => FaultInjector[]) {
  const planner = await signedInUser();
  const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
  const tag = uniqueTag();
  const guests = await addGuests(planner, event.id, Array.from({ length: GUESTS }, (_, index) => ({ name: `Guest ${index}`, email: `g${index}.${tag}@example.com` })));
  const queued = await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, {});
  expect(queued.status).toBe(202);
  const started = Date.now();
  const clock = { at: Date.now() };
  const totals: Totals = { runs: 0, invitations_sent: 0, notice_emails_sent: 0, failures: 0, errors: 0, duplicates_detected: 0 };

  injectors.push(...inject());
  await runUntilIdle(clock, totals);
  // The API under faults is tests/integration/faults-api.test.ts; here its writes only make notices.
  for (const injector of injectors) injector.pause();
  for (const guest of guests.slice(0, ANSWERING)) expect((await rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'yes' } })).status).toBe(200);
  expect((await api(planner, 'PUT', `/api/events/${event.id}`, { body: { event_date: '2031-07-04T16:00:00Z' } })).status).toBe(200);
  for (const injector of injectors) injector.resume();
  await runUntilIdle(clock, totals);
  for (const injector of injectors) injector.pause();
  clock.at += RUN_SPACING_MS;
  const afterFaults = await runSender(new Date(clock.at));

  const emails = await mailbox(tag);
  const addresses = guests.map((guest) => guest.email as string);
  const injected = injectors.map((injector) => injector.injected);
  console.info('faults-outbox', JSON.stringify({ injected, totals, elapsedMs: Date.now() - started }));
  return { emails, addresses, totals, afterFaults, injected: injectors.reduce((sum, injector) => sum + injector.totalInjected(), 0) };
}

const once = (addresses: string[]) => new Map(addresses.map((address) => [address, 1]));
const sorted = (counts: Map<string, number>) => new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));

/** Once the faults stop nothing is left to send, and every guest got one invitation and one change notice, each answering guest one confirmation. */
function expectEachEmailOnce({ emails, addresses, afterFaults }: Awaited<ReturnType<typeof scenario>>) {
  expect(afterFaults).toMatchObject({ invitations_sent: 0, notice_emails_sent: 0, entries_taken: 0 });
  expect(sorted(emails.invitation as Map<string, number>)).toEqual(sorted(once(addresses)));
  expect(sorted(emails.change as Map<string, number>)).toEqual(sorted(once(addresses)));
  expect(sorted(emails.confirmation as Map<string, number>)).toEqual(sorted(once(addresses.slice(0, ANSWERING))));
}

describe('the outbox under injected faults', () => {
  it('with SES throttling and failures sends every invitation and notice exactly once, over several runs', async () => {
    const seed = 7001;
    const outcome = await scenario(() => [
      injectSesFaults([
        // Five guests' first invitations fail through all 3 SDK attempts: later runs must send them.
        { fault: 'ses-internal', commands: ['SendEmail'], when: (input) => /^g[0-4]\./.test(recipientOf(input)), firstCalls: 15 },
        { fault: 'ses-throttling', commands: ['SendEmail'], probability: 0.25 },
        { fault: 'ses-internal', commands: ['SendEmail'], probability: 0.15 },
      ], { seed }),
    ]);

    expect(outcome.injected).toBeGreaterThan(20);
    // Failures that outlasted the SDK's retries were sent by later runs, not given up.
    expect(outcome.totals.failures).toBeGreaterThanOrEqual(5);
    expect(outcome.totals.runs).toBeGreaterThan(2);
    expectEachEmailOnce(outcome);
  }, 60_000);

  it('with DynamoDB throttling, timeouts and lost answers as well, still sends each email exactly once', async () => {
    const seed = 7002;
    const outcome = await scenario(() => [
      injectSesFaults([{ fault: 'ses-throttling', commands: ['SendEmail'], probability: 0.2 }, { fault: 'ses-internal', commands: ['SendEmail'], probability: 0.05 }], { seed }),
      injectDynamoDbFaults([
        { fault: 'lost-answer', commands: ['UpdateItem', 'PutItem', 'TransactWriteItems'], probability: 0.05 },
        { fault: 'transaction-conflict', commands: ['TransactWriteItems'], probability: 0.1 },
        { fault: 'dynamodb-throughput', probability: 0.08 },
        { fault: 'timeout', probability: 0.04 },
      ], { seed }),
    ]);

    expect(outcome.injected).toBeGreaterThan(40);
    expect(outcome.totals.runs).toBeGreaterThan(2);
    expectEachEmailOnce(outcome);
  }, 60_000);
});
