import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, codeOf, countersAndRecount, people, rsvpApi } from './guests-fixtures.ts';

/**
 * Exactness under load: every answer is one transaction guarded by the seats left and the guest's
 * version, so however many arrive at once the counters equal a recount of the guest items. Twice as many
 * answers as seats is enough contention to prove it (every seat is raced for); larger crowds only made
 * the file slower. Under extreme contention the API may answer 503 with Retry-After (nothing written);
 * guests' browsers resubmit, so the crowd here does too, as the documented client does.
 */
let ada: SignedInUser;

const SEATS = 60;
const CROWD = 2 * SEATS;

/** One answer, resubmitted after a 503 (transient contention, nothing written) like a guest's browser would. */
async function answer(code: string, body: Record<string, unknown>) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await rsvpApi('POST', `/api/rsvp/${code}`, { body });
    if (response.status !== 503 || attempt === 10) return response;
    expect(response.headers['Retry-After']).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
  }
}

beforeAll(async () => {
  ada = await signedInUser();
});

const eventWith = (extra: Record<string, unknown>) =>
  createEvent(ada, { name: 'Launch party', event_date: '2031-05-01T18:00:00Z', event_type: 'party', ...extra });

describe(`${CROWD} concurrent RSVPs for ${SEATS} seats`, () => {
  it('accepts exactly as many yes as seats and refuses the rest with capacity_exceeded', { timeout: 120_000 }, async () => {
    const event = await eventWith({ capacity: SEATS });
    const guests = await addGuests(ada, event.id, people(CROWD));

    const responses = await Promise.all(guests.map((guest) => answer(codeOf(guest), { status: 'yes' })));

    const statuses = responses.map((response) => (response.status === 200 ? response.body.data.guest.rsvp_status : response.body.code));
    expect(statuses.filter((status) => status === 'yes')).toHaveLength(SEATS);
    expect(statuses.filter((status) => status === 'capacity_exceeded')).toHaveLength(SEATS);
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.attending_headcount).toBe(SEATS);
  });

  it('with a waitlist, seats as many as fit and queues the rest', { timeout: 120_000 }, async () => {
    const event = await eventWith({ capacity: SEATS, waitlist_enabled: true });
    const guests = await addGuests(ada, event.id, people(CROWD));

    const responses = await Promise.all(guests.map((guest) => answer(codeOf(guest), { status: 'yes' })));

    const statuses = responses.map((response) => response.body.data?.guest.rsvp_status ?? response.body.code);
    expect(statuses.filter((status) => status === 'yes')).toHaveLength(SEATS);
    expect(statuses.filter((status) => status === 'waitlisted')).toHaveLength(SEATS);
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.rsvp_waitlisted).toBe(SEATS);
  });
});

describe('50 concurrent changes of one guest', () => {
  it('leaves the counters equal to a recount', { timeout: 120_000 }, async () => {
    const event = await eventWith({ capacity: 10 });
    const [guest] = await addGuests(ada, event.id, [{ name: 'Indecisive', email: 'maybe@example.com', plus_one_limit: 3 }]);
    const answers = ['yes', 'no', 'maybe'] as const;

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        answer(codeOf(guest as { rsvp_url: string }), { status: answers[index % 3], plus_one_count: index % 4 })),
    );

    expect(responses.map((response) => response.status).filter((status) => status !== 200)).toEqual([]);
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.guest_count).toBe(1);
  });
});
