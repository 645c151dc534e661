import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../shared/config.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { countersAndRecount, guestsApi, people } from './guests-fixtures.ts';

/** MAX_GUESTS_PER_EVENT: a small cap set for this file (the default, 10,000, is in tests/unit/guest-limit.test.ts). */
const CAP = 40;
let ada: SignedInUser;

beforeAll(async () => {
  process.env.MAX_GUESTS_PER_EVENT = String(CAP);
  resetConfigForTests();
  ada = await signedInUser();
});

afterAll(() => {
  delete process.env.MAX_GUESTS_PER_EVENT;
  resetConfigForTests();
});

const add = (eventId: string, body: unknown) => guestsApi(ada, 'POST', `/api/events/${eventId}/guests`, { body });
const csv = (rows: { name: string; email: string }[]) => ({
  rawBody: ['name,email', ...rows.map((row) => `${row.name},${row.email}`)].join('\n'),
  headers: { 'content-type': 'text/csv' },
});

describe('the guest cap per event', () => {
  it('fills an event to the cap across transactions, then refuses a single add with 409 guest_limit_exceeded', async () => {
    const event = await createEvent(ada);

    // 38 guests: two transactions (32 + 6), each with its own condition on the counter.
    const batch = await add(event.id, { guest_list: people(CAP - 2) });
    const single = await add(event.id, { name: 'Second to last', email: 'second@example.com' });
    const last = await add(event.id, { name: 'Last', email: 'last@example.com' });
    const over = await add(event.id, { name: 'One too many', email: 'over@example.com' });

    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    expect(single.status).toBe(201);
    expect(last.status).toBe(201);
    expect(over.status).toBe(409);
    expect(over.headers['Content-Type']).toBe('application/problem+json');
    expect(over.body).toMatchObject({ code: 'guest_limit_exceeded', detail: expect.stringContaining(`at most ${CAP} guests`) });
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored.guest_count).toBe(CAP);
    expect(stored).toEqual(recounted);
  });

  it('refuses a batch that does not fit whole and adds none of it, naming the room left', async () => {
    const event = await createEvent(ada);
    await add(event.id, { guest_list: people(CAP - 3, 'first') });

    const response = await add(event.id, { guest_list: people(4, 'second') });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('guest_limit_exceeded');
    expect(response.body.detail).toMatch(/has 37, so 3 more can be added and this request adds 4/);
    expect((await countersAndRecount(event.id)).recounted.guest_count).toBe(CAP - 3);
  });

  it('refuses a CSV import past the cap', async () => {
    const event = await createEvent(ada);
    await add(event.id, { guest_list: people(CAP - 1, 'first') });

    const response = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests/import`, csv(people(2, 'csv')));
    const fits = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests/import`, csv(people(1, 'csv')));

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('guest_limit_exceeded');
    expect(fits.status).toBe(201);
    expect((await countersAndRecount(event.id)).recounted.guest_count).toBe(CAP);
  });

  it('lets concurrent adds past the read check but never past the cap: the counter condition decides', async () => {
    const event = await createEvent(ada);
    await add(event.id, { guest_list: people(CAP - 4, 'first') });

    // Eight requests of one guest each all read 36 and pass the early check; only four can commit.
    const answers = await Promise.all(people(8, 'racer').map((guest) => add(event.id, guest)));

    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 409, 409, 409, 409]);
    for (const refused of answers.filter((answer) => answer.status === 409)) expect(refused.body.code).toBe('guest_limit_exceeded');
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored.guest_count).toBe(CAP);
    expect(stored).toEqual(recounted);
  });
});
