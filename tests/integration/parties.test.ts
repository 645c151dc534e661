import { beforeAll, describe, expect, it } from 'vitest';
import { listEventAudit } from '../../shared/data/audit.ts';
import { listEventNotices } from '../../shared/data/notices.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, codeOf, countersAndRecount, guestsApi, people, rsvpApi } from './guests-fixtures.ts';

/**
 * Parties (docs/parties.md): one link answers for every member, and the party's seats are one decision
 * under the same seat guard as a single answer. 40 others race the party for the last 10 seats (the
 * issue names 200; 40 already races every seat several times over and keeps this file within seconds).
 */
let ada: SignedInUser;
const SEATS = 10;
const OTHERS = 40;

beforeAll(async () => {
  ada = await signedInUser();
});

/** One answer, resubmitted after a 503 (contention, nothing written) as a guest's browser would. */
async function retried(call: () => Promise<{ status: number; body: { data?: unknown; code?: string } }>) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await call();
    if (response.status !== 503 || attempt === 10) return response;
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
  }
}

async function partyRace(extra: Record<string, unknown>, seating: string) {
  const event = await createEvent(ada, { name: 'Wedding', event_date: '2031-05-01T18:00:00Z', event_type: 'wedding', capacity: SEATS, ...extra });
  const family = await addGuests(ada, event.id, people(4, 'family'));
  const others = await addGuests(ada, event.id, people(OTHERS, 'other'));
  const made = await guestsApi(ada, 'POST', `/api/events/${event.id}/parties`, { body: { name: 'The Somervilles', member_ids: family.map((guest) => guest.id), seating } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const partyCode = codeOf(made.body.data);
  const [partyAnswer, ...otherAnswers] = await Promise.all([
    retried(() => rsvpApi('POST', '/api/party-rsvp', { headers: { 'invitation-code': partyCode }, body: { members: family.map((guest) => ({ guest_id: guest.id, status: 'yes' })) } })),
    ...others.map((guest) => retried(() => rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'yes' } }))),
  ]);
  const { stored, recounted } = await countersAndRecount(event.id);
  expect(stored).toEqual(recounted);
  const party = await guestsApi(ada, 'GET', `/api/parties/${made.body.data.id}`);
  const familyStatuses = (party.body.data.members as { rsvp_status: string }[]).map((member) => member.rsvp_status);
  return { event, made, partyAnswer, otherAnswers, stored, recounted, familyStatuses };
}

describe('a party of 4 and 40 other guests answer at once for the last 10 seats', () => {
  it('whole_party without a waitlist: the party is seated whole or refused whole, and exactly 10 seats are taken', { timeout: 60_000 }, async () => {
    const { made, partyAnswer, otherAnswers, stored, familyStatuses } = await partyRace({}, 'whole_party');

    expect(made.body.data).toMatchObject({ name: 'The Somervilles', seating: 'whole_party', version: 1 });
    expect(made.body.data.members.every((member: { party_id: string }) => member.party_id === made.body.data.id)).toBe(true);
    const seatedOthers = otherAnswers.filter((response) => response.status === 200).length;
    expect(otherAnswers.filter((response) => response.status !== 200).map((response) => response.body.code)).toEqual(Array(OTHERS - seatedOthers).fill('capacity_exceeded'));
    if (partyAnswer.status === 200) {
      expect(familyStatuses).toEqual(['yes', 'yes', 'yes', 'yes']);
      expect(seatedOthers).toBe(SEATS - 4);
    } else {
      expect(partyAnswer.body.code).toBe('capacity_exceeded');
      expect(familyStatuses).toEqual(['pending', 'pending', 'pending', 'pending']);
      expect(seatedOthers).toBe(SEATS);
    }
    expect(stored.attending_headcount).toBe(SEATS);
  });

  it('as_many_as_fit with a waitlist: members seated while seats last, the rest of the party waits, never past the capacity', { timeout: 60_000 }, async () => {
    const { partyAnswer, stored, recounted, familyStatuses } = await partyRace({ waitlist_enabled: true }, 'as_many_as_fit');

    expect(partyAnswer.status, JSON.stringify(partyAnswer.body)).toBe(200);
    expect(familyStatuses.every((status) => status === 'yes' || status === 'waitlisted')).toBe(true);
    // The party's order: members seated first, the ones that did not fit after them.
    expect([...familyStatuses].sort((a, b) => (a === b ? 0 : a === 'yes' ? -1 : 1))).toEqual(familyStatuses);
    expect(stored.attending_headcount).toBe(SEATS);
    expect(recounted.rsvp_yes + recounted.rsvp_waitlisted).toBe(OTHERS + 4);
  });
});

