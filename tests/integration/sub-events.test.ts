import { beforeAll, describe, expect, it } from 'vitest';
import { listEventSubEventInvitations, listSubEvents } from '../../shared/data/sub-events/records.ts';
import { countersOf, recountSubEvents } from '../../shared/domain/sub-events/rules.ts';
import { listQuestions } from '../../shared/data/questions/records.ts';
import { listAllGuests } from '../../shared/data/guests/reads.ts';
import { recountAnswers } from '../../shared/domain/questions/answers.ts';
import { handler as rsvpHandler } from '../../functions/rsvp/handler.ts';
import { mailedLinkCookie } from '../support/http-event.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, type AddedGuest, codeOf, guestsApi, people, rsvpApi, rsvpPage } from './guests-fixtures.ts';

/**
 * Sub-events (docs/sub-events.md): CRUD, a guest invited to a subset who never sees the others, answers
 * per sub-event under each one's capacity and waitlist, and counters equal to a recount under concurrency.
 * One event and its guests are seeded once for the file.
 */
let ada: SignedInUser;
let eventId: string;
type SubEvent = { id: string; title: string; version: number; invited_count: number; attending_count: number; attending_headcount: number; declined_count: number; waitlisted_count: number; pending_count: number };
let dinner: SubEvent;
let ceremony: SubEvent;
let reception: SubEvent;
let guests: AddedGuest[];

async function addSubEvent(body: Record<string, unknown>): Promise<SubEvent> {
  const response = await guestsApi(ada, 'POST', `/api/events/${eventId}/sub-events`, { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data;
}

/** An answer resubmitted after a 503 (contention, nothing written), as a guest's browser would. */
async function answer(code: string, body: Record<string, unknown>) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await rsvpApi('POST', '/api/rsvp', { body, headers: { 'invitation-code': code } });
    if (response.status !== 503 || attempt === 10) return response;
  }
}

