import { beforeAll, describe, expect, it } from 'vitest';
import { listEventAudit } from '../../shared/data/audit.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, type AddedGuest, guestsApi, rsvpApi } from './guests-fixtures.ts';
import { subEventCountersAndRecount } from './sub-events-fixtures.ts';

/**
 * A party's link and sub-events (docs/sub-events.md, docs/parties.md), through the JSON route the page
 * shares its recording with: each member is asked only the sub-events they are invited to, one answer
 * answers them all, a forged one is refused before anything is written, and the counters equal a recount.
 * One event, party and invitations for the file; the tests run in order on it.
 */
let ada: SignedInUser;
let eventId: string;
let code: string;
let partyId: string;
type SubEvent = { id: string; title: string };
let dinner: SubEvent;
let ceremony: SubEvent;
let reception: SubEvent;
let anna: AddedGuest;
let ben: AddedGuest;
let cleo: AddedGuest;

type MemberView = { guest_id: string; rsvp_status: string; sub_events: { id: string; title: string; status: string }[] };

async function addSubEvent(body: Record<string, unknown>): Promise<SubEvent> {
  const response = await guestsApi(ada, 'POST', `/api/events/${eventId}/sub-events`, { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data;
}

const partyApi = (method: 'GET' | 'POST', body?: unknown) => rsvpApi(method, '/api/party-rsvp', { headers: { 'invitation-code': code }, ...(body ? { body } : {}) });

/** Each member's sub-events as [title, status]. */
const answered = (members: MemberView[]) => members.map((member) => member.sub_events.map((subEvent) => [subEvent.title, subEvent.status]));

const countersAndRecount = () => subEventCountersAndRecount(eventId);

beforeAll(async () => {
  ada = await signedInUser();
  eventId = (await createEvent(ada, { name: 'Wedding', event_date: '2031-06-21T13:00:00Z', event_type: 'wedding' })).id;
  dinner = await addSubEvent({ title: 'Rehearsal dinner', starts_at: '2031-06-20T18:00:00Z' });
  ceremony = await addSubEvent({ title: 'Ceremony', starts_at: '2031-06-21T13:00:00Z' });
  reception = await addSubEvent({ title: 'Reception', starts_at: '2031-06-21T17:00:00Z', capacity: 2 });
  [anna, ben, cleo] = await addGuests(ada, eventId, [{ name: 'Anna', plus_one_limit: 1 }, { name: 'Ben' }, { name: 'Cleo' }]);
  const invite = (guest: AddedGuest, subEvents: SubEvent[]) => guestsApi(ada, 'PUT', `/api/guests/${guest.id}/sub-events`, { body: { sub_event_ids: subEvents.map((subEvent) => subEvent.id) } });
  await Promise.all([invite(anna, [dinner, ceremony, reception]), invite(ben, [ceremony, reception])]);
  const party = await guestsApi(ada, 'POST', `/api/events/${eventId}/parties`, { body: { name: 'Lovelace', member_ids: [anna.id, ben.id, cleo.id] } });
  expect(party.status, JSON.stringify(party.body)).toBe(201);
  code = party.body.data.invitation_code;
  partyId = party.body.data.id;
});

describe("a party's link asks each member the sub-events they are invited to", () => {
  it('shows each member only their own sub-events', async () => {
    const shown = await partyApi('GET');

    expect(shown.status).toBe(200);
    expect(answered(shown.body.data.members)).toEqual([
      [['Rehearsal dinner', 'pending'], ['Ceremony', 'pending'], ['Reception', 'pending']],
      [['Ceremony', 'pending'], ['Reception', 'pending']],
      [],
    ]);
  });

  it('refuses a member answering a sub-event they are not invited to, naming it, before anything is written', async () => {
    const forged = await partyApi('POST', { members: [{ guest_id: anna.id, status: 'yes', sub_events: { [dinner.id]: 'yes' } }, { guest_id: ben.id, status: 'yes', sub_events: { [dinner.id]: 'yes' } }] });
    const after = await partyApi('GET');

    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ path: `members.1.sub_events.${dinner.id}`, message: 'Not a sub-event of this invitation' }]);
    expect(after.body.data.members.map((member: MemberView) => member.rsvp_status)).toEqual(['pending', 'pending', 'pending']);
    expect(answered(after.body.data.members)[0]).toEqual([['Rehearsal dinner', 'pending'], ['Ceremony', 'pending'], ['Reception', 'pending']]);
  });

  it('one answer records every member\'s sub-event answers with their seats, and the counters equal a recount', async () => {
    const response = await partyApi('POST', {
      members: [
        { guest_id: anna.id, status: 'yes', plus_one_count: 1, sub_events: { [dinner.id]: 'yes', [ceremony.id]: 'yes', [reception.id]: 'no' } },
        { guest_id: ben.id, status: 'no', sub_events: { [ceremony.id]: 'yes', [reception.id]: 'yes' } },
        { guest_id: cleo.id, status: 'maybe' },
      ],
    });
    const { stored, recounted } = await countersAndRecount();

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data.answer_changed).toBe(true);
    expect(answered(response.body.data.members)).toEqual([
      [['Rehearsal dinner', 'yes'], ['Ceremony', 'yes'], ['Reception', 'no']],
      [['Ceremony', 'yes'], ['Reception', 'yes']],
      [],
    ]);
    expect(stored).toEqual(recounted);
    // Anna's seats count her plus-one, set in the same answer.
    expect(stored).toEqual({
      'Rehearsal dinner': { invited_count: 1, attending_count: 1, attending_headcount: 2, declined_count: 0, waitlisted_count: 0 },
      Ceremony: { invited_count: 2, attending_count: 2, attending_headcount: 3, declined_count: 0, waitlisted_count: 0 },
      Reception: { invited_count: 2, attending_count: 1, attending_headcount: 1, declined_count: 1, waitlisted_count: 0 },
    });
  });

  it("a full sub-event (no waitlist) refuses that member's answers with 409 naming it; the counts stay exact", async () => {
    // Anna now wants the reception for two: one seat is left.
    const full = await partyApi('POST', { members: [{ guest_id: anna.id, status: 'yes', sub_events: { [reception.id]: 'yes' } }] });
    const { stored, recounted } = await countersAndRecount();

    expect(full.status).toBe(409);
    expect(full.body.code).toBe('capacity_exceeded');
    expect(full.body.detail).toContain('Reception');
    expect(stored).toEqual(recounted);
    expect(stored.Reception).toMatchObject({ attending_count: 1, attending_headcount: 1 });
  });
});

