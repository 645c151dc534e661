import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { readBudgetCollection } from '../../shared/data/budget/items.ts';
import { addLedger, contribution, zeroLedger } from '../../shared/domain/budget/ledger.ts';
import { testEventBus } from '../support/event-bus.ts';
import { type Fault, inLane, injectDynamoDbFaults, seededRandom, type FaultInjector, type FaultRule } from '../support/fault-injection.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { budgetEvent, eventItem } from './budget-fixtures.ts';
import { addGuests, codeOf, countersAndRecount, people, rsvpApi } from './guests-fixtures.ts';
import { call } from './timeline-fixtures.ts';

/**
 * API writes under injected DynamoDB faults (throttling, 500s, timeouts, transaction conflicts, answers
 * lost after the write landed). Whatever the faults, every answer is a success, a 4xx or a 503 with
 * Retry-After (never a 500), and once the faults stop the event's counters equal a recount of its items:
 * no write was half done. FAULT_SEED replays a run (printed when a test fails): each of the mixed test's
 * lanes chooses its writes and draws its faults from streams of its own, and works on its own guests,
 * items and tasks, so the same seed makes the same writes meet the same faults.
 */
const SEED = Number(process.env.FAULT_SEED ?? 20261124);
const LANES = 4;

type Answer = { status: number; headers: Record<string, string>; body: any }; // any: JSON bodies of many routes

let injector: FaultInjector | undefined;
afterEach(() => injector?.remove());

/** An event with guests, budget items (one paid in part) and checklist tasks, written without faults. */
async function plannedEvent(planner: SignedInUser) {
  const event = await budgetEvent(planner);
  const guests = [...(await addGuests(planner, event.id, people(12, `faults-${event.id.slice(-6)}`)))];
  const items: string[] = [];
  for (const cost of [1000, 250.5, 80, 42]) {
    const item = await call(planner, 'POST', `/api/events/${event.id}/budget/items`, { body: { category: 'venue', description: 'Item', estimated_cost: cost } });
    items.push(item.body.data.id);
  }
  const tasks: string[] = [];
  for (const task of ['Book band', 'Order cake', 'Print menus', 'Hire photographer']) {
    tasks.push((await call(planner, 'POST', `/api/events/${event.id}/checklist`, { body: { task } })).body.data.id);
  }
  return { eventId: event.id, guests, items, tasks, payments: [] as Array<{ item: string; id: string }> };
}

type Plan = Awaited<ReturnType<typeof plannedEvent>>;

/** Lane `lane`'s own share of the plan: what it changes, no other lane touches. */
const laneShare = (plan: Plan, lane: number): Plan => ({
  eventId: plan.eventId,
  guests: plan.guests.filter((_, index) => index % LANES === lane),
  items: plan.items.filter((_, index) => index % LANES === lane),
  tasks: plan.tasks.filter((_, index) => index % LANES === lane),
  payments: [],
});

/** One write chosen at random from the mix, updating the plan's live ids from its answer. */
async function randomWrite(planner: SignedInUser, plan: Plan, random: () => number, index: number): Promise<Answer> {
  const pick = <T>(list: T[]): T | undefined => list[Math.floor(random() * list.length)];
  const guest = pick(plan.guests);
  const item = pick(plan.items);
  const roll = Math.floor(random() * 11);
  if (roll === 0 || !guest) {
    const added = await call(planner, 'POST', `/api/events/${plan.eventId}/guests`, { body: { guest_list: [{ name: `Extra ${index}`, email: `extra.${index}.${plan.eventId.slice(-6)}@example.com` }] } });
    if (added.status === 201) plan.guests.push(...added.body.data);
    return added;
  }
  if (roll === 1) {
    const removed = await call(planner, 'DELETE', `/api/guests/${guest.id}`);
    if (removed.status === 200) plan.guests.splice(plan.guests.indexOf(guest), 1);
    return removed;
  }
  if (roll === 2) return call(planner, 'PUT', `/api/guests/${guest.id}`, { body: { dietary_restrictions: random() < 0.5 ? ['vegan'] : ['gluten_free', 'vegetarian'], notes: `n${index}` } });
  if (roll === 3) return call(planner, 'POST', `/api/guests/${guest.id}/rsvp`, { body: { status: pick(['yes', 'no', 'maybe']) } });
  if (roll === 4) return rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: pick(['yes', 'no']), plus_one_count: 0 } });
  if (roll === 5 || !item) {
    const created = await call(planner, 'POST', `/api/events/${plan.eventId}/budget/items`, { body: { category: pick(['venue', 'catering', 'music']), description: `Item ${index}`, estimated_cost: 10 + index } });
    if (created.status === 201) plan.items.push(created.body.data.id);
    return created;
  }
  if (roll === 6) return call(planner, 'PUT', `/api/budget/items/${item}`, { body: { estimated_cost: 20 + index, actual_cost: 15 + index } });
  if (roll === 7) {
    const paid = await call(planner, 'POST', `/api/budget/items/${item}/payments`, { body: { amount: 1 + (index % 5) } });
    if (paid.status === 201) plan.payments.push({ item, id: paid.body.data.id });
    return paid;
  }
  if (roll === 8) {
    const payment = pick(plan.payments);
    if (!payment) return call(planner, 'DELETE', `/api/budget/items/${item}`);
    const removed = await call(planner, 'DELETE', `/api/budget/items/${payment.item}/payments/${payment.id}`);
    if (removed.status === 200) plan.payments.splice(plan.payments.indexOf(payment), 1);
    return removed;
  }
  if (roll === 9) {
    const removed = await call(planner, 'DELETE', `/api/budget/items/${item}`);
    if (removed.status === 200) plan.items.splice(plan.items.indexOf(item), 1);
    return removed;
  }
  return call(planner, 'PUT', `/api/checklist/${pick(plan.tasks)}`, { body: { completed: random() < 0.6 } });
}