describe('a whole_party party waitlisted as one decision', () => {
  it('is promoted whole once all its seats fit, never member by member, with seats freed by concurrent declines; each member gets the promotion notice', { timeout: 60_000 }, async () => {
    const event = await createEvent(ada, { name: 'Gala', event_date: '2031-05-01T18:00:00Z', event_type: 'party', capacity: 6, waitlist_enabled: true });
    const seated = await addGuests(ada, event.id, people(6, 'seated'));
    const family = await addGuests(ada, event.id, people(4, 'waiting'));
    const [late] = await addGuests(ada, event.id, [{ name: 'Late', email: 'late@example.com' }]);
    for (const guest of seated) await rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'yes' } });
    const made = await guestsApi(ada, 'POST', `/api/events/${event.id}/parties`, { body: { name: 'The Waiting', member_ids: family.map((guest) => guest.id) } });
    const waited = await rsvpApi('POST', '/api/party-rsvp', { headers: { 'invitation-code': codeOf(made.body.data) }, body: { members: family.map((guest) => ({ guest_id: guest.id, status: 'yes' })) } });
    await rsvpApi('POST', `/api/rsvp/${codeOf(late)}`, { body: { status: 'yes' } });
    const statuses = async () => (await guestsApi(ada, 'GET', `/api/parties/${made.body.data.id}`)).body.data.members.map((member: { rsvp_status: string }) => member.rsvp_status);

    // Three seats free at once: not enough for the party of 4, which keeps waiting whole and holds the queue.
    const firstDeclines = await Promise.all(seated.slice(0, 3).map((guest) => retried(() => rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'no' } }))));
    const afterThree = await statuses();
    const lateAfterThree = (await guestsApi(ada, 'GET', `/api/guests/${late.id}`)).body.data.rsvp_status;
    const middle = await countersAndRecount(event.id);
    // Two more: the party is seated whole, then the guest behind it.
    const moreDeclines = await Promise.all(seated.slice(3, 5).map((guest) => retried(() => rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'no' } }))));
    const afterFive = await statuses();
    const lateAfterFive = (await guestsApi(ada, 'GET', `/api/guests/${late.id}`)).body.data.rsvp_status;

    expect(waited.status).toBe(200);
    expect([...firstDeclines, ...moreDeclines].map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(afterThree).toEqual(['waitlisted', 'waitlisted', 'waitlisted', 'waitlisted']);
    expect(lateAfterThree).toBe('waitlisted');
    expect(middle.stored).toEqual(middle.recounted);
    expect(middle.stored).toMatchObject({ attending_headcount: 3, rsvp_waitlisted: 5 });
    expect(afterFive).toEqual(['yes', 'yes', 'yes', 'yes']);
    expect(lateAfterFive).toBe('yes');
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored).toMatchObject({ attending_headcount: 6, rsvp_waitlisted: 0 });
    const promotedIds = [...family.map((guest) => guest.id), late.id].sort();
    const audit = (await listEventAudit(event.id, { limit: 100 })).entries.filter((entry) => entry.action === 'guest.promoted');
    expect(audit.map((entry) => entry.entity_id).sort()).toEqual(promotedIds);
    const notices = (await listEventNotices(event.id)).filter((notice) => notice.kind === 'rsvp_confirmation' && notice.actor_id === 'system:waitlist');
    expect(notices.map((notice) => (notice.recipient as { guest_id: string }).guest_id).sort()).toEqual(promotedIds);
  });
});