/** The sub-event answers' audit entries of a guest, newest last, as [actor, changes]. */
async function subEventAudit(guestId: string) {
  const { entries } = await listEventAudit(eventId, { limit: 100 });
  return entries.filter((entry) => entry.action === 'guest.sub_event_rsvp' && entry.entity_id === guestId).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

const subEventsOfGuest = async (guest: AddedGuest) =>
  ((await guestsApi(ada, 'GET', `/api/guests/${guest.id}/sub-events`)).body.data as { sub_event_id: string; status: string }[]).map((subEvent) => [subEvent.sub_event_id, subEvent.status]);

describe('a planner records sub-event answers for a guest or a party, with the code the guests answer with', () => {
  it("refuses a guest's answer naming a sub-event they are not invited to, before anything is written", async () => {
    const before = (await guestsApi(ada, 'GET', `/api/guests/${ben.id}`)).body.data.rsvp_status;
    const forged = await guestsApi(ada, 'POST', `/api/guests/${ben.id}/rsvp`, { body: { status: before === 'yes' ? 'no' : 'yes', sub_events: { [dinner.id]: 'yes', [ceremony.id]: 'no' } } });
    const after = await guestsApi(ada, 'GET', `/api/guests/${ben.id}`);

    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ path: `sub_events.${dinner.id}`, message: 'Not a sub-event of this invitation' }]);
    expect(after.body.data.rsvp_status).toBe(before);
    expect(await subEventsOfGuest(ben)).toEqual([[ceremony.id, 'yes'], [reception.id, 'yes']]);
  });

  it("records a guest's answer with their sub-events (POST /api/guests/{id}/rsvp): seats freed, counts equal a recount, the audit names the planner", async () => {
    const response = await guestsApi(ada, 'POST', `/api/guests/${ben.id}/rsvp`, { body: { status: 'yes', sub_events: { [reception.id]: 'no' } } });
    const { stored, recounted } = await countersAndRecount();
    const audit = await subEventAudit(ben.id);

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data.rsvp_status).toBe('yes');
    expect(await subEventsOfGuest(ben)).toEqual([[ceremony.id, 'yes'], [reception.id, 'no']]);
    expect(stored).toEqual(recounted);
    expect(stored.Reception).toMatchObject({ attending_count: 0, attending_headcount: 0, declined_count: 2 });
    expect(audit.at(-1)).toMatchObject({ actor_id: ada.userId, changes: [{ field: `sub_event.${reception.id}`, before: 'yes', after: 'no' }] });
  });

  it("records a party's answer with each member's sub-events (POST /api/parties/{id}/rsvp), refusing a forged one and a full sub-event", async () => {
    const forged = await guestsApi(ada, 'POST', `/api/parties/${partyId}/rsvp`, { body: { members: [{ guest_id: cleo.id, status: 'yes', sub_events: { [dinner.id]: 'yes' } }] } });
    // Anna and her plus-one now take both reception seats freed by Ben; Ben asks for one more: no seat, no waitlist.
    const seated = await guestsApi(ada, 'POST', `/api/parties/${partyId}/rsvp`, { body: { members: [{ guest_id: anna.id, status: 'yes', sub_events: { [reception.id]: 'yes', [dinner.id]: 'no' } }] } });
    const full = await guestsApi(ada, 'POST', `/api/parties/${partyId}/rsvp`, { body: { members: [{ guest_id: ben.id, status: 'yes', sub_events: { [reception.id]: 'yes' } }] } });
    const { stored, recounted } = await countersAndRecount();

    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ path: `members.0.sub_events.${dinner.id}`, message: 'Not a sub-event of this invitation' }]);
    expect(seated.status, JSON.stringify(seated.body)).toBe(200);
    expect(await subEventsOfGuest(anna)).toEqual([[dinner.id, 'no'], [ceremony.id, 'yes'], [reception.id, 'yes']]);
    expect((await subEventAudit(anna.id)).at(-1)?.actor_id).toBe(ada.userId);
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ code: 'capacity_exceeded' });
    expect(full.body.detail).toContain('Reception');
    expect(stored).toEqual(recounted);
    expect(stored.Reception).toMatchObject({ attending_count: 1, attending_headcount: 2 });
    expect(stored['Rehearsal dinner']).toMatchObject({ attending_count: 0, declined_count: 1 });
  });
});
