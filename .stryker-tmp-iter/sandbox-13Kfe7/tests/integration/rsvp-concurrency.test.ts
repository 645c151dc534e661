// @ts-nocheck
import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, codeOf, countersAndRecount, people, rsvpApi } from './guests-fixtures.ts';

/**
 * Exactness under load: every answer is one transaction guarded by the seats left and the guest's
 * version, so however many arrive at once the counters equal a recount of the guest items.
 */
let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

const eventWith = (extra: Record<string, unknown>) =>
  createEvent(ada, { name: 'Launch party', event_date: '2031-05-01T18:00:00Z', event_type: 'party', ...extra });

describe('200 concurrent RSVPs for 100 seats', () => {
  it('accepts exactly 100 yes and refuses the rest with capacity_exceeded', { timeout: 120_000 }, async () => {
    const event = await eventWith({ capacity: 100 });
    const guests = await addGuests(ada, event.id, people(200));

    const responses = await Promise.all(guests.map((guest) => rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'yes' } })));

    const statuses = responses.map((response) => (response.status === 200 ? response.body.data.guest.rsvp_status : response.body.code));
    expect(statuses.filter((status) => status === 'yes')).toHaveLength(100);
    expect(statuses.filter((status) => status === 'capacity_exceeded')).toHaveLength(100);
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.attending_headcount).toBe(100);
  });

  it('with a waitlist, seats 100 and queues 100', { timeout: 120_000 }, async () => {
    const event = await eventWith({ capacity: 100, waitlist_enabled: true });
    const guests = await addGuests(ada, event.id, people(200));

    const responses = await Promise.all(guests.map((guest) => rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'yes' } })));

    const statuses = responses.map((response) => response.body.data?.guest.rsvp_status ?? response.body.code);
    expect(statuses.filter((status) => status === 'yes')).toHaveLength(100);
    expect(statuses.filter((status) => status === 'waitlisted')).toHaveLength(100);
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.rsvp_waitlisted).toBe(100);
  });
});

describe('100 concurrent changes of one guest', () => {
  it('leaves the counters equal to a recount', { timeout: 120_000 }, async () => {
    const event = await eventWith({ capacity: 10 });
    const [guest] = await addGuests(ada, event.id, [{ name: 'Indecisive', email: 'maybe@example.com', plus_one_limit: 3 }]);
    const answers = ['yes', 'no', 'maybe'] as const;

    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        rsvpApi('POST', `/api/rsvp/${codeOf(guest as { rsvp_url: string })}`, {
          body: { status: answers[index % 3], plus_one_count: index % 4 },
        })),
    );

    expect(responses.map((response) => response.status).filter((status) => status !== 200)).toEqual([]);
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.guest_count).toBe(1);
  });
});
