import { beforeAll, describe, expect, it } from 'vitest';
import { listEventAudit } from '../../shared/data/audit.ts';
import { ConflictError } from '../../shared/http/errors.ts';
import type { SeatsHeld } from '../../shared/domain/sub-events/headcounts.ts';
import { seatAt } from '../../shared/data/seating/tables.ts';
import { invitationChangeItems, listEventSubEventInvitations, listSubEvents, writeInvitationChanges } from '../../shared/data/sub-events/records.ts';
import { MAX_TRANSACTION_ITEMS } from '../../shared/data/transact.ts';
import { newInvitation } from '../../shared/domain/sub-events/rules.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, type AddedGuest, codeOf, people, rsvpApi, rsvpPage } from './guests-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';
import { subEventCountersAndRecount } from './sub-events-fixtures.ts';

/**
 * Sub-event seats that follow a guest's plus-ones (docs/sub-events.md, "Plus-ones that change"): every path
 * that changes them (the guest's answer on JSON and on the page, a party's answer, a planner's edit and
 * answer), a sub-event that cannot seat more refusing the change, fewer seats promoting its waitlist and
 * freeing seats at its tables, exactness under concurrent changes, and a change past one transaction.
 * One event for the file; the tests run in order on it, each on its own guests.
 */
let ada: SignedInUser;
let eventId: string;
type SubEvent = { id: string; title: string };
let dinner: SubEvent; // capacity 4, no waitlist
let brunch: SubEvent; // capacity 3, waitlist
let ceremony: SubEvent; // no limit
let lunch: SubEvent; // capacity 8, for the race
let anna: AddedGuest; let ben: AddedGuest; let cleo: AddedGuest; let dan: AddedGuest; let fay: AddedGuest; let gus: AddedGuest;
let racers: AddedGuest[];

const invite = (guest: AddedGuest, subEvents: SubEvent[]) => expectStatus(200, ada, 'PUT', `/api/guests/${guest.id}/sub-events`, { body: { sub_event_ids: subEvents.map((subEvent) => subEvent.id) } });

/** A guest's answer, resubmitted after a 503 (contention, nothing written) as a browser would. */
async function answer(guest: AddedGuest, body: Record<string, unknown>) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await rsvpApi('POST', '/api/rsvp', { body, headers: { 'invitation-code': codeOf(guest) } });
    if (response.status !== 503 || attempt === 10) return response;
  }
}

/** What the guest holds per sub-event title: `<status>:<headcount>`. */
async function held(guest: AddedGuest): Promise<Record<string, string>> {
  const invitations = (await listEventSubEventInvitations(eventId)).filter((invitation) => invitation.guest_id === guest.id);
  const titles = new Map((await listSubEvents(eventId)).map((subEvent) => [subEvent.id, subEvent.title]));
  return Object.fromEntries(invitations.map((invitation) => [titles.get(invitation.sub_event_id), `${invitation.status}:${invitation.headcount}`]));
}

/** The guest's newest audit entry: its action and the sub-event seats it records as moved (`title: before->after`), or null. */
async function lastAudit(guest: AddedGuest): Promise<{ action: string | undefined; seats: Record<string, string> | null }> {
  const { entries } = await listEventAudit(eventId, { limit: 30 });
  const entry = entries.find((candidate) => candidate.entity_id === guest.id);
  const seats = entry?.changes.find((change) => change.field === 'sub_event_headcounts') as { before: SeatsHeld; after: SeatsHeld } | undefined;
  return { action: entry?.action, seats: seats ? Object.fromEntries(seats.before.map((held, index) => [held.title, `${held.headcount}->${seats.after[index]?.headcount}`])) : null };
}

const countersAndRecount = () => subEventCountersAndRecount(eventId);

