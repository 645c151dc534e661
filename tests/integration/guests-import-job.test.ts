import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redriveDeadLetters } from '../../infra/local/async-invoke.ts';
import type { RunningWebSocketServer } from '../../infra/local/websocket.ts';
import { resetConfigForTests } from '../../shared/config.ts';
import { db } from '../../shared/data/client.ts';
import { SYNC_IMPORT_MAX_ROWS } from '../../shared/domain/guests/import-job.ts';
import { testDeadLetters, testEventBus } from '../support/event-bus.ts';
import { type FaultInjector, injectFaults } from '../support/fault-injection.ts';
import type { RealtimeClient } from '../support/realtime-client.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { collection, createEvent } from './events-fixtures.ts';
import { addGuests, countersAndRecount, guestsApi, people } from './guests-fixtures.ts';
import { connectAs, startRealtime } from './realtime-fixtures.ts';

/**
 * Background guest imports end to end below HTTP: the guests handler stores the job and puts
 * `guests.import.requested` on the local bus (real EventBridge client), which runs the guest-import
 * function in-process against DynamoDB Local; its progress reaches a real WebSocket subscriber. The
 * waits are the bus's own `idle()` (every delivery finished), never a sleep.
 */
let ada: SignedInUser;
let server: RunningWebSocketServer;
const clients: RealtimeClient[] = [];
let injector: FaultInjector | null = null;

beforeAll(async () => {
  ada = await signedInUser();
  server = await startRealtime();
});

afterEach(() => {
  injector?.remove();
  injector = null;
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server?.close();
});

const csv = (lines: string[]) => ({ rawBody: ['Name,Email', ...lines].join('\n'), headers: { 'content-type': 'text/csv' } });
const rowsOf = (list: { name: string; email: string }[]) => list.map((person) => `${person.name},${person.email}`);
const importFile = (eventId: string, lines: string[]) => guestsApi(ada, 'POST', `/api/events/${eventId}/guests/import`, csv(lines));
const importItems = async (eventId: string) => (await collection(eventId)).filter((item) => String(item.sk).startsWith('GUESTIMPORT#'));

