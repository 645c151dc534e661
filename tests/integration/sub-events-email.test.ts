import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredEmail } from '../../infra/local/ses-store.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, type AddedGuest, codeOf, guestsApi, rsvpApi } from './guests-fixtures.ts';
import { emailsFor, runSender, uniqueTag } from './invitations-fixtures.ts';

/**
 * Sub-events in the guest's email (docs/sub-events.md): the confirmation's .ics carries one VEVENT per
 * sub-event the guest attends beside the event's, never one they are not invited to; a guest seated from a
 * sub-event's waitlist is told which, in their language. One world for the file: the answers are given in
 * beforeAll, then one sender run mails every notice; the tests read the emails.
 */
let ada: SignedInUser;
let eventId: string;
const tag = uniqueTag();
type SubEvent = { id: string; title: string };
let dinner: SubEvent;
let ceremony: SubEvent;
let reception: SubEvent;
let grace: AddedGuest;
let alan: AddedGuest;
let claire: AddedGuest;
let dev: AddedGuest;
const mail = new Map<string, StoredEmail[]>();

async function addSubEvent(body: Record<string, unknown>): Promise<SubEvent> {
  const response = await guestsApi(ada, 'POST', `/api/events/${eventId}/sub-events`, { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data;
}

async function invite(guest: AddedGuest, subEvents: SubEvent[]) {
  const response = await guestsApi(ada, 'PUT', `/api/guests/${guest.id}/sub-events`, { body: { sub_event_ids: subEvents.map((subEvent) => subEvent.id) } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

async function answer(guest: AddedGuest, body: Record<string, unknown>) {
  const response = await rsvpApi('POST', '/api/rsvp', { body, headers: { 'invitation-code': codeOf(guest) } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.data as { sub_events: { title: string; status: string }[] };
}

/** The .ics of an email, parsed by ical.js with its own VTIMEZONE registered, so each entry's start is an instant. */
function calendarOf(email: StoredEmail | undefined) {
  const file = email?.attachments.find((attachment) => attachment.contentType.startsWith('text/calendar'));
  if (!file) return null;
  const calendar = new ICAL.Component(ICAL.parse(Buffer.from(file.content, 'base64').toString('utf8')));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const entry = new ICAL.Event(component);
    return { uid: entry.uid, summary: entry.summary, location: entry.location, start: entry.startDate.toJSDate().toISOString(), end: entry.endDate.toJSDate().toISOString() };
  });
}

beforeAll(async () => {
  ada = await signedInUser();
  eventId = (await createEvent(ada, { name: 'Wedding', event_date: '2031-06-21T13:00:00Z', timezone: 'Europe/Paris', location_name: 'Mairie', event_type: 'wedding' })).id;
  dinner = await addSubEvent({ title: 'Rehearsal dinner', starts_at: '2031-06-20T18:00:00Z', ends_at: '2031-06-20T22:00:00Z', location_name: 'Trattoria Roma' });
  ceremony = await addSubEvent({ title: 'Ceremony', starts_at: '2031-06-21T13:00:00Z', location_name: 'Chapel' });
  reception = await addSubEvent({ title: 'Reception', starts_at: '2031-06-21T17:00:00Z', capacity: 1, waitlist_enabled: true });
  [grace, alan, claire, dev] = await addGuests(ada, eventId, [
    { name: 'Grace', email: `grace.${tag}@example.com` },
    { name: 'Alan', email: `alan.${tag}@example.com` },
    { name: 'Claire', email: `claire.${tag}@example.com`, language: 'fr' },
    { name: 'Dev', email: `dev.${tag}@example.com` },
  ]);
  await Promise.all([invite(grace, [dinner, ceremony]), invite(alan, [ceremony, reception]), invite(claire, [reception]), invite(dev, [reception])]);
  // Grace attends the event and both her sub-events; Alan declines the event but comes to the ceremony.
  await answer(grace, { status: 'yes', sub_events: { [dinner.id]: 'yes', [ceremony.id]: 'yes' } });
  await answer(alan, { status: 'no', sub_events: { [ceremony.id]: 'yes', [reception.id]: 'no' } });
  // The reception's one seat: Dev takes it, Claire waits, Dev gives it up and Claire is seated.
  await answer(dev, { status: 'yes', sub_events: { [reception.id]: 'yes' } });
  const queued = await answer(claire, { status: 'yes', sub_events: { [reception.id]: 'yes' } });
  expect(queued.sub_events).toEqual([expect.objectContaining({ title: 'Reception', status: 'waitlisted' })]);
  await answer(dev, { status: 'yes', sub_events: { [reception.id]: 'no' } });
  await runSender();
  for (const guest of [grace, alan, claire, dev]) mail.set(guest.id, await emailsFor(`${guest.name.toLowerCase()}.${tag}`));
}, 60_000);

describe("sub-events in the guest's email", () => {
  it("the confirmation's .ics holds the event and the two sub-events the guest attends, never the third", () => {
    const [confirmation] = mail.get(grace.id) ?? [];
    const entries = calendarOf(confirmation);

    expect(confirmation?.subject).toBe('Your answer for Wedding');
    expect(entries?.map((entry) => entry.summary)).toEqual(['Wedding', 'Rehearsal dinner (Wedding)', 'Ceremony (Wedding)']);
    expect(entries?.[1]).toEqual({
      uid: `sub-event-${dinner.id}-${grace.id}@event-planning`, summary: 'Rehearsal dinner (Wedding)', location: 'Trattoria Roma',
      start: '2031-06-20T18:00:00.000Z', end: '2031-06-20T22:00:00.000Z',
    });
    // A sub-event without an end is shown for two hours, as on the page's calendar file.
    expect(entries?.[2]).toMatchObject({ uid: `sub-event-${ceremony.id}-${grace.id}@event-planning`, start: '2031-06-21T13:00:00.000Z', end: '2031-06-21T15:00:00.000Z' });
    expect(JSON.stringify(entries)).not.toContain(reception.id);
    expect(confirmation?.body.text).not.toContain('Reception');
    expect(confirmation?.body.text).toContain('Rehearsal dinner');
  });

  it('a guest who declined the event but attends a sub-event gets that sub-event alone in the .ics', () => {
    const emails = mail.get(alan.id) ?? [];

    expect(emails).toHaveLength(1);
    expect(emails[0]?.body.text).toContain('We recorded that you will not attend.');
    expect(calendarOf(emails[0])?.map((entry) => [entry.uid, entry.summary])).toEqual([[`sub-event-${ceremony.id}-${alan.id}@event-planning`, 'Ceremony (Wedding)']]);
  });

  it("a guest seated from a sub-event's waitlist is told which sub-event, in their language, with it in the .ics; nobody else is", () => {
    const emails = mail.get(claire.id) ?? [];
    const promotion = emails.find((email) => email.subject.startsWith('Une place pour vous'));

    // Her own answer's confirmation, and the promotion.
    expect(emails).toHaveLength(2);
    expect(promotion?.subject).toBe('Une place pour vous : Reception (Wedding)');
    expect(promotion?.body.text).toContain('Vous étiez sur la liste d’attente de Reception (Wedding)');
    // When, in the event's time zone, in French.
    expect(promotion?.body.text).toContain('19:00');
    expect(calendarOf(promotion)?.map((entry) => entry.summary)).toEqual(['Wedding', 'Reception (Wedding)']);
    // Dev, who gave the seat up, had one confirmation (his first answer) and no promotion.
    expect((mail.get(dev.id) ?? []).map((email) => email.subject)).toEqual(['Your answer for Wedding']);
  });
});