const form = (fields: Record<string, string>) => ({
  rawBody: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

/** Every sub-event's stored counters next to a recount of its invitations. */
async function countersAndRecount() {
  const [subEvents, invitations] = await Promise.all([listSubEvents(eventId), listEventSubEventInvitations(eventId)]);
  const recounted = recountSubEvents(invitations);
  const stored = Object.fromEntries(subEvents.map((subEvent) => [subEvent.id, {
    invited_count: subEvent.invited_count, attending_count: subEvent.attending_count, attending_headcount: subEvent.attending_headcount,
    declined_count: subEvent.declined_count, waitlisted_count: subEvent.waitlisted_count,
  }]));
  const expected = Object.fromEntries(subEvents.map((subEvent) => [subEvent.id, recounted.get(subEvent.id) ?? countersOf(null)]));
  return { stored, expected };
}

beforeAll(async () => {
  ada = await signedInUser();
  eventId = (await createEvent(ada, { name: 'Wedding', event_date: '2031-06-21T15:00:00Z', event_type: 'wedding' })).id;
  dinner = await addSubEvent({ title: 'Rehearsal dinner', starts_at: '2031-06-20T18:00:00Z', ends_at: '2031-06-20T22:00:00Z', location_name: 'Trattoria Roma', capacity: 5 });
  reception = await addSubEvent({ title: 'Reception', starts_at: '2031-06-21T18:00:00Z', capacity: 3, waitlist_enabled: true });
  ceremony = await addSubEvent({ title: 'Ceremony', starts_at: '2031-06-21T15:00:00Z', location_name: 'Chapel' });
  guests = [...await addGuests(ada, eventId, people(14, 'sub'))];
});

describe('sub-events', () => {
  it('lists them by start time with zero counts, refuses bad input with every problem, and changes one under its version', async () => {
    const listed = await guestsApi(ada, 'GET', `/api/events/${eventId}/sub-events`);
    const bad = await guestsApi(ada, 'POST', `/api/events/${eventId}/sub-events`, { body: { title: '', starts_at: 'tomorrow', capacity: 0 } });
    const backwards = await guestsApi(ada, 'POST', `/api/events/${eventId}/sub-events`, { body: { title: 'Brunch', starts_at: '2031-06-22T10:00:00Z', ends_at: '2031-06-22T09:00:00Z' } });
    const stale = await guestsApi(ada, 'PUT', `/api/sub-events/${ceremony.id}`, { body: { title: 'Vows', version: ceremony.version + 5 } });

    expect(listed.status).toBe(200);
    expect(listed.body.data.map((subEvent: SubEvent) => subEvent.title)).toEqual(['Rehearsal dinner', 'Ceremony', 'Reception']);
    expect(listed.body.data[0]).toMatchObject({ location_name: 'Trattoria Roma', capacity: 5, waitlist_enabled: false, invited_count: 0, pending_count: 0, ends_at: '2031-06-20T22:00:00Z' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((problem: { path: string }) => problem.path).sort()).toEqual(['capacity', 'starts_at', 'title']);
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ path: 'ends_at', message: 'Must be after starts_at' }]);
    expect(stale.status).toBe(409);
  });

  it('invites a guest to 2 of 3 sub-events: the third is never shown nor answerable, and the answers are per sub-event', async () => {
    const [guest] = guests as [AddedGuest];
    const set = await guestsApi(ada, 'PUT', `/api/guests/${guest.id}/sub-events`, { body: { sub_event_ids: [ceremony.id, dinner.id] } });
    const unknown = await guestsApi(ada, 'PUT', `/api/guests/${guest.id}/sub-events`, { body: { sub_event_ids: ['01JD3M8W6ZQ4V7N2K5T9X1B3C8'] } });
    const shown = await rsvpApi('GET', '/api/rsvp', { headers: { 'invitation-code': codeOf(guest) } });
    const third = await answer(codeOf(guest), { status: 'yes', sub_events: { [reception.id]: 'yes' } });
    const answered = await answer(codeOf(guest), { status: 'yes', sub_events: { [dinner.id]: 'yes', [ceremony.id]: 'no' } });

    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.data.map((row: { title: string; status: string }) => [row.title, row.status])).toEqual([['Rehearsal dinner', 'pending'], ['Ceremony', 'pending']]);
    expect(unknown.status).toBe(400);
    expect(shown.status).toBe(200);
    expect(shown.body.data.sub_events.map((subEvent: { title: string }) => subEvent.title)).toEqual(['Rehearsal dinner', 'Ceremony']);
    expect(JSON.stringify(shown.body)).not.toContain(reception.id);
    expect(JSON.stringify(shown.body)).not.toContain('Reception');
    expect(third.status).toBe(400);
    expect(third.body.errors).toEqual([{ path: `sub_events.${reception.id}`, message: 'Not a sub-event of this invitation' }]);
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.data.sub_events.map((subEvent: { title: string; status: string }) => [subEvent.title, subEvent.status])).toEqual([['Rehearsal dinner', 'yes'], ['Ceremony', 'no']]);
    expect(JSON.stringify(answered.body)).not.toContain('Reception');
    const { stored, expected } = await countersAndRecount();
    expect(stored).toEqual(expected);
    expect(stored[dinner.id]).toMatchObject({ invited_count: 1, attending_count: 1, attending_headcount: 1 });
    expect(stored[ceremony.id]).toMatchObject({ invited_count: 1, declined_count: 1 });
  });

  it('the page (no JavaScript) asks per sub-event the guest is invited to, never the third, and its form records the answers', async () => {
    const [guest] = guests as [AddedGuest];
    const shown = await rsvpPage('GET', codeOf(guest));
    const posted = await rsvpPage('POST', codeOf(guest), form({ status: 'yes', [`sub_events.${ceremony.id}`]: 'yes' }));
    const forged = await rsvpPage('POST', codeOf(guest), form({ status: 'yes', [`sub_events.${reception.id}`]: 'yes' }));
    const after = await guestsApi(ada, 'GET', `/api/guests/${guest.id}/sub-events`);

    expect(shown.status).toBe(200);
    expect(shown.body).toContain(`name="sub_events.${dinner.id}" value="yes" checked`);
    expect(shown.body).toContain(`name="sub_events.${ceremony.id}" value="no" checked`);
    expect(shown.body).not.toContain('Reception');
    expect(shown.body).not.toContain(reception.id);
    expect(posted.status).toBe(303);
    expect(forged.status).toBe(400);
    expect(forged.body).not.toContain('Reception');
    expect(after.body.data.map((row: { title: string; status: string }) => [row.title, row.status])).toEqual([['Rehearsal dinner', 'yes'], ['Ceremony', 'yes']]);
  });

  it("the guest's .ics has one VEVENT per sub-event they attend and the event, never a sub-event they are not invited to", async () => {
    const [guest] = guests as [AddedGuest];
    const cookie = await mailedLinkCookie(rsvpHandler, `/rsvp/${codeOf(guest)}`);
    const calendar = await rsvpApi('GET', '/rsvp/calendar.ics', { headers: { cookie } });
    const withoutCookie = await rsvpApi('GET', '/rsvp/calendar.ics');

    expect(calendar.status).toBe(200);
    expect(calendar.headers['Content-Type']).toBe('text/calendar; charset=utf-8');
    const summaries = [...String(calendar.body).matchAll(/^SUMMARY:(.*)$/gm)].map(([, summary]) => summary?.trim());
    expect(summaries).toEqual(['Wedding', 'Rehearsal dinner (Wedding)', 'Ceremony (Wedding)']);
    expect(String(calendar.body).match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(String(calendar.body)).toContain('LOCATION:Trattoria Roma');
    expect(String(calendar.body)).not.toContain('Reception');
    expect(withoutCookie.status).toBe(400);
  });

  it('holds each capacity under concurrent answers (refused without a waitlist, queued with one), promotes in order, and counters equal a recount', async () => {
    const crowd = guests.slice(1, 11);
    const invitedToDinner = await guestsApi(ada, 'POST', `/api/sub-events/${dinner.id}/guests`, { body: { add: crowd.map((guest) => guest.id) } });
    const invitedToReception = await guestsApi(ada, 'POST', `/api/sub-events/${reception.id}/guests`, { body: { add: crowd.slice(0, 6).map((guest) => guest.id) } });
    expect(invitedToDinner.status, JSON.stringify(invitedToDinner.body)).toBe(200);
    expect(invitedToDinner.body.data).toMatchObject({ invited: 10, removed: 0, sub_event: { invited_count: 11 } });
    expect(invitedToReception.body.data).toMatchObject({ invited: 6, sub_event: { invited_count: 6 } });

    // 10 guests for the dinner's 4 seats left; 6 for the reception's 3 seats and its waitlist, at once.
    const answers = await Promise.all(crowd.map((guest, index) => answer(codeOf(guest), {
      status: 'yes', sub_events: index < 6 ? { [dinner.id]: 'yes', [reception.id]: 'yes' } : { [dinner.id]: 'yes' },
    })));

    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(4);
    expect(statuses.filter((status) => status === 409)).toHaveLength(6);
    let { stored, expected } = await countersAndRecount();
    expect(stored).toEqual(expected);
    expect(stored[dinner.id]).toMatchObject({ attending_count: 5, attending_headcount: 5 });
    // The refused answers wrote nothing for the reception either: answer it alone.
    const refused = crowd.slice(0, 6).filter((_, index) => statuses[index] === 409);
    await Promise.all(refused.map((guest) => answer(codeOf(guest), { status: 'yes', sub_events: { [reception.id]: 'yes' } })));
    ({ stored, expected } = await countersAndRecount());
    expect(stored).toEqual(expected);
    expect(stored[reception.id]).toMatchObject({ attending_count: 3, waitlisted_count: 3 });

    // Two attending guests decline: the first two in the queue take their seats.
    const attending = (await listEventSubEventInvitations(eventId)).filter((invitation) => invitation.sub_event_id === reception.id && invitation.status === 'yes');
    const queue = (await listEventSubEventInvitations(eventId)).filter((invitation) => invitation.sub_event_id === reception.id && invitation.status === 'waitlisted')
      .sort((a, b) => (a.waitlisted_at ?? '').localeCompare(b.waitlisted_at ?? ''));
    const byId = new Map(guests.map((guest) => [guest.id, guest]));
    await Promise.all(attending.slice(0, 2).map((invitation) => answer(codeOf(byId.get(invitation.guest_id) as AddedGuest), { status: 'yes', sub_events: { [reception.id]: 'no' } })));
    ({ stored, expected } = await countersAndRecount());
    expect(stored).toEqual(expected);
    expect(stored[reception.id]).toMatchObject({ attending_count: 3, waitlisted_count: 1, declined_count: 2 });
    const after = await listEventSubEventInvitations(eventId);
    const [last] = queue.slice(2);
    expect(after.find((invitation) => invitation.sub_event_id === reception.id && invitation.guest_id === last?.guest_id)?.status).toBe('waitlisted');
  });

  it('uninviting (a guest, or in bulk) drops the answers with their counts; a sub-event in use cannot be deleted', async () => {
    const [, second, third] = guests as [AddedGuest, AddedGuest, AddedGuest];
    const inUse = await guestsApi(ada, 'DELETE', `/api/sub-events/${reception.id}`);
    const cleared = await guestsApi(ada, 'PUT', `/api/guests/${second.id}/sub-events`, { body: { sub_event_ids: [] } });
    const removed = await guestsApi(ada, 'POST', `/api/sub-events/${dinner.id}/guests`, { body: { remove: [third.id] } });
    const deletedGuest = await guestsApi(ada, 'DELETE', `/api/guests/${(guests[4] as AddedGuest).id}`);

    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('sub_event_in_use');
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).toEqual([]);
    expect(removed.body.data).toMatchObject({ invited: 0, removed: 1 });
    expect(deletedGuest.status).toBe(200);
    const { stored, expected } = await countersAndRecount();
    expect(stored).toEqual(expected);
    const spare = await addSubEvent({ title: 'Brunch', starts_at: '2031-06-22T10:00:00Z' });
    const gone = await guestsApi(ada, 'DELETE', `/api/sub-events/${spare.id}`);
    expect(gone.status).toBe(200);
  });
});

