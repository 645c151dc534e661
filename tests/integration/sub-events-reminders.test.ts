import { beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { runReminders } from '../../functions/reminders/handler.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { childKeys, eventReminderKeys, subEventKeys } from '../../shared/data/keys.ts';
import { subEventRemindersMigration } from '../../shared/data/migrations/0005-sub-event-reminders.ts';
import { runMigrations } from '../../shared/data/migrations/runner.ts';
import { saveEventEdits } from '../../shared/data/events/records.ts';
import { createSubEvent, listSubEvents } from '../../shared/data/sub-events/records.ts';
import { subEventReminderWrite } from '../../shared/data/sub-events/reminders.ts';
import type { SubEventRecord } from '../../shared/domain/sub-events/rules.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { api, createEvent, getItem } from './events-fixtures.ts';
import { addGuests, type AddedGuest, codeOf, guestsApi, rsvpApi } from './guests-fixtures.ts';
import { addressOf, emailsFor, runSender, uniqueTag } from './invitations-fixtures.ts';

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

const markerOf = (subEvent: SubEvent) => getItem(subEventKeys.reminderMarker(eventId, subEvent.id));

describe("the markers of sub-events written before them, and of a re-zoned event's", () => {
  it('migration 0005 writes each missing marker as a create writes it; resumed or run again it changes nothing', async () => {
    const written = await Promise.all([markerOf(dinner), markerOf(brunch)]);
    // As before the markers existed: the dinner's and the brunch's gone.
    await Promise.all([dinner, brunch].map((subEvent) => db().send(new DeleteCommand({ TableName: tableName(), Key: subEventKeys.reminderMarker(eventId, subEvent.id) }))));
    let pages = 0;
    const stopped = await runMigrations({ owner: 'sub-event-markers-1', restart: true, pageSize: 10, migrations: [subEventRemindersMigration], shouldStop: () => (pages += 1) > 1 });
    const resumed = await runMigrations({ owner: 'sub-event-markers-2', pageSize: 10, migrations: [subEventRemindersMigration] });
    const afterFirst = await Promise.all([markerOf(dinner), markerOf(brunch)]);
    const again = await runMigrations({ owner: 'sub-event-markers-3', restart: true, migrations: [subEventRemindersMigration] });

    expect(stopped.migrations[0]?.outcome).toBe('stopped');
    expect(resumed.migrations[0]?.outcome).toBe('done');
    expect((stopped.migrations[0]?.rewritten ?? 0) + (resumed.migrations[0]?.rewritten ?? 0)).toBe(2);
    expect(afterFirst).toEqual(written);
    expect(again.migrations[0]).toMatchObject({ outcome: 'done', rewritten: 0, changed_meanwhile: 2 });
    expect(await Promise.all([markerOf(dinner), markerOf(brunch)])).toEqual(written);
  });

  it("a new time zone files the markers again in it, in the change's transaction", async () => {
    // 2032-03-28 20:00 in Paris (summer time from that night): the day before is 20:00 winter time, 19:00 UTC; in UTC, 18:00.
    const spring = await addSubEvent({ title: 'Spring lunch', starts_at: '2032-03-28T18:00:00Z' });
    const before = await markerOf(spring);
    const event = (await api(ada, 'GET', `/api/events/${eventId}`)).body.data;
    const rezoned = await api(ada, 'PUT', `/api/events/${eventId}`, { body: { timezone: 'UTC', version: event.version } });
    const after = await markerOf(spring);
    // The races it must not lose, played in order: a create that read the old zone commits after the change
    // (refused: it would file its marker in the old zone), and a change that read fewer sub-events than the
    // event counts by then (refused: it would leave the newcomer's marker in the old zone).
    const [springRecord] = (await listSubEvents(eventId)).filter((subEvent) => subEvent.id === spring.id);
    const late = { ...springRecord as SubEventRecord, id: `${spring.id}-late` };
    const lateCreate = await createSubEvent(late, 'Europe/Paris', [subEventReminderWrite(late, 'Europe/Paris')]);
    const staleChange = await saveEventEdits(eventId, event.version + 1, { set: { timezone: 'Asia/Tokyo' }, remove: [] }, new Date(), [], [], undefined, { count: 1, writes: [] });

    expect(rezoned.status, JSON.stringify(rezoned.body)).toBe(200);
    expect(before).toMatchObject({ remind_at: '2032-03-27T19:00:00Z', gsi2pk: expect.stringContaining('2032-03-27') });
    expect(after).toMatchObject({ remind_at: '2032-03-27T18:00:00Z', gsi2pk: expect.stringContaining('2032-03-27') });
    expect(after?.gsi2sk).not.toEqual(before?.gsi2sk);
    expect(await markerOf(brunch)).toMatchObject({ remind_at: '2032-06-22T08:00:00Z' });
    expect(lateCreate).toBe('event_gone');
    expect(await markerOf(late)).toBeNull();
    expect(staleChange).toBe('stale');
  });
});

describe('the RSVP reminder asks for the sub-events awaiting an answer', () => {
  it('reaches a guest who said yes but left a sub-event pending, naming it, once; a guest who has not answered hears of both', async () => {
    const gala = (await createEvent(ada, { name: 'Gala', event_date: '2033-05-20T18:00:00Z', timezone: 'UTC', rsvp_deadline: 'P14D' })).id as string;
    const add = async (body: Record<string, unknown>) => (await guestsApi(ada, 'POST', `/api/events/${gala}/sub-events`, { body })).body.data as SubEvent;
    const ceremony = await add({ title: 'Ceremony', starts_at: '2033-05-20T16:00:00Z' });
    const dinner = await add({ title: 'Dinner', starts_at: '2033-05-20T19:00:00Z' });
    const [dee, eve, fay, gus] = await addGuests(ada, gala, [
      { name: 'Dee', email: `dee.${tag}@example.com`, language: 'de' },
      { name: 'Eve', email: `eve.${tag}@example.com` },
      { name: 'Fay', email: `fay.${tag}@example.com` },
      { name: 'Gus', email: `gus.${tag}@example.com` },
    ]) as [AddedGuest, AddedGuest, AddedGuest, AddedGuest];
    await Promise.all([dee, eve, fay, gus].map((guest) => guestsApi(ada, 'PUT', `/api/guests/${guest.id}/sub-events`, { body: { sub_event_ids: [ceremony.id, dinner.id] } })));
    const answer = (guest: AddedGuest, status: string, subEvents: Record<string, string>) =>
      rsvpApi('POST', '/api/rsvp', { body: { status, sub_events: subEvents }, headers: { 'invitation-code': codeOf(guest) } });
    // Eve: yes, the dinner left pending. Fay: yes to everything. Gus: no, the dinner pending (a no is not asked again).
    await Promise.all([answer(eve, 'yes', { [ceremony.id]: 'yes' }), answer(fay, 'yes', { [ceremony.id]: 'yes', [dinner.id]: 'no' }), answer(gus, 'no', { [ceremony.id]: 'no' })]);
    // As if the invitations had gone out: only an invited guest is reminded.
    await Promise.all([dee, eve, fay, gus].map((guest) => db().send(new UpdateCommand({
      TableName: tableName(), Key: childKeys.item('guest', gala, guest.id), UpdateExpression: 'SET invited_at = :at', ExpressionAttributeValues: { ':at': '2033-01-01T00:00:00Z' },
    }))));
    const marker = await getItem(eventReminderKeys.marker(gala, 'rsvp_reminder'));
    const due = new Date(Date.parse(String(marker?.remind_at)) + 5 * 60_000);

    const run = await runReminders(due);
    const rerun = await runReminders(new Date(due.getTime() + 60 * 60_000));
    await runSender(due);
    await runSender(new Date(due.getTime() + 60_000));
    const reminders = (await emailsFor(tag)).filter((email) => /^(Reminder|Erinnerung)/.test(email.subject));

    expect([run.sent.rsvp_reminder, rerun.sent.rsvp_reminder]).toEqual([1, 0]);
    expect(reminders.map((email) => [addressOf(email.destination.to[0] ?? ''), email.subject]).sort()).toEqual([
      [`dee.${tag}@example.com`, 'Erinnerung: Kommen Sie zu Gala?'],
      [`eve.${tag}@example.com`, 'Reminder: a few answers for Gala'],
    ]);
    const text = (address: string) => reminders.find((email) => addressOf(email.destination.to[0] ?? '') === address)?.body.text ?? '';
    expect(text(`dee.${tag}@example.com`)).toContain('Bitte antworten Sie auch zu Folgendem:');
    expect(text(`dee.${tag}@example.com`)).toMatch(/Ceremony[\s\S]*Dinner/);
    expect(text(`eve.${tag}@example.com`)).toContain('Thank you for your answer to Gala.');
    expect(text(`eve.${tag}@example.com`)).toContain('Dinner');
    expect(text(`eve.${tag}@example.com`)).not.toContain('Ceremony');
  });
});