describe('POST /api/events/{id}/guests/import of a large file', () => {
  it('answers 202 with a status URL, adds every row in the background with exact counters, and pushes progress and done', async () => {
    const event = await createEvent(ada);
    await addGuests(ada, event.id, [{ name: 'Already Here', email: 'guest.7@example.com' }]);
    const subscriber = await connectAs(server, ada);
    clients.push(subscriber);
    subscriber.send({ action: 'subscribe', event_id: event.id });
    await subscriber.next((message) => message.type === 'subscribed');
    const guests = people(1_200);
    const lines = [...rowsOf(guests), 'Twice,GUEST.3@example.com', ',nameless@example.com'];

    const response = await importFile(event.id, lines);
    await testEventBus.idle();
    const status = await guestsApi(ada, 'GET', String(response.headers.Location));

    expect(response.status).toBe(202);
    expect(response.headers.Location).toBe(`/api/events/${event.id}/guests/imports/${response.body.data.id}`);
    expect(response.body.data).toMatchObject({ status: 'queued', rows: 1_202, total: 1_200, processed: 0, rejected_count: 1 });
    expect(status.status).toBe(200);
    expect(status.body.data).toMatchObject({
      status: 'done', rows: 1_202, total: 1_200, processed: 1_200, added: 1_199, skipped_count: 2, rejected_count: 1, error: null,
      // In the order found: the file's own repeats when it was read, then the rows already on the list.
      skipped: [{ line: 1_202, email: 'guest.3@example.com', reason: 'duplicate_in_request' }, { line: 9, email: 'guest.7@example.com', reason: 'already_on_list' }],
      rejected: [{ line: 1_203, errors: [{ path: 'name', message: expect.any(String) }] }],
    });
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.guest_count).toBe(1_200);
    const progress = await subscriber.next((message) => message.type === 'guests.import.progress');
    const done = await subscriber.next((message) => message.type === 'guests.import.done');
    expect(progress).toMatchObject({ event_id: event.id, job_id: response.body.data.id, status: 'running', total: 1_200 });
    expect(progress.processed).toBeGreaterThanOrEqual(1_000);
    expect(done).toMatchObject({ event_id: event.id, job_id: response.body.data.id, status: 'done', processed: 1_200, total: 1_200, added: 1_199, skipped: 2 });
  });

  it('resumes a run that failed part-way from its checkpoint when the dead letter is redriven, adding nobody twice', async () => {
    const event = await createEvent(ada);
    let transactions = 0;
    // Six batches commit, then every transaction fails: the run, its two retries, then the dead-letter queue.
    injector = injectFaults(db(), [{ fault: 'dynamodb-internal', commands: ['TransactWriteItems'], when: () => (transactions += 1) > 6, probability: 1 }], { seed: 15 });

    // 520 rows: more than a request adds itself (SYNC_IMPORT_MAX_ROWS), more than the six batches that commit.
    const response = await importFile(event.id, rowsOf(people(520, 'resume')));
    await testEventBus.idle();
    injector.pause();
    const halfway = await guestsApi(ada, 'GET', String(response.headers.Location));
    const letters = await testDeadLetters.list('guest-import');
    const redriven = await redriveDeadLetters({ target: 'guest-import', deadLetters: testDeadLetters });
    const finished = await guestsApi(ada, 'GET', String(response.headers.Location));

    expect(response.status).toBe(202);
    expect(halfway.body.data).toMatchObject({ status: 'running', processed: 6 * 32, added: 6 * 32 });
    expect(letters).toHaveLength(1);
    expect(redriven).toMatchObject({ delivered: 1, failed: [] });
    expect(finished.body.data).toMatchObject({ status: 'done', processed: 520, added: 520, skipped_count: 0 });
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.guest_count).toBe(520);
  });

  it('refuses a file with no good row and one it cannot read with 400, storing no job', async () => {
    const event = await createEvent(ada);
    const nameless = Array.from({ length: SYNC_IMPORT_MAX_ROWS + 1 }, (_, index) => `,nobody.${index}@example.com`);

    const allBad = await importFile(event.id, nameless);
    const broken = await importFile(event.id, [...rowsOf(people(SYNC_IMPORT_MAX_ROWS)), '"unclosed,x@example.com']);

    expect(allBad.status).toBe(400);
    expect(allBad.body.code).toBe('validation_error');
    expect(allBad.body.errors[0]).toEqual({ path: 'line 2.name', message: expect.any(String) });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('malformed_csv');
    expect(await importItems(event.id)).toEqual([]);
  });

  it('answers 404 for a job of another event or one that does not exist', async () => {
    const event = await createEvent(ada);
    const other = await createEvent(ada);
    const response = await importFile(event.id, rowsOf(people(SYNC_IMPORT_MAX_ROWS + 1, 'where')));
    await testEventBus.idle();

    const elsewhere = await guestsApi(ada, 'GET', `/api/events/${other.id}/guests/imports/${response.body.data.id}`);
    const unknown = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests/imports/01JD3M8W6ZQ4V7N2K5T9X1B3D1`);
    const stranger = await guestsApi(await signedInUser(), 'GET', String(response.headers.Location));

    expect([elsewhere.status, unknown.status, stranger.status]).toEqual([404, 404, 404]);
  });
});

describe('a large import under the guest cap', () => {
  const CAP = 600;

  beforeAll(() => {
    process.env.MAX_GUESTS_PER_EVENT = String(CAP);
    resetConfigForTests();
  });

  afterAll(() => {
    delete process.env.MAX_GUESTS_PER_EVENT;
    resetConfigForTests();
  });

  it('is refused with 409 guest_limit_exceeded before anything is stored when it cannot fit, and counts the rows already on the list as fitting', async () => {
    const event = await createEvent(ada);
    await addGuests(ada, event.id, people(100, 'first'));

    const tooMany = await importFile(event.id, rowsOf(people(600, 'second')));
    const items = await importItems(event.id);
    const overlapping = await importFile(event.id, rowsOf([...people(100, 'first'), ...people(420, 'third')]));
    await testEventBus.idle();
    const status = await guestsApi(ada, 'GET', String(overlapping.headers.Location));

    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe('guest_limit_exceeded');
    expect(tooMany.body.detail).toContain('at most 600 guests; this one has 100, so 500 more can be added and this request adds 600');
    expect(items).toEqual([]);
    expect(overlapping.status).toBe(202);
    expect(status.body.data).toMatchObject({ status: 'done', added: 420, skipped_count: 100 });
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.guest_count).toBe(520);
  });
});
