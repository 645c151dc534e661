import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { announcementRecipientPage } from '../../shared/data/announcements/recipients.ts';
import { announcementFromItem } from '../../shared/data/announcements/records.ts';
import { presentAnnouncement } from '../../functions/invitations/announcements.ts';
import { batchGetAll } from '../../shared/data/collection.ts';
import { newId } from '../../shared/data/ids.ts';
import { noticeRecipientParts } from '../../shared/data/notices.ts';
import { recordCalls } from '../support/dynamo-calls.ts';
import { childKeys, noticeKeys, userKeys } from '../../shared/data/keys.ts';
import { quotaDay } from '../../shared/domain/accounts/sending-quota.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests, codeOf, rsvpApi } from './guests-fixtures.ts';
import { addressOf, emailsFor, runSender, uniqueTag } from './invitations-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * Announcements, issue 18 continued (docs/announcements.md): the sub_event and table segments in the SES
 * emulator, scheduling (send_at) and cancelling with the quota refund, the recipients' page and the paged
 * history. One event seeded for the file; each test sends its own subject.
 */
const HOUR = 3_600_000;
let planner: SignedInUser;
let eventId: string;
let tag: string;
let subEventId: string;
let tableId: string;
const address = (name: string) => `${name}.${tag}@example.com`;
const announcements = () => `/api/events/${eventId}/announcements`;
const unknownId = () => `${eventId}01JD3M8W6ZQ4V7N2K5T9X1B3C8`;