describe('questions per sub-event (docs/questions.md, "Sub-events")', () => {
  type Question = { id: string; version: number; answer_count: number; options: { id: string; count: number }[] };
  const asked = async (code: string) => (await rsvpApi('GET', '/api/rsvp', { headers: { 'invitation-code': code } })).body.data;

  /** Each question's stored counters next to a recount of the guests' answers. */
  async function questionCountsAndRecount() {
    const [questions, stored] = await Promise.all([listQuestions(eventId), listAllGuests(eventId)]);
    const recounted = recountAnswers(stored);
    return questions.map((question) => ({
      id: question.id,
      stored: { answers: question.answer_count, choices: Object.fromEntries(Object.entries(question.choice_counts).filter(([, count]) => count !== 0)) },
      recount: recounted.get(question.id) ?? { answers: 0, choices: {} },
    }));
  }

  it('asks them only of the guests invited to it (attending: with a yes), drops them with a no or an uninvitation, and counts per sub-event', async () => {
    const [invited, removedLater, outsider] = guests.slice(11, 14) as [AddedGuest, AddedGuest, AddedGuest];
    const brunch = await addSubEvent({ title: 'Brunch', starts_at: '2031-06-22T10:00:00Z' });
    const unknown = await guestsApi(ada, 'POST', `/api/events/${eventId}/questions`, { body: { kind: 'text', label: 'Song', sub_event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8' } });
    const meal = (await guestsApi(ada, 'POST', `/api/events/${eventId}/questions`, {
      body: { kind: 'single_choice', label: 'Brunch dish', required: true, sub_event_id: brunch.id, options: [{ label: 'Eggs' }, { label: 'Pancakes' }] },
    })).body.data as Question;
    const shuttle = (await guestsApi(ada, 'POST', `/api/events/${eventId}/questions`, {
      body: { kind: 'yes_no', label: 'Brunch shuttle', audience: 'attending', sub_event_id: brunch.id },
    })).body.data as Question;
    const invitedToBrunch = await guestsApi(ada, 'POST', `/api/sub-events/${brunch.id}/guests`, { body: { add: [invited.id, removedLater.id] } });
    const inUse = await guestsApi(ada, 'DELETE', `/api/sub-events/${brunch.id}`);

    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'sub_event_id', message: 'No such sub-event in this event' }]);
    expect(meal).toMatchObject({ sub_event_id: brunch.id });
    expect(invitedToBrunch.status).toBe(200);
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('sub_event_in_use');

    // Shown under the sub-event to its guests only, never to a guest not invited to it.
    const view = await asked(codeOf(invited));
    expect(view.questions.map((question: { id: string }) => question.id)).not.toContain(meal.id);
    expect(view.sub_events.find((subEvent: { id: string }) => subEvent.id === brunch.id).questions.map((question: { id: string }) => question.id)).toEqual([meal.id, shuttle.id]);
    expect(JSON.stringify(await asked(codeOf(outsider)))).not.toContain(meal.id);
    const [page, outsiderPage] = await Promise.all([rsvpPage('GET', codeOf(invited)), rsvpPage('GET', codeOf(outsider))]);
    expect(page.body).toMatch(new RegExp(`id="sub-event-${brunch.id}"[^]*name="answers\\.${meal.id}"[^]*</fieldset>`));
    expect(outsiderPage.body).not.toContain(meal.id);
    const forged = await answer(codeOf(outsider), { status: 'yes', answers: { [meal.id]: 'eggs' } });
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ path: `answers.${meal.id}`, message: 'No such question on this invitation' }]);
    const missing = await answer(codeOf(invited), { status: 'yes', sub_events: { [brunch.id]: 'yes' } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: `answers.${meal.id}`, message: 'Required: Brunch dish' }]);

    // Answered with a yes to the brunch in the same request; the attending-only one needs that yes.
    const first = await answer(codeOf(invited), { status: 'yes', sub_events: { [brunch.id]: 'yes' }, answers: { [meal.id]: 'eggs', [shuttle.id]: true } });
    const second = await answer(codeOf(removedLater), { status: 'no', sub_events: { [brunch.id]: 'yes' }, answers: { [meal.id]: 'pancakes', [shuttle.id]: 'yes' } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(first.body.data.guest.answers).toEqual({ [meal.id]: ['eggs'], [shuttle.id]: true });

    // A no to the brunch drops the attending-only answer; an uninvitation drops both; the counters follow.
    const declined = await answer(codeOf(invited), { status: 'yes', sub_events: { [brunch.id]: 'no' } });
    const uninvited = await guestsApi(ada, 'POST', `/api/sub-events/${brunch.id}/guests`, { body: { remove: [removedLater.id] } });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body.data.guest.answers).toEqual({ [meal.id]: ['eggs'] });
    expect(uninvited.status).toBe(200);
    const counts = await questionCountsAndRecount();
    for (const { stored, recount } of counts) expect(stored).toEqual(recount);
    expect(counts.find((row) => row.id === meal.id)?.stored).toEqual({ answers: 1, choices: { eggs: 1 } });
    expect(counts.find((row) => row.id === shuttle.id)?.stored).toEqual({ answers: 0, choices: {} });
    const removedGuest = (await listAllGuests(eventId)).find((guest) => guest.id === removedLater.id);
    expect(removedGuest?.answers).toBeUndefined();

    const csv = await guestsApi(ada, 'GET', `/api/events/${eventId}/questions/export`);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('Brunch dish,single_choice,eggs,Eggs,1,,,,Brunch');
  });
});
