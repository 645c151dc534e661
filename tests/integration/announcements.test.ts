import type { EventBridgeEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as emailEvents } from '../../functions/email-events/handler.ts';
import { resetConfigForTests } from '../../shared/config.ts';
import { db } from '../../shared/data/client.ts';
import { lambdaContext } from '../support/http-event.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests } from './guests-fixtures.ts';
import { addressOf, deliverSesEvents, emailsFor, injectSesFailures, invitationsApi, runSender, sesError, uniqueTag } from './invitations-fixtures.ts';
import { expectStatus } from './timeline-fixtures.ts';

/**
 * Announcements (docs/announcements.md): each segment reaches exactly its guests in the SES emulator, once
 * each, also when the outbox runs twice, when SES fails for one recipient mid-way, and when a send is
 * accepted but its record is lost. One event seeded for the file; each test sends its own subject.
 */
const MINUTE = 60_000;
let planner: SignedInUser;
let eventId: string;
let tag: string;
let partyId: string;
const guestIds = new Map<string, string>();
const address = (name: string) => `${name}.${tag}@example.com`;

beforeAll(async () => {
  tag = uniqueTag();
  planner = await signedInUser();
  eventId = (await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' })).id;
  const [ada, grace, mary, , hopper] = await addGuests(planner, eventId, [
    { name: 'Ada', email: address('ada') },
    { name: 'Grace', email: address('grace'), language: 'fr' },
    { name: 'Mary', email: address('mary') },
    { name: 'Nomail Pending' },
    { name: 'Hopper', email: address('hopper') },
    { name: 'Nomail Yes' },
  ]);
  const guests = (await expectStatus(200, planner, 'GET', `/api/events/${eventId}/guests`)).data as { id: string; name: string }[];
  const nomailYes = guests.find((guest) => guest.name === 'Nomail Yes') as { id: string };
  for (const [guest, status] of [[ada, 'yes'], [grace, 'yes'], [mary, 'no'], [nomailYes, 'yes']] as const) {
    await expectStatus(200, planner, 'POST', `/api/guests/${guest.id}/rsvp`, { body: { status } });
  }
  for (const guest of [ada, grace, mary, hopper]) guestIds.set(guest.name, guest.id);
  partyId = (await expectStatus(201, planner, 'POST', `/api/events/${eventId}/parties`, { body: { name: 'The Hoppers', member_ids: [hopper.id, mary.id] } })).data.id;
}, 120_000);

afterEach(() => {
  delete process.env.SES_SEND_EVENT_GRACE_SECONDS;
  delete process.env.SENDING_QUOTA_NEW_ACCOUNT_PER_DAY;
  resetConfigForTests();
});

const announce = async (body: Record<string, unknown>) => {
  const answer = await invitationsApi(planner, 'POST', `/api/events/${eventId}/announcements`, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body.data;
};
const received = async (subject: string) => (await emailsFor(tag)).filter((email) => email.subject === subject).map((email) => addressOf(email.destination.to[0] ?? '')).sort();

describe('POST /api/events/{id}/announcements', () => {
  it.each([
    ['all', {}, ['ada', 'grace', 'hopper', 'mary'], 2],
    ['attending', {}, ['ada', 'grace'], 1],
    ['not_answered', {}, ['hopper'], 1],
    ['party', { party: true }, ['hopper', 'mary'], 0],
  ] as const)('sends the %s segment to exactly its guests with an email, once each, however often the outbox runs', async (segment, options, expected, skipped) => {
    const subject = `${segment} ${uniqueTag()}`;

    const sent = await announce({ subject, message: 'The shuttle leaves at 15:00.\n\nSee you there!', segment, ...('party' in options ? { party_id: partyId } : {}) });
    await runSender();
    await runSender();

    expect(sent).toMatchObject({ segment, status: 'pending', recipient_count: expected.length, skipped_no_email: skipped });
    expect(await received(subject)).toEqual(expected.map(address).sort());
    const history = (await invitationsApi(planner, 'GET', `/api/events/${eventId}/announcements`)).body.data.find((entry: { id: string }) => entry.id === sent.id);
    expect(history).toMatchObject({ status: 'sent', recipient_count: expected.length, sent_count: expected.length, failed_count: 0, pending_count: 0, skipped_no_email: skipped });
  });

  it("writes the planner's text as given, with the greeting and the event's details in each guest's language", async () => {
    const subject = `Language ${uniqueTag()}`;

    await announce({ subject, message: 'Line <b>one</b>.\n\nSecond paragraph.', segment: 'attending' });
    await runSender();
    const emails = (await emailsFor(tag)).filter((email) => email.subject === subject);
    const toGrace = emails.find((email) => email.destination.to[0]?.includes(address('grace')));
    const toAda = emails.find((email) => email.destination.to[0]?.includes(address('ada')));

    expect(toGrace?.body.text).toContain('Grace');
    expect(toGrace?.body.text).toMatch(/Ch[eè]re, cher Grace/);
    expect(toAda?.body.text).toContain('Dear Ada');
    expect(toAda?.body.text).toContain('Second paragraph.');
    expect(toAda?.body.html).toContain('Line &lt;b&gt;one&lt;/b&gt;.');
  });

  it('sends once when SES fails for one guest mid-way and a later run tries again', async () => {
    const subject = `Retry ${uniqueTag()}`;
    process.env.SES_SEND_EVENT_GRACE_SECONDS = '60';
    resetConfigForTests();
    const restore = injectSesFailures((recipient) => (recipient.includes(address('grace')) ? sesError('ServiceUnavailable', 'SES is unavailable') : null));

    await announce({ subject, message: 'Hello', segment: 'attending' });
    const first = await runSender();
    restore();
    expect(await received(subject)).toEqual([address('ada')]);
    await runSender(new Date(Date.now() + 2 * MINUTE));
    await runSender(new Date(Date.now() + 4 * MINUTE));

    expect(first.failures).toBeGreaterThan(0);
    expect(await received(subject)).toEqual([address('ada'), address('grace')].sort());
  });

  it('does not send again an email SES accepted whose record was lost: its Send event records it', async () => {
    const subject = `Lost ${uniqueTag()}`;
    process.env.SES_SEND_EVENT_GRACE_SECONDS = String(30 * 60);
    resetConfigForTests();
    const name = `lose-announcement-records-${uniqueTag()}`;
    db().middlewareStack.add((next) => async (args) => {
      const input = args.input as { Item?: { sk?: string; status?: string } };
      if (input.Item?.sk?.startsWith('SENT#') && input.Item.status === 'sent') throw Object.assign(new Error('connection reset'), { name: 'NetworkingError' });
      return next(args);
    }, { step: 'initialize', name });

    await announce({ subject, message: 'Hello', segment: 'not_answered' });
    const crashed = await runSender();
    db().middlewareStack.remove(name);
    const waiting = await runSender(new Date(Date.now() + 16 * MINUTE));
    const outcomes = await deliverSesEvents();
    process.env.SES_SEND_EVENT_GRACE_SECONDS = '60';
    resetConfigForTests();
    const later = await runSender(new Date(Date.now() + 40 * MINUTE));

    expect(crashed.errors).toBeGreaterThan(0);
    expect(waiting.notice_emails_sent).toBe(0);
    expect(outcomes).toContain('recorded');
    expect(later.notice_emails_sent).toBe(0);
    expect(await received(subject)).toEqual([address('hopper')]);
  });

  it("counts SES's delivery, open and bounce events of its emails in the history", async () => {
    const subject = `Events ${uniqueTag()}`;
    const sent = await announce({ subject, message: 'Hello', segment: 'attending' });
    await runSender();
    // SES events as EventBridge delivers them, tagged as the notice sender tags its emails (none exist locally).
    const sesEvent = (eventType: string, guest: string, extra: Record<string, unknown>): EventBridgeEvent<string, unknown> => ({
      version: '0', id: uniqueTag(), 'detail-type': `Email ${eventType}`, source: 'aws.ses', account: '000000000000', time: new Date().toISOString(), region: 'us-east-1', resources: [],
      detail: {
        eventType,
        mail: {
          timestamp: '2030-01-01T10:00:00.000Z', messageId: `m-${uniqueTag()}`, destination: [address(guest.toLowerCase())],
          tags: { kind: ['notice'], notice_id: [sent.id], event_id: [eventId], recipient: [Buffer.from(`guest#${guestIds.get(guest)}`).toString('base64url')] },
        },
        ...extra,
      },
    });

    const outcomes = [
      await emailEvents(sesEvent('Delivery', 'Ada', { delivery: { timestamp: '2030-01-01T10:00:05.000Z' } }), lambdaContext()),
      await emailEvents(sesEvent('Open', 'Ada', { open: { timestamp: '2030-01-01T11:00:00.000Z' } }), lambdaContext()),
      await emailEvents(sesEvent('Open', 'Ada', { open: { timestamp: '2030-01-02T11:00:00.000Z' } }), lambdaContext()),
      await emailEvents(sesEvent('Bounce', 'Grace', { bounce: { bounceType: 'Transient', timestamp: '2030-01-01T10:00:09.000Z', bouncedRecipients: [{ emailAddress: address('grace') }] } }), lambdaContext()),
    ];
    const history = (await invitationsApi(planner, 'GET', `/api/events/${eventId}/announcements`)).body.data.find((entry: { id: string }) => entry.id === sent.id);

    expect(outcomes).toEqual(['recorded', 'recorded', 'recorded', 'recorded']);
    expect(history).toMatchObject({ sent_count: 2, delivered_count: 1, opened_count: 1, bounced_count: 1, complained_count: 0 });
  });

  it("charges the sender's daily quota and refuses (429) an announcement that does not fit, recording nothing", async () => {
    const sender = await signedInUser();
    const own = (await createEvent(sender)).id;
    await addGuests(sender, own, [{ name: 'One', email: `one.${tag}@example.com` }, { name: 'Two', email: `two.${tag}@example.com` }]);
    process.env.SENDING_QUOTA_NEW_ACCOUNT_PER_DAY = '3';
    resetConfigForTests();

    const first = await invitationsApi(sender, 'POST', `/api/events/${own}/announcements`, { subject: 'First', message: 'Hello', segment: 'all' });
    const second = await invitationsApi(sender, 'POST', `/api/events/${own}/announcements`, { subject: 'Second', message: 'Hello', segment: 'all' });
    const history = await invitationsApi(sender, 'GET', `/api/events/${own}/announcements`);

    expect(first.status).toBe(202);
    expect(second.status).toBe(429);
    expect(history.body.data.map((entry: { subject: string }) => entry.subject)).toEqual(['First']);
  });

  it('refuses an unknown party (404), a party_id without the party segment (400), and a viewer (403)', async () => {
    const viewer = await signedInUser();
    await addMember(eventId, viewer.userId, 'viewer');

    const unknownParty = await invitationsApi(planner, 'POST', `/api/events/${eventId}/announcements`, { subject: 'x', message: 'y', segment: 'party', party_id: `${eventId}01JD3M8W6ZQ4V7N2K5T9X1B3C8` });
    const stray = await invitationsApi(planner, 'POST', `/api/events/${eventId}/announcements`, { subject: 'x', message: 'y', segment: 'all', party_id: partyId });
    const byViewer = await invitationsApi(viewer, 'POST', `/api/events/${eventId}/announcements`, { subject: 'x', message: 'y', segment: 'all' });

    expect(unknownParty.status).toBe(404);
    expect(stray.status).toBe(400);
    expect(stray.body.errors[0].path).toBe('party_id');
    expect(byViewer.status).toBe(403);
  });
});
