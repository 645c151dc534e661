import { beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../../functions/reminders/handler.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, type AddedGuest, codeOf, guestsApi, rsvpApi } from './guests-fixtures.ts';
import { emailsFor, runSender, uniqueTag } from './invitations-fixtures.ts';

/**
 * A sub-event's day-before reminder (docs/sub-events.md) with the clock moved by hand: once, the day before
 * the sub-event in the event's time zone, to the guests attending it and nobody else, in their language;
 * a moved sub-event owes it at its new time only. One event for the file (its own table: the day
 * partitions are this file's alone).
 */
let ada: SignedInUser;
let eventId: string;
const tag = uniqueTag();
type SubEvent = { id: string; title: string; version: number };
let dinner: SubEvent;
let brunch: SubEvent;
let guests: AddedGuest[];
const at = (iso: string) => new Date(iso);

async function addSubEvent(body: Record<string, unknown>): Promise<SubEvent> {
  const response = await guestsApi(ada, 'POST', `/api/events/${eventId}/sub-events`, { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data;
}

beforeAll(async () => {
  ada = await signedInUser();
  eventId = (await createEvent(ada, { name: 'Wedding', event_date: '2032-06-21T13:00:00Z', timezone: 'Europe/Paris', event_type: 'wedding' })).id;
  // 20:00 in Paris (summer time): reminded at 20:00 the evening before, 18:00 UTC.
  dinner = await addSubEvent({ title: 'Rehearsal dinner', starts_at: '2032-06-20T18:00:00Z', location_name: 'Trattoria Roma' });
  brunch = await addSubEvent({ title: 'Brunch', starts_at: '2032-06-22T08:00:00Z' });
  guests = [...await addGuests(ada, eventId, [
    { name: 'Anaïs', email: `anais.${tag}@example.com`, language: 'fr' },
    { name: 'Bo', email: `bo.${tag}@example.com` },
    { name: 'Cy', email: `cy.${tag}@example.com` },
  ])];
  const [anais, bo, cy] = guests as [AddedGuest, AddedGuest, AddedGuest];
  const invite = (guest: AddedGuest, ids: string[]) => guestsApi(ada, 'PUT', `/api/guests/${guest.id}/sub-events`, { body: { sub_event_ids: ids } });
  await Promise.all([invite(anais, [dinner.id]), invite(bo, [dinner.id]), invite(cy, [brunch.id])]);
  const answer = (guest: AddedGuest, subEvents: Record<string, string>) => rsvpApi('POST', '/api/rsvp', { body: { status: 'yes', sub_events: subEvents }, headers: { 'invitation-code': codeOf(guest) } });
  const answers = await Promise.all([answer(anais, { [dinner.id]: 'yes' }), answer(bo, { [dinner.id]: 'no' }), answer(cy, { [brunch.id]: 'yes' })]);
  expect(answers.map((response) => response.status)).toEqual([200, 200, 200]);
});

describe("a sub-event's day-before reminder", () => {
  it('goes once, the day before in the event\'s zone, to the guests attending it only, in their language', async () => {
    const early = await runReminders(at('2032-06-19T17:45:00Z'));
    const due = await runReminders(at('2032-06-19T18:05:00Z'));
    const rerun = await runReminders(at('2032-06-20T09:00:00Z'));
    await runSender(at('2032-06-19T18:06:00Z'));
    // Every email but the answers' confirmations (in English or French).
    const reminders = (await emailsFor(tag)).filter((email) => !/^(Your answer|Votre réponse)/.test(email.subject));

    expect([early, due, rerun].map((run) => run.sent.sub_event_day_before)).toEqual([0, 1, 0]);
    expect(rerun.already_sent).toBeGreaterThanOrEqual(1);
    expect(reminders.map((email) => [email.destination.to[0], email.subject])).toEqual([[`"Anaïs" <anais.${tag}@example.com>`, 'Demain : Rehearsal dinner (Wedding)']]);
    expect(reminders[0]?.body.text).toContain('Un petit rappel : Rehearsal dinner (Wedding) a lieu demain.');
    expect(reminders[0]?.body.text).toContain('20:00');
    expect(reminders[0]?.body.text).toContain('Trattoria Roma');
  });

  it('follows a moved sub-event: nothing at the old time, once at the new one', async () => {
    const moved = await guestsApi(ada, 'PUT', `/api/sub-events/${brunch.id}`, { body: { starts_at: '2032-06-23T08:00:00Z', version: brunch.version } });

    const atOldTime = await runReminders(at('2032-06-21T08:05:00Z'));
    const atNewTime = await runReminders(at('2032-06-22T08:05:00Z'));

    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(atOldTime.sent.sub_event_day_before).toBe(0);
    expect(atNewTime.sent.sub_event_day_before).toBe(1);
  });
});
