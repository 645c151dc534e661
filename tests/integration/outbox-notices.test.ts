import { describe, expect, it } from 'vitest';
import { runReminders } from '../../functions/reminders/handler.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { api, createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests, rsvpApi, codeOf } from './guests-fixtures.ts';
import { emailsFor, invitationsApi, plannerWithBudgetAlert, runSender, uniqueTag } from './invitations-fixtures.ts';
import { expectStatus } from './timeline-fixtures.ts';

/** Every notice kind recorded by earlier issues reaches SES once, however often the sender runs. */
describe('the outbox sender', () => {
  it('sends exactly one change notice to each invited guest when the event date changes, none to others', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
    const tag = uniqueTag();
    const [first, second] = await addGuests(planner, event.id, [{ name: 'Ada', email: `ada.${tag}@example.com` }, { name: 'Grace', email: `grace.${tag}@example.com` }]);
    await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, { guest_ids: [first.id, second.id] });
    await runSender();
    const [late] = await addGuests(planner, event.id, [{ name: 'Late', email: `late.${tag}@example.com` }]);

    const changed = await api(planner, 'PUT', `/api/events/${event.id}`, { body: { event_date: '2031-07-04T16:00:00Z' } });
    await runSender();
    await runSender();
    const notices = (await emailsFor(tag)).filter((email) => email.subject.startsWith('Changed:'));

    expect(changed.status).toBe(200);
    expect(notices.map((email) => email.destination.to[0]).sort()).toEqual([`"Ada" <ada.${tag}@example.com>`, `"Grace" <grace.${tag}@example.com>`]);
    expect(notices.some((email) => email.destination.to[0]?.includes(late.email as string))).toBe(false);
    // In the event's time zone (London, summer time), with the calendar update attached.
    expect(notices[0]?.body.text).toContain('Friday, 4 July 2031, 17:00 (BST)');
    expect(notices[0]?.attachments.some((file) => file.contentType.startsWith('text/calendar'))).toBe(true);
  });

  it('confirms an answer to the guest with an .ics for a yes, once', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
    const tag = uniqueTag();
    const [guest] = await addGuests(planner, event.id, [{ name: 'Ada <b>', email: `ada.${tag}@example.com` }]);

    await rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'yes' } });
    await runSender();
    await runSender();
    const emails = await emailsFor(tag);

    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toBe(`Your answer for ${weddingInput.name}`);
    expect(emails[0]?.body.html).toContain('Ada &lt;b&gt;');
    expect(emails[0]?.body.text).toContain(guest.rsvp_url);
    // A yes also carries the check-in QR code as an inline picture (docs/check-in.md): the calendar is the text/calendar part.
    const calendar = Buffer.from(emails[0]?.attachments.find((file) => file.contentType.startsWith('text/calendar'))?.content ?? '', 'base64').toString('utf8');
    expect(calendar).toContain('DTSTART;TZID=Europe/London:20310620T180000');
  });

  it('sends a budget_alert and a task_reminder to the planner exactly once when run twice', async () => {
    const { tag, planner, eventId } = await plannerWithBudgetAlert();
    await expectStatus(201, planner, 'POST', `/api/events/${eventId}/timeline`, { body: { title: 'Book the band', due_date: '2033-02-10T15:00:00Z' } });
    const reminded = await runReminders(new Date('2033-02-10T05:00:00Z'));
    expect(reminded.sent.due_soon, JSON.stringify(reminded)).toBe(1);

    // The job stamps its notices with its own clock (2033 here): the sender runs at that time too.
    const at = new Date('2033-02-10T05:01:00Z');
    const runs = [await runSender(at), await runSender(at)];
    const emails = await emailsFor(`planner_${tag}`);

    expect(runs[1]?.notice_emails_sent).toBe(0);
    expect(emails.map((email) => email.subject).sort()).toEqual([`Budget alert: ${weddingInput.name}`, `Due soon: Book the band (${weddingInput.name})`]);
  });
});