describe('party routes', () => {
  it('a guest is in one party at most; a member keeps their own link; a guest code is no party code; delete frees the members', { timeout: 60_000 }, async () => {
    const event = await createEvent(ada, { name: 'Dinner', event_date: '2031-05-01T18:00:00Z', event_type: 'party', capacity: 5 });
    const [a, b] = await addGuests(ada, event.id, [{ name: 'A', email: 'a@example.com', plus_one_allowed: true, plus_one_limit: 1 }, { name: 'B', email: 'b@example.com' }]);
    const made = await guestsApi(ada, 'POST', `/api/events/${event.id}/parties`, { body: { name: 'AB', member_ids: [a.id, b.id] } });
    const second = await guestsApi(ada, 'POST', `/api/events/${event.id}/parties`, { body: { name: 'Again', member_ids: [b.id] } });
    const missing = await guestsApi(ada, 'POST', `/api/events/${event.id}/parties`, { body: { name: 'Nobody', member_ids: ['nope'] } });
    const own = await rsvpApi('POST', `/api/rsvp/${codeOf(a)}`, { body: { status: 'yes', plus_ones: [{ name: 'Sam', dietary_restrictions: ['vegan'] }] } });
    const view = await rsvpApi('GET', '/api/party-rsvp', { headers: { 'invitation-code': codeOf(made.body.data) } });
    const guestCodeAsParty = await rsvpApi('GET', '/api/party-rsvp', { headers: { 'invitation-code': codeOf(b) } });
    const listed = await guestsApi(ada, 'GET', `/api/events/${event.id}/parties`);
    // A fresh link (a party made by a background import has a code no one was shown): the old one stops working.
    const reissued = await guestsApi(ada, 'POST', `/api/parties/${made.body.data.id}/invitation-link`);
    const oldLink = await rsvpApi('GET', '/api/party-rsvp', { headers: { 'invitation-code': codeOf(made.body.data) } });
    const newLink = await rsvpApi('GET', '/api/party-rsvp', { headers: { 'invitation-code': codeOf(reissued.body.data) } });
    const removed = await guestsApi(ada, 'DELETE', `/api/parties/${made.body.data.id}`);
    const freed = await guestsApi(ada, 'GET', `/api/guests/${b.id}`);

    expect([made.status, second.status, second.body.code, missing.status]).toEqual([201, 409, 'party_member_taken', 400]);
    expect(own.body.data.guest).toMatchObject({ rsvp_status: 'yes', plus_one_count: 1 });
    expect(view.body.data.members.map((member: { name: string; rsvp_status: string; plus_ones: unknown[] }) => [member.name, member.rsvp_status, member.plus_ones.length])).toEqual([['A', 'yes', 1], ['B', 'pending', 0]]);
    expect(view.body.data.party).toEqual({ name: 'AB' });
    expect(guestCodeAsParty.status).toBe(404);
    expect(listed.body.data.map((party: { name: string }) => party.name)).toEqual(['AB']);
    expect(reissued.status).toBe(200);
    expect(reissued.body.data).toMatchObject({ id: made.body.data.id, name: 'AB', version: made.body.data.version + 1 });
    expect(reissued.body.data.invitation_code).not.toBe(made.body.data.invitation_code);
    expect(reissued.body.data.rsvp_url).toContain(reissued.body.data.invitation_code);
    expect([oldLink.status, newLink.status]).toEqual([404, 200]);
    expect(newLink.body.data.party).toEqual({ name: 'AB' });
    const audit = (await listEventAudit(event.id, { limit: 100 })).entries.filter((entry) => entry.action === 'party.invitation_link_reissued');
    expect(audit.map((entry) => [entry.entity_id, JSON.stringify(entry)])).toEqual([[made.body.data.id, expect.not.stringContaining(reissued.body.data.invitation_code)]]);
    expect([removed.status, freed.body.data.party_id]).toEqual([200, null]);
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.attending_headcount).toBe(2);
  });
});
