import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { GUESTS_PER_TRANSACTION } from '../../functions/guests/add-guests.ts';
import { resetConfigForTests } from '../../shared/config.ts';
import { getDietarySummary, listAllGuests } from '../../shared/data/guests/reads.ts';
import { type FaultInjector, inLane, injectDynamoDbFaults } from '../support/fault-injection.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { countersAndRecount, guestsApi } from './guests-fixtures.ts';

/**
 * Bulk adds of several transactions each (functions/guests/add-guests.ts) racing on one event, also under
 * injected faults, leave the event's counters, dietary counts and email claims equal to a recount and
 * never pass the cap.
 */
const SEED = Number(process.env.FAULT_SEED ?? 20261206);
const CAP = 400;
let ada: SignedInUser;
let injector: FaultInjector | undefined;

beforeAll(async () => {
  process.env.MAX_GUESTS_PER_EVENT = String(CAP);
  resetConfigForTests();
  ada = await signedInUser();
});

afterEach(() => injector?.remove());

afterAll(() => {
  delete process.env.MAX_GUESTS_PER_EVENT;
  resetConfigForTests();
});

/** `count` guests from `from`, every third vegetarian: the emails of two lists overlap where their ranges do. */
const guestRange = (from: number, count: number) =>
  Array.from({ length: count }, (_, offset) => ({ name: `Bulk ${from + offset}`, email: `bulk.${from + offset}@example.com`, dietary_restrictions: (from + offset) % 3 ? [] : ['vegetarian'] }));

const add = (eventId: string, guests: unknown[]) => guestsApi(ada, 'POST', `/api/events/${eventId}/guests`, { body: { guest_list: guests } });

async function expectExactCounters(eventId: string) {
  const { stored, recounted } = await countersAndRecount(eventId);
  expect(stored).toEqual(recounted);
  const guests = await listAllGuests(eventId);
  const vegetarians = guests.filter((guest) => guest.dietary_restrictions?.includes('vegetarian')).length;
  expect(await getDietarySummary(eventId)).toEqual(vegetarians ? { vegetarian: vegetarians } : {});
  // Every email is on the list once, whichever request or batch claimed it.
  const emails = guests.map((guest) => guest.email);
  expect(new Set(emails).size).toBe(emails.length);
  return guests;
}

describe('concurrent bulk adds', () => {
  it('adds a list of several batches in its order, and overlapping concurrent adds each claim an email once', async () => {
    const event = await createEvent(ada);
    // Two lists of 150 (5 transactions each) sharing 50 emails.
    expect(Math.ceil(150 / GUESTS_PER_TRANSACTION)).toBe(5);

    const [first, second] = await Promise.all([add(event.id, guestRange(0, 150)), add(event.id, guestRange(100, 150))]);

    expect(first?.status, JSON.stringify(first?.body)).toBe(201);
    expect(second?.status, JSON.stringify(second?.body)).toBe(201);
    expect(first?.body.data.map((guest: { email: string }) => guest.email).slice(0, 3)).toEqual(['bulk.0@example.com', 'bulk.1@example.com', 'bulk.2@example.com']);
    // Each shared email went to exactly one of the two requests; the other skipped it.
    expect((first?.body.meta.added ?? 0) + (second?.body.meta.added ?? 0)).toBe(250);
    expect((first?.body.meta.skipped.length ?? 0) + (second?.body.meta.skipped.length ?? 0)).toBe(50);
    const guests = await expectExactCounters(event.id);
    expect(guests).toHaveLength(250);
  });

  it('never passes the cap when bulk adds race for the last room; a request cut short says how many it added', async () => {
    const event = await createEvent(ada);
    await add(event.id, guestRange(0, CAP - 200));

    // Both read 200 left and pass the early check; their batches race for the room on the counter.
    const answers = await Promise.all([add(event.id, guestRange(1000, 150)), add(event.id, guestRange(2000, 150))]);

    // 300 guests for 200 seats: at least one is refused; interleaved batches may cut both short.
    expect(answers.some((answer) => answer.status === 409)).toBe(true);
    let added = 0;
    for (const answer of answers) {
      expect([201, 409]).toContain(answer.status);
      if (answer.status === 201) added += answer.body.meta.added;
      else {
        expect(answer.body.code).toBe('guest_limit_exceeded');
        added += Number(/(\d+) of this request's guests were added/.exec(answer.body.detail)?.[1] ?? 0);
      }
    }
    const guests = await expectExactCounters(event.id);
    expect(guests).toHaveLength(CAP - 200 + added);
    expect(guests.length).toBeLessThanOrEqual(CAP);
  });

  it('keeps counters equal to a recount when transactions meet conflicts, throttles and lost answers', async () => {
    onTestFailed(() => console.error(`guests-bulk: replay with FAULT_SEED=${SEED}`));
    const event = await createEvent(ada);
    injector = injectDynamoDbFaults([
      { fault: 'transaction-conflict', commands: ['TransactWriteItems'], probability: 0.3 },
      { fault: 'dynamodb-throughput', commands: ['TransactWriteItems'], probability: 0.15 },
      { fault: 'lost-answer', commands: ['TransactWriteItems'], probability: 0.1 },
    ], { seed: SEED });

    const answers = await Promise.all([0, 1, 2].map((lane) => inLane(`lane-${lane}`, () => add(event.id, guestRange(lane * 100, 100)))));
    injector.pause();

    for (const answer of answers) expect([201, 503], JSON.stringify(answer.body)).toContain(answer.status);
    expect(injector.injected['transaction-conflict']).toBeGreaterThan(0);
    expect(injector.injected['dynamodb-throughput']).toBeGreaterThan(0);
    const guests = await expectExactCounters(event.id);
    expect(guests.length).toBeGreaterThan(0);
  }, 120_000);
});