const form = (fields: Record<string, string>) => ({ rawBody: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

beforeAll(async () => {
  ada = await signedInUser();
  eventId = (await createEvent(ada, { name: 'Wedding', event_date: '2031-06-21T15:00:00Z', event_type: 'wedding' })).id;
  const add = async (body: Record<string, unknown>) => (await expectStatus(201, ada, 'POST', `/api/events/${eventId}/sub-events`, { body })).data as SubEvent;
  dinner = await add({ title: 'Rehearsal dinner', starts_at: '2031-06-20T18:00:00Z', capacity: 4 });
  brunch = await add({ title: 'Brunch', starts_at: '2031-06-22T10:00:00Z', capacity: 3, waitlist_enabled: true });
  ceremony = await add({ title: 'Ceremony', starts_at: '2031-06-21T15:00:00Z' });
  lunch = await add({ title: 'Lunch', starts_at: '2031-06-21T12:00:00Z', capacity: 8 });
  const withPlusOnes = (name: string) => ({ name, email: `${name.toLowerCase()}.seats@example.com`, plus_one_allowed: true, plus_one_limit: 3 });
  const added = await addGuests(ada, eventId, [
    withPlusOnes('Anna'), withPlusOnes('Ben'), withPlusOnes('Cleo'), withPlusOnes('Dan'), withPlusOnes('Fay'), withPlusOnes('Gus'),
    ...people(6, 'racer').map((person) => ({ ...person, plus_one_allowed: true, plus_one_limit: 1 })),
  ]);
  [anna, ben, cleo, dan, fay, gus] = added as unknown as [AddedGuest, AddedGuest, AddedGuest, AddedGuest, AddedGuest, AddedGuest];
  racers = added.slice(6);
  await Promise.all([
    invite(anna, [dinner, ceremony]), invite(ben, [dinner]), invite(cleo, [brunch]), invite(dan, [brunch]), invite(fay, [ceremony, brunch]), invite(gus, [ceremony]),
    ...racers.map((racer) => invite(racer, [lunch])),
  ]);
});

describe('sub-event seats follow the plus-ones', () => {
  it("the guest's own answer (JSON, then the page's form) moves the seats their yes answers hold, and a sub-event that cannot seat more refuses the change", async () => {
    expect((await answer(anna, { status: 'yes', sub_events: { [dinner.id]: 'yes', [ceremony.id]: 'yes' } })).status).toBe(200);
    const more = await answer(anna, { status: 'yes', plus_one_count: 2 });
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    expect(await held(anna)).toEqual({ 'Rehearsal dinner': 'yes:3', Ceremony: 'yes:3' });
    // The answer's own audit entry records the seats that followed.
    expect(await lastAudit(anna)).toEqual({ action: 'guest.rsvp', seats: { 'Rehearsal dinner': '1->3', Ceremony: '1->3' } });

    // The page's form: one plus-one; the seats follow.
    const posted = await rsvpPage('POST', codeOf(anna), form({ status: 'yes', plus_one_count: '1' }));
    expect(posted.status).toBe(303);
    expect(await held(anna)).toEqual({ 'Rehearsal dinner': 'yes:2', Ceremony: 'yes:2' });

    // Ben takes a seat: the dinner holds 3 of 4, so Anna cannot bring two more (4 seats, 2 more).
    expect((await answer(ben, { status: 'yes', sub_events: { [dinner.id]: 'yes' } })).status).toBe(200);
    // An answer that moves no seats records none.
    expect((await lastAudit(ben)).seats).toBeNull();
    const refused = await answer(anna, { status: 'yes', plus_one_count: 3 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'capacity_exceeded' });
    expect(refused.body.detail).toContain('Rehearsal dinner');
    expect(refused.body.detail).not.toContain('Ceremony');
    // Nothing of it was written: the guest keeps one plus-one, the answers their seats.
    const guest = (await expectStatus(200, ada, 'GET', `/api/guests/${anna.id}`)).data;
    expect(guest.plus_one_count).toBe(1);
    expect(await held(anna)).toEqual({ 'Rehearsal dinner': 'yes:2', Ceremony: 'yes:2' });

    // The planner's edit: the same refusal, then a change that fits.
    const edit = await call(ada, 'PUT', `/api/guests/${anna.id}`, { body: { plus_one_count: 3, version: guest.version } });
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toContain('Rehearsal dinner');
    await expectStatus(200, ada, 'PUT', `/api/guests/${anna.id}`, { body: { plus_one_count: 2, version: guest.version } });
    expect(await held(anna)).toEqual({ 'Rehearsal dinner': 'yes:3', Ceremony: 'yes:3' });
    expect(await lastAudit(anna)).toEqual({ action: 'guest.updated', seats: { 'Rehearsal dinner': '2->3', Ceremony: '2->3' } });
    // The planner's view of the guest carries the sub-event answers.
    const read = (await expectStatus(200, ada, 'GET', `/api/guests/${anna.id}`)).data;
    expect(read.plus_one_count).toBe(2);
    expect(read.sub_events).toEqual(expect.arrayContaining([{ id: dinner.id, status: 'yes', headcount: 3 }, { id: ceremony.id, status: 'yes', headcount: 3 }]));
    expect(read.sub_events).toHaveLength(2);
    const counts = await countersAndRecount();
    expect(counts.stored).toEqual(counts.recounted);
    expect(counts.stored['Rehearsal dinner']).toMatchObject({ attending_count: 2, attending_headcount: 4 });

    // Bringing a plus-one and giving up the full dinner in one answer: the dinner is not grown, the no frees it.
    const both = await answer(ben, { status: 'yes', plus_one_count: 1, sub_events: { [dinner.id]: 'no' } });
    expect(both.status, JSON.stringify(both.body)).toBe(200);
    expect(await held(ben)).toEqual({ 'Rehearsal dinner': 'no:1' });
    const after = await countersAndRecount();
    expect(after.stored).toEqual(after.recounted);
    expect(after.stored['Rehearsal dinner']).toMatchObject({ attending_count: 1, attending_headcount: 3, declined_count: 1 });
  });

  it("the planner's answer with fewer plus-ones frees seats: the sub-event's waitlist moves up and the seats at its tables are freed", async () => {
    expect((await answer(cleo, { status: 'yes', plus_one_count: 2, sub_events: { [brunch.id]: 'yes' } })).status).toBe(200);
    expect((await answer(dan, { status: 'yes', sub_events: { [brunch.id]: 'yes' } })).status).toBe(200);
    expect(await held(dan)).toEqual({ Brunch: 'waitlisted:1' });
    const table = (await expectStatus(201, ada, 'POST', `/api/events/${eventId}/tables`, { body: { name: 'Brunch 1', seats: 4, sub_event_id: brunch.id } })).data;
    for (const slot of [0, 1, 2]) expect((await call(ada, 'PUT', `/api/tables/${table.id}/seats/${slot + 1}`, { body: { guest_id: cleo.id, plus_one: slot } })).status).toBe(200);

    await expectStatus(200, ada, 'POST', `/api/guests/${cleo.id}/rsvp`, { body: { status: 'yes', plus_one_count: 1 } });

    expect(await held(cleo)).toEqual({ Brunch: 'yes:2' });
    expect(await held(dan)).toEqual({ Brunch: 'yes:1' });
    expect((await seatAt(eventId, table.id, 3))?.guest_id ?? null).toBeNull();
    expect((await seatAt(eventId, table.id, 2))?.guest_id).toBe(cleo.id);
    const counts = await countersAndRecount();
    expect(counts.stored).toEqual(counts.recounted);
    expect(counts.stored.Brunch).toMatchObject({ attending_count: 2, attending_headcount: 3, waitlisted_count: 0 });
  });

  it("a party's answer moves each member's seats in its own transaction; a waiting answer waits for the new number", async () => {
    const party = (await expectStatus(201, ada, 'POST', `/api/events/${eventId}/parties`, { body: { name: 'Fay and Gus', member_ids: [fay.id, gus.id] } })).data;
    const partyAnswer = (body: unknown) => rsvpApi('POST', '/api/party-rsvp', { headers: { 'invitation-code': party.invitation_code }, body });
    const first = await partyAnswer({ members: [
      { guest_id: fay.id, status: 'yes', sub_events: { [ceremony.id]: 'yes', [brunch.id]: 'yes' } }, { guest_id: gus.id, status: 'yes', sub_events: { [ceremony.id]: 'yes' } },
    ] });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(await held(fay)).toEqual({ Ceremony: 'yes:1', Brunch: 'waitlisted:1' });

    const more = await partyAnswer({ members: [{ guest_id: fay.id, status: 'yes', plus_one_count: 2 }, { guest_id: gus.id, status: 'yes', plus_one_count: 1 }] });
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    expect(await held(fay)).toEqual({ Ceremony: 'yes:3', Brunch: 'waitlisted:3' });
    expect(await held(gus)).toEqual({ Ceremony: 'yes:2' });
    // Each member's audit entry of the party's answer records that member's seats, a waiting answer's too.
    expect(await lastAudit(fay)).toEqual({ action: 'guest.rsvp', seats: { Ceremony: '1->3', Brunch: '1->3' } });
    expect(await lastAudit(gus)).toEqual({ action: 'guest.rsvp', seats: { Ceremony: '1->2' } });

    // The planner records the party's answer: fewer again.
    await expectStatus(200, ada, 'POST', `/api/parties/${party.id}/rsvp`, { body: { members: [{ guest_id: fay.id, status: 'yes', plus_one_count: 0 }] } });
    expect(await held(fay)).toEqual({ Ceremony: 'yes:1', Brunch: 'waitlisted:1' });
    expect(await held(gus)).toEqual({ Ceremony: 'yes:2' });
    expect(await held(anna)).toEqual({ 'Rehearsal dinner': 'yes:3', Ceremony: 'yes:3' });
    const counts = await countersAndRecount();
    expect(counts.stored).toEqual(counts.recounted);
    expect(counts.stored.Ceremony).toMatchObject({ attending_count: 3, attending_headcount: 3 + 1 + 2 });
  });

  it('six guests each adding a plus-one at once to a sub-event with two seats left: exactly two pass, the counters equal a recount', async () => {
    await Promise.all(racers.map((racer) => answer(racer, { status: 'yes', sub_events: { [lunch.id]: 'yes' } }).then((response) => expect(response.status).toBe(200))));
    const results = await Promise.all(racers.map((racer) => answer(racer, { status: 'yes', plus_one_count: 1 })));

    expect(results.map((result) => result.status).sort()).toEqual([200, 200, 409, 409, 409, 409]);
    const counts = await countersAndRecount();
    expect(counts.stored).toEqual(counts.recounted);
    expect(counts.stored.Lunch).toMatchObject({ attending_count: 6, attending_headcount: 8 });
  });

  it('an invitation change past one transaction (100 items) answers 409 change_too_large and writes nothing', async () => {
    const guestIds = Array.from({ length: 60 }, (_, index) => `not-a-guest-${index}`);
    const changes = guestIds.map((guestId) => ({ before: null, after: newInvitation(eventId, guestId, ceremony.id, 1) }));
    const checks = Array.from({ length: 40 }, () => ({ ConditionCheck: { Key: { pk: 'nothing', sk: 'nothing' }, ConditionExpression: 'attribute_not_exists(pk)' } }));
    expect(1 + invitationChangeItems(eventId, changes).length + checks.length).toBeGreaterThan(MAX_TRANSACTION_ITEMS);

    const error = await writeInvitationChanges(eventId, changes, { guestIds: [] }, checks).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'change_too_large' });
    const counts = await countersAndRecount();
    expect(counts.stored.Ceremony?.invited_count).toBe(3);
    expect(counts.stored).toEqual(counts.recounted);
  });
});