beforeAll(async () => {
  tag = uniqueTag();
  planner = await signedInUser();
  eventId = (await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' })).id;
  const [ada, grace, mary, nomail] = await addGuests(planner, eventId, [
    { name: 'Ada', email: address('ada') },
    { name: 'Grace', email: address('grace') },
    { name: 'Mary', email: address('mary') },
    { name: 'Nomail' },
  ]);
  for (const guest of [ada, grace, nomail]) await expectStatus(200, planner, 'POST', `/api/guests/${guest.id}/rsvp`, { body: { status: 'yes' } });
  subEventId = (await expectStatus(201, planner, 'POST', `/api/events/${eventId}/sub-events`, { body: { title: 'Rehearsal dinner', starts_at: '2031-06-19T19:00:00Z' } })).data.id;
  await expectStatus(200, planner, 'POST', `/api/sub-events/${subEventId}/guests`, { body: { add: [grace.id, mary.id, nomail.id] } });
  // Grace says yes to the rehearsal dinner herself; Mary has not answered it.
  const answered = await rsvpApi('POST', '/api/rsvp', { headers: { 'invitation-code': codeOf(grace) }, body: { status: 'yes', sub_events: { [subEventId]: 'yes' } } });
  expect(answered.status, JSON.stringify(answered.body)).toBe(200);
  tableId = (await expectStatus(201, planner, 'POST', `/api/events/${eventId}/tables`, { body: { name: 'Table 1', seats: 8 } })).data.id;
  await expectStatus(200, planner, 'PUT', `/api/tables/${tableId}/seats/1`, { body: { guest_id: ada.id } });
  await expectStatus(200, planner, 'PUT', `/api/tables/${tableId}/seats/2`, { body: { guest_id: nomail.id } });
}, 120_000);

const announce = async (body: Record<string, unknown>, user = planner) => (await expectStatus(202, user, 'POST', announcements(), { body: { message: 'Hello', ...body } })).data;
const received = async (subject: string) => (await emailsFor(tag)).filter((email) => email.subject === subject).map((email) => addressOf(email.destination.to[0] ?? '')).sort();
const sentToday = async (userId: string) =>
  Number((await db().send(new GetCommand({ TableName: tableName(), Key: userKeys.sendQuota(userId, quotaDay(new Date())), ConsistentRead: true }))).Item?.sent ?? 0);

describe('the sub_event and table segments', () => {
  it.each([
    ['sub_event', () => ({ sub_event_id: subEventId }), ['grace', 'mary']],
    ['table', () => ({ table_id: tableId }), ['ada']],
  ] as const)('%s: sends to exactly its guests with an email, once each, the one without counted', async (segment, ids, expected) => {
    const subject = `${segment} ${uniqueTag()}`;

    const sent = await announce({ subject, segment, ...ids() });
    await runSender();
    await runSender();

    expect(sent).toMatchObject({ segment, status: 'pending', recipient_count: expected.length, skipped_no_email: 1, ...ids() });
    expect(await received(subject)).toEqual(expected.map(address).sort());
  });

  it('sub_event with attending_only: only the guests whose answer to it is yes', async () => {
    const subject = `Attending ${uniqueTag()}`;

    const sent = await announce({ subject, segment: 'sub_event', sub_event_id: subEventId, attending_only: true });
    await runSender();

    expect(sent).toMatchObject({ attending_only: true, recipient_count: 1, skipped_no_email: 0 });
    expect(await received(subject)).toEqual([address('grace')]);
  });

  it('refuses an unknown sub-event or table (404) and an id with another segment (400)', async () => {
    const unknownSubEvent = await call(planner, 'POST', announcements(), { body: { subject: 'x', message: 'y', segment: 'sub_event', sub_event_id: unknownId() } });
    const unknownTable = await call(planner, 'POST', announcements(), { body: { subject: 'x', message: 'y', segment: 'table', table_id: unknownId() } });
    const crossed = await call(planner, 'POST', announcements(), { body: { subject: 'x', message: 'y', segment: 'table', sub_event_id: subEventId, attending_only: true } });

    expect([unknownSubEvent.status, unknownTable.status]).toEqual([404, 404]);
    expect(crossed.status).toBe(400);
    expect(crossed.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['attending_only', 'sub_event_id', 'table_id']);
  });
});

describe('scheduled announcements', () => {
  it('waits until send_at, shown as scheduled, then goes out once', async () => {
    const subject = `Later ${uniqueTag()}`;
    const sendAt = new Date(Date.now() + HOUR).toISOString();

    const scheduled = await announce({ subject, segment: 'attending', send_at: sendAt });
    const early = await runSender();
    const waiting = (await expectStatus(200, planner, 'GET', `${announcements()}/${scheduled.id}/recipients`)).data;
    await runSender(new Date(Date.now() + 2 * HOUR));
    const history = (await expectStatus(200, planner, 'GET', announcements())).data.find((entry: { id: string }) => entry.id === scheduled.id);

    expect(scheduled).toMatchObject({ status: 'scheduled', send_at: sendAt, recipient_count: 2, pending_count: 2 });
    expect(early.notice_emails_sent).toBe(0);
    expect(waiting.map((recipient: { status: string }) => recipient.status)).toEqual(['scheduled', 'scheduled']);
    expect(await received(subject)).toEqual([address('ada'), address('grace')]);
    expect(history).toMatchObject({ status: 'sent', sent_count: 2, pending_count: 0 });
  });

  it('refuses a send_at in the past or more than a year ahead (400)', async () => {
    const past = await call(planner, 'POST', announcements(), { body: { subject: 'x', message: 'y', segment: 'all', send_at: new Date(Date.now() - HOUR).toISOString() } });
    const far = await call(planner, 'POST', announcements(), { body: { subject: 'x', message: 'y', segment: 'all', send_at: new Date(Date.now() + 367 * 24 * HOUR).toISOString() } });

    expect([past.status, far.status]).toEqual([400, 400]);
    expect(far.body.errors[0]).toMatchObject({ path: 'send_at' });
  });

  it('is cancelled before it starts: nothing is sent and the quota charge is given back exactly, once', async () => {
    const subject = `Cancelled ${uniqueTag()}`;
    const before = await sentToday(planner.userId);
    const scheduled = await announce({ subject, segment: 'all', send_at: new Date(Date.now() + HOUR).toISOString() });
    const charged = await sentToday(planner.userId);

    const cancelled = await expectStatus(200, planner, 'POST', `${announcements()}/${scheduled.id}/cancel`);
    const again = await expectStatus(200, planner, 'POST', `${announcements()}/${scheduled.id}/cancel`);
    const run = await runSender(new Date(Date.now() + 2 * HOUR));

    expect(charged - before).toBe(3);
    const history = (await expectStatus(200, planner, 'GET', announcements())).data.find((entry: { id: string }) => entry.id === scheduled.id);
    expect(cancelled.data).toMatchObject({ status: 'cancelled', pending_count: 0, cancel_reason: 'planner' });
    expect(scheduled.cancel_reason).toBeNull();
    expect(again.data).toMatchObject({ status: 'cancelled', cancel_reason: 'planner' });
    expect(history).toMatchObject({ status: 'cancelled', cancel_reason: 'planner' });
    expect(await sentToday(planner.userId)).toBe(before);
    expect(run.notice_emails_sent).toBe(0);
    expect(await received(subject)).toEqual([]);
  });

  it('races a cancel against the sender at its due time: exactly one wins', async () => {
    const subject = `Race ${uniqueTag()}`;
    const before = await sentToday(planner.userId);
    const scheduled = await announce({ subject, segment: 'attending', send_at: new Date(Date.now() + HOUR).toISOString() });

    const [cancel] = await Promise.all([call(planner, 'POST', `${announcements()}/${scheduled.id}/cancel`), runSender(new Date(Date.now() + 2 * HOUR))]);
    await runSender(new Date(Date.now() + 3 * HOUR));
    const emails = await received(subject);

    if (cancel.status === 200) {
      expect(emails).toEqual([]);
      expect(await sentToday(planner.userId)).toBe(before);
    } else {
      expect(cancel.status).toBe(409);
      expect(emails).toEqual([address('ada'), address('grace')]);
      expect(await sentToday(planner.userId)).toBe(before + 2);
    }
  });

  it('cannot be cancelled once its sending started, nor when sent right away (409); an unknown one is 404', async () => {
    const scheduled = await announce({ subject: `Started ${uniqueTag()}`, segment: 'attending', send_at: new Date(Date.now() + HOUR).toISOString() });
    const now = await announce({ subject: `Now ${uniqueTag()}`, segment: 'attending' });
    await runSender(new Date(Date.now() + 2 * HOUR));

    const started = await call(planner, 'POST', `${announcements()}/${scheduled.id}/cancel`);
    const immediate = await call(planner, 'POST', `${announcements()}/${now.id}/cancel`);
    const unknown = await call(planner, 'POST', `${announcements()}/${unknownId()}/cancel`);

    expect([started.status, immediate.status, unknown.status]).toEqual([409, 409, 404]);
    expect(started.body.code).toBe('announcement_started');
  });
});

describe('editing a scheduled announcement', () => {
  const one = (id: string) => `${announcements()}/${id}`;

  it('changes its subject, message and send_at, with an audit entry; the quota stays; it goes at the new time with the new text', async () => {
    const [subject, edited] = [`Draft ${uniqueTag()}`, `Final ${uniqueTag()}`];
    const scheduled = await announce({ subject, segment: 'attending', send_at: new Date(Date.now() + HOUR).toISOString() });
    const charged = await sentToday(planner.userId);
    const later = new Date(Date.now() + 3 * HOUR).toISOString();

    const answer = await expectStatus(200, planner, 'PUT', one(scheduled.id), { body: { subject: edited, message: 'The shuttle leaves at 16:00.', send_at: later }, headers: { 'if-match': '1' } });
    const atOldTime = await runSender(new Date(Date.now() + 2 * HOUR));
    await runSender(new Date(Date.now() + 4 * HOUR));
    const activity = (await expectStatus(200, planner, 'GET', `/api/events/${eventId}/activity`)).data.find((entry: { action: string; entity_id: string }) => entry.action === 'announcement.updated' && entry.entity_id === scheduled.id);
    const emails = (await emailsFor(tag)).filter((email) => email.subject === edited);

    expect(scheduled).toMatchObject({ version: 1, updated_at: null });
    expect(answer.data).toMatchObject({ status: 'scheduled', subject: edited, message: 'The shuttle leaves at 16:00.', send_at: later, version: 2, recipient_count: 2 });
    expect(await sentToday(planner.userId)).toBe(charged);
    expect(atOldTime.notice_emails_sent).toBe(0);
    expect(emails.map((email) => addressOf(email.destination.to[0] ?? '')).sort()).toEqual([address('ada'), address('grace')]);
    expect(emails[0]?.body.text).toContain('The shuttle leaves at 16:00.');
    expect(await received(subject)).toEqual([]);
    expect(activity).toMatchObject({ actor_id: planner.userId, changes: [{ field: 'subject', before: subject, after: edited }, { field: 'message', before: 'Hello', after: 'The shuttle leaves at 16:00.' }, { field: 'send_at', after: later }] });
  });

  it('refuses the segment, an empty edit, a bad send_at (400), a stale version (409) and an unknown one (404)', async () => {
    const scheduled = await announce({ subject: `Refused ${uniqueTag()}`, segment: 'all', send_at: new Date(Date.now() + HOUR).toISOString() });

    const segment = await call(planner, 'PUT', one(scheduled.id), { body: { subject: 'Other people', segment: 'attending' } });
    const sentBack = await call(planner, 'PUT', one(scheduled.id), { body: { ...scheduled, subject: 'As read, one change' } });
    const empty = await call(planner, 'PUT', one(scheduled.id), { body: {} });
    const past = await call(planner, 'PUT', one(scheduled.id), { body: { send_at: new Date(Date.now() - HOUR).toISOString() } });
    const stale = await call(planner, 'PUT', one(scheduled.id), { body: { subject: 'Stale', version: 1 } });
    const unknown = await call(planner, 'PUT', one(unknownId()), { body: { subject: 'Nobody' } });

    expect([segment.status, empty.status, past.status, stale.status, unknown.status]).toEqual([400, 400, 400, 409, 404]);
    expect(segment.body.errors.map((error: { path: string }) => error.path)).toEqual(['segment']);
    expect(sentBack.status, JSON.stringify(sentBack.body)).toBe(200);
    expect(sentBack.body.data).toMatchObject({ subject: 'As read, one change', segment: 'all', version: 2 });
    expect(past.body.errors[0]).toMatchObject({ path: 'send_at' });
    expect(stale.body.code).toBe('version_conflict');
  });

  it('is 409 once cancelled, once its sending started and for one sent right away; a cancel after an edit still wins', async () => {
    const cancelled = await announce({ subject: `Edit-cancel ${uniqueTag()}`, segment: 'attending', send_at: new Date(Date.now() + HOUR).toISOString() });
    const started = await announce({ subject: `Edit-started ${uniqueTag()}`, segment: 'attending', send_at: new Date(Date.now() + HOUR).toISOString() });
    const immediate = await announce({ subject: `Edit-now ${uniqueTag()}`, segment: 'attending' });

    await expectStatus(200, planner, 'PUT', one(cancelled.id), { body: { message: 'Edited first' } });
    const cancel = await expectStatus(200, planner, 'POST', `${one(cancelled.id)}/cancel`);
    await runSender(new Date(Date.now() + 2 * HOUR));
    const answers = await Promise.all([cancelled, started, immediate].map((announcement) => call(planner, 'PUT', one(announcement.id), { body: { subject: 'Too late' } })));

    expect(cancel.data).toMatchObject({ status: 'cancelled', message: 'Edited first', version: 2 });
    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual([[409, 'announcement_cancelled'], [409, 'announcement_started'], [409, 'announcement_started']]);
  });

  it('races an edit against the sender at its due time: exactly one wins, and every email carries the text of the one that won', async () => {
    const [subject, edited] = [`Race-edit ${uniqueTag()}`, `Race-edited ${uniqueTag()}`];
    const scheduled = await announce({ subject, segment: 'attending', send_at: new Date(Date.now() + HOUR).toISOString() });

    const [edit] = await Promise.all([
      call(planner, 'PUT', one(scheduled.id), { body: { subject: edited, send_at: new Date(Date.now() + 3 * HOUR).toISOString() } }),
      runSender(new Date(Date.now() + 2 * HOUR)),
    ]);
    await runSender(new Date(Date.now() + 4 * HOUR));
    const [old, changed] = [await received(subject), await received(edited)];

    if (edit.status === 200) {
      expect(old).toEqual([]);
      expect(changed).toEqual([address('ada'), address('grace')]);
    } else {
      expect(edit.body.code).toBe('announcement_started');
      expect(old).toEqual([address('ada'), address('grace')]);
      expect(changed).toEqual([]);
    }
  });
});

describe('guests removed or purged after an announcement was scheduled', () => {
  const recipientsOf = async (event: string, id: string) =>
    Object.fromEntries((await expectStatus(200, planner, 'GET', `/api/events/${event}/announcements/${id}/recipients`)).data.map((recipient: { guest_id: string; status: string; failure_reason: string | null }) => [recipient.guest_id, [recipient.status, recipient.failure_reason]]));

  it('are not written to: skipped as guest_removed or guest_purged, and counted', async () => {
    // One event whose guests are removed or anonymised one by one (the state a purge that stopped after
    // anonymising the guests leaves: its recorded address not yet redacted), one purged whole.
    const [one, whole] = [(await createEvent(planner)).id as string, (await createEvent(planner)).id as string];
    const [removed, anonymised, kept] = await addGuests(planner, one, [{ name: 'Removed', email: address('removed') }, { name: 'Anonymised', email: address('anonymised') }, { name: 'Kept', email: address('kept') }]);
    const purged = await addGuests(planner, whole, [{ name: 'Purged', email: address('purged') }]);
    const [subject, purgedSubject] = [`Withheld ${uniqueTag()}`, `Purged ${uniqueTag()}`];
    const sendAt = new Date(Date.now() + HOUR).toISOString();
    const first = (await expectStatus(202, planner, 'POST', `/api/events/${one}/announcements`, { body: { subject, message: 'Hello', segment: 'all', send_at: sendAt } })).data;
    const second = (await expectStatus(202, planner, 'POST', `/api/events/${whole}/announcements`, { body: { subject: purgedSubject, message: 'Hello', segment: 'all', send_at: sendAt } })).data;
    await expectStatus(200, planner, 'DELETE', `/api/guests/${removed.id}`);
    await db().send(new UpdateCommand({ TableName: tableName(), Key: childKeys.item('guest', one, anonymised.id), UpdateExpression: 'SET anonymised_at = :at', ExpressionAttributeValues: { ':at': new Date().toISOString() } }));
    await expectStatus(200, planner, 'POST', `/api/events/${whole}/guests/purge`, { body: { force: true } });

    await runSender(new Date(Date.now() + 2 * HOUR));
    await runSender(new Date(Date.now() + 3 * HOUR));
    const history = (await expectStatus(200, planner, 'GET', `/api/events/${one}/announcements`)).data[0];

    expect(await received(subject)).toEqual([address('kept')]);
    expect(await received(purgedSubject)).toEqual([]);
    expect(await recipientsOf(one, first.id)).toEqual({ [removed.id]: ['skipped', 'guest_removed'], [anonymised.id]: ['skipped', 'guest_purged'], [kept.id]: ['sent', null] });
    expect(await recipientsOf(whole, second.id)).toEqual({ [purged[0].id]: ['skipped', 'guest_purged'] });
    expect(history).toMatchObject({ status: 'sent', recipient_count: 3, sent_count: 1, skipped_count: 2, pending_count: 0 });
  });
});

describe('a scheduled announcement of a deleted event', () => {
  it('is cancelled by the sender instead of sent', async () => {
    const other = (await createEvent(planner)).id as string;
    await addGuests(planner, other, [{ name: 'Gone', email: address('gone') }]);
    const subject = `Deleted ${uniqueTag()}`;
    const scheduled = (await expectStatus(202, planner, 'POST', `/api/events/${other}/announcements`, { body: { subject, message: 'Hello', segment: 'all', send_at: new Date(Date.now() + HOUR).toISOString() } })).data;
    await expectStatus(200, planner, 'DELETE', `/api/events/${other}`);

    await runSender(new Date(Date.now() + 2 * HOUR));
    const [item] = await batchGetAll([noticeKeys.item(scheduled.id)]);

    expect(await received(subject)).toEqual([]);
    expect(item).toMatchObject({ status: 'cancelled', cancel_reason: 'event_deleted' });
    expect(item).not.toHaveProperty('gsi2pk');
    // The event's history is gone with it: the answer such a record would be shown as.
    expect(presentAnnouncement(announcementFromItem(item as Record<string, unknown>))).toMatchObject({ status: 'cancelled', cancel_reason: 'event_deleted' });
  });
});

describe('pages', () => {
  it("pages an announcement's recipients with how each email stands, and hides who they are from a member without the guest list", async () => {
    const sent = await announce({ subject: `Paged ${uniqueTag()}`, segment: 'all' });
    await runSender();
    const viewer = await signedInUser();
    await addMember(eventId, viewer.userId, 'viewer', { guests: 'none' });

    const first = await expectStatus(200, planner, 'GET', `${announcements()}/${sent.id}/recipients`, { query: { limit: '2' } });
    const second = await expectStatus(200, planner, 'GET', `${announcements()}/${sent.id}/recipients`, { query: { limit: '2', cursor: first.meta.next_cursor } });
    const blind = await expectStatus(200, viewer, 'GET', `${announcements()}/${sent.id}/recipients`);
    const forged = await call(planner, 'GET', `${announcements()}/${sent.id}/recipients`, { query: { cursor: Buffer.from(JSON.stringify({ a: sent.id, n: 99 })).toString('base64url') } });
    const unknown = await call(planner, 'GET', `${announcements()}/${unknownId()}/recipients`);

    const all = [...first.data, ...second.data];
    expect(all.map((recipient: { email: string }) => recipient.email).sort()).toEqual([address('ada'), address('grace'), address('mary')]);
    expect(all.every((recipient: { status: string; sent_at: string | null }) => recipient.status === 'sent' && recipient.sent_at !== null)).toBe(true);
    expect(second.meta.next_cursor).toBeNull();
    expect(blind.data[0]).not.toHaveProperty('email');
    expect(blind.data[0]).not.toHaveProperty('guest_name');
    expect(blind.data[0]).toMatchObject({ status: 'sent' });
    expect([forged.status, unknown.status]).toEqual([400, 404]);
  });

  it('reads a page across two recipient parts in two calls, whatever the announcement holds', async () => {
    // 600 recipients recorded as the sender's transaction records them (parts of 500), one of them sent.
    const id = newId();
    const recipients = Array.from({ length: 600 }, (_, index) => ({ guest_id: `G${String(index).padStart(4, '0')}`, name: `Guest ${index}`, email: `g${index}@example.com` }));
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...noticeKeys.item(id), type: 'notice', id, kind: 'announcement', event_id: eventId, status: 'pending', recipient_count: 600, created_at: new Date().toISOString() } }));
    for (const part of noticeRecipientParts(id, recipients)) await db().send(new PutCommand({ TableName: tableName(), Item: (part as { Put: { Item: Record<string, unknown> } }).Put.Item }));
    await db().send(new PutCommand({ TableName: tableName(), Item: { pk: `NOTICE#${id}`, sk: 'SENT#guest#G0500', recipient_key: 'guest#G0500', status: 'sent', at: '2030-01-01T00:00:00Z' } }));
    const cursor = Buffer.from(JSON.stringify({ a: id, n: 490 })).toString('base64url');

    const { result, calls } = await recordCalls(() => announcementRecipientPage(eventId, id, { limit: 20, cursor }));
    const last = await announcementRecipientPage(eventId, id, { limit: 100, cursor: Buffer.from(JSON.stringify({ a: id, n: 590 })).toString('base64url') });

    expect(result?.entries.map((entry) => entry.recipient.guest_id)).toEqual(recipients.slice(490, 510).map((recipient) => recipient.guest_id));
    expect(result?.entries[10]?.record).toMatchObject({ status: 'sent' });
    expect(calls.map((call) => call.command)).toEqual(['BatchGetItem', 'BatchGetItem']);
    expect(last?.entries).toHaveLength(10);
    expect(last?.nextCursor).toBeNull();
  });

  it('pages the history, newest first', async () => {
    const first = await expectStatus(200, planner, 'GET', announcements(), { query: { limit: '1' } });
    const second = await expectStatus(200, planner, 'GET', announcements(), { query: { limit: '1', cursor: first.meta.next_cursor } });
    const everything = await expectStatus(200, planner, 'GET', announcements(), { query: { limit: '100' } });

    expect(first.data).toHaveLength(1);
    expect([first.data[0].id, second.data[0].id]).toEqual(everything.data.slice(0, 2).map((entry: { id: string }) => entry.id));
    expect(everything.data.map((entry: { created_at: string }) => entry.created_at)).toEqual(everything.data.map((entry: { created_at: string }) => entry.created_at).sort().reverse());
  });
});