/** The event's budget counters (event and categories) next to a recount of its items. */
async function budgetCountersAndRecount(eventId: string) {
  const event = (await eventItem(eventId)) as Record<string, number>;
  const { items, categories } = await readBudgetCollection(eventId);
  const total = items.reduce((sum, item) => addLedger(sum, contribution(item, 'USD').counters), zeroLedger());
  const byCategory = new Map<string, ReturnType<typeof zeroLedger>>();
  for (const item of items) byCategory.set(item.category, addLedger(byCategory.get(item.category) ?? zeroLedger(), contribution(item, 'USD').counters));
  return {
    stored: {
      event: { estimated: event.budget_estimated_minor ?? 0, actual: event.budget_actual_minor ?? 0, paid: event.budget_paid_minor ?? 0, committed: event.budget_committed_minor ?? 0, items: event.budget_item_count ?? 0 },
      categories: Object.fromEntries(categories.map((category) => [category.slug, category.counters])),
    },
    recounted: {
      event: total,
      categories: Object.fromEntries(categories.map((category) => [category.slug, byCategory.get(category.slug) ?? zeroLedger()])),
    },
  };
}

describe('API writes under injected DynamoDB faults', () => {
  it('answer 2xx, 4xx or 503 with Retry-After, never 500, and leave counters equal to a recount', async () => {
    onTestFailed(() => console.error(`faults-api: replay with FAULT_SEED=${SEED}`));
    const planner = await signedInUser();
    const plan = await plannedEvent(planner);
    const rules: FaultRule[] = [
      // Lane 0's first transaction meets a throttle that outlasts the SDK's 4 attempts: one 503 for sure.
      { fault: 'dynamodb-throughput', commands: ['TransactWriteItems'], lanes: ['lane-0'], firstCalls: 4 },
      { fault: 'transaction-conflict', commands: ['TransactWriteItems'], probability: 0.2 },
      { fault: 'lost-answer', commands: ['TransactWriteItems'], probability: 0.05 },
      { fault: 'dynamodb-throughput', probability: 0.06 },
      { fault: 'dynamodb-throttling', probability: 0.03 },
      { fault: 'timeout', probability: 0.03 },
      { fault: 'dynamodb-internal', probability: 0.02 },
    ];
    await testEventBus.idle();
    injector = injectDynamoDbFaults(rules, { seed: SEED });
    const started = Date.now();

    const answers: Answer[] = [];
    const lanes = Array.from({ length: LANES }, (_, lane) =>
      inLane(`lane-${lane}`, async () => {
        const random = seededRandom(SEED + lane);
        const share = laneShare(plan, lane);
        for (let step = 0; step < 40; step += 1) answers.push(await randomWrite(planner, share, random, lane * 100 + step));
      }),
    );
    await Promise.all(lanes);
    injector.pause();
    const elapsedMs = Date.now() - started;

    const statuses = answers.map((answer) => answer.status);
    const unavailable = answers.filter((answer) => answer.status === 503);
    console.info('faults-api', JSON.stringify({ seed: SEED, writes: answers.length, injected: injector.injected, attempts: injector.attempts, statuses: countBy(statuses), elapsedMs }));
    expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect(statuses.every((status) => (status >= 200 && status < 300) || (status >= 400 && status < 500) || status === 503)).toBe(true);
    for (const answer of unavailable) {
      expect(answer.headers['Retry-After']).toMatch(/^[1-9]\d*$/);
      expect(answer.body).toMatchObject({ status: 503, code: 'service_unavailable' });
    }
    expect(injector.totalInjected()).toBeGreaterThan(40);
    // Every kind of fault meant to happen did, and the 503 branch above asserted at least one answer.
    const meant = [...new Set(rules.map((rule) => rule.fault))];
    expect(meant.filter((fault: Fault) => !injector?.injected[fault])).toEqual([]);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status < 300).length).toBeGreaterThan(answers.length / 2);

    const guests = await countersAndRecount(plan.eventId);
    const budget = await budgetCountersAndRecount(plan.eventId);
    expect(guests.stored).toEqual(guests.recounted);
    expect(budget.stored).toEqual(budget.recounted);
    expect(Object.keys(budget.stored.categories)).toEqual(expect.arrayContaining(['venue', 'catering', 'music']));
  }, 180_000);

  it('a throttle that outlasts the SDK retries is a 503 with Retry-After, and nothing is written', async () => {
    const planner = await signedInUser();
    const plan = await plannedEvent(planner);
    const before = await countersAndRecount(plan.eventId);
    // The consumers of the setup's domain events write too; the attempts counted below must be this request's.
    await testEventBus.idle();
    injector = injectDynamoDbFaults([{ fault: 'dynamodb-throughput', commands: ['TransactWriteItems'], probability: 1 }], { seed: SEED });

    const answer = await call(planner, 'POST', `/api/events/${plan.eventId}/guests`, { body: { guest_list: [{ name: 'Late', email: `late.${plan.eventId.slice(-6)}@example.com` }] } });
    injector.pause();

    expect(answer.status).toBe(503);
    expect(answer.headers['Retry-After']).toBe('2');
    expect(answer.body).toMatchObject({ code: 'service_unavailable', title: 'Service unavailable' });
    // The SDK tried 4 times (shared/aws/client-options.ts) before giving up.
    expect(injector.attempts.TransactWriteItems).toBe(4);
    expect(await countersAndRecount(plan.eventId)).toEqual(before);
  });

  it('a POST with an Idempotency-Key that meets a throttled table is a 503, and the same key works once it passes', async () => {
    const planner = await signedInUser();
    const plan = await plannedEvent(planner);
    const body = { category: 'venue', description: 'Keyed', estimated_cost: 42 };
    const post = (key: string) => call(planner, 'POST', `/api/events/${plan.eventId}/budget/items`, { body, headers: { 'Idempotency-Key': key } });
    // The write fails, and so does releasing the key afterwards: the answer must still be the 503.
    injector = injectDynamoDbFaults([{ fault: 'dynamodb-throughput', commands: ['TransactWriteItems', 'DeleteItem'], probability: 1 }], { seed: SEED });

    const stuckRelease = await post('faults-key-0001');
    injector.remove();
    injector = injectDynamoDbFaults([{ fault: 'dynamodb-throughput', commands: ['TransactWriteItems'], probability: 1 }], { seed: SEED });
    const released = await post('faults-key-0002');
    injector.pause();
    const whileClaimed = await post('faults-key-0001');
    const retried = await post('faults-key-0002');
    const replayed = await post('faults-key-0002');

    expect(stuckRelease.status).toBe(503);
    expect(released.status).toBe(503);
    // The first key's claim could not be released: it lapses after a minute, until then a repeat is told to wait.
    expect(whileClaimed.status).toBe(409);
    expect(retried.status).toBe(201);
    expect(replayed.headers['Idempotent-Replayed']).toBe('true');
    const { stored, recounted } = await budgetCountersAndRecount(plan.eventId);
    expect(stored).toEqual(recounted);
    // Three items planned, one created by the retried key, none by the failed attempts or the replay.
    expect(stored.event.items).toBe(plan.items.length + 1);
  });

  it('transaction conflicts are retried with backoff; one that never clears is a 503 with Retry-After', async () => {
    const planner = await signedInUser();
    const plan = await plannedEvent(planner);
    const [guest] = plan.guests;
    injector = injectDynamoDbFaults([{ fault: 'transaction-conflict', commands: ['TransactWriteItems'], firstCalls: 3 }], { seed: SEED });

    const cleared = await call(planner, 'POST', `/api/guests/${guest?.id}/rsvp`, { body: { status: 'yes' } });
    injector.remove();
    injector = injectDynamoDbFaults([{ fault: 'transaction-conflict', commands: ['TransactWriteItems'], probability: 1 }], { seed: SEED });
    const stuck = await call(planner, 'PUT', `/api/checklist/${plan.tasks[0]}`, { body: { completed: true } });
    injector.pause();

    expect(cleared.status).toBe(200);
    expect(stuck.status).toBe(503);
    expect(stuck.headers['Retry-After']).toBe('1');
    // transact() tried 7 times (shared/data/transact.ts), each attempt one SDK call: conflicts are not the SDK's to retry.
    expect(injector.attempts.TransactWriteItems).toBe(7);
    const { stored, recounted } = await countersAndRecount(plan.eventId);
    expect(stored).toEqual(recounted);
    expect(stored).toMatchObject({ rsvp_yes: 1 });
  });
});

function countBy(values: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
