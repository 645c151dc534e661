import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/data/ids.ts';
import { type NotificationRecord, notificationPut } from '../../shared/data/notifications.ts';
import { listEventNotices } from '../../shared/data/notices.ts';
import { transact } from '../../shared/data/transact.ts';
import { notificationExpiry } from '../../shared/domain/notifications/rules.ts';
import { testEventBus } from '../support/event-bus.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent } from './events-fixtures.ts';
import { emailsFor, runSender, uniqueTag } from './invitations-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/** The feed (GET /api/notifications, read, read-all) and the email preferences (PUT /api/auth/user/preferences). */
async function seed(user: SignedInUser, count: number, overrides: Partial<NotificationRecord> = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = `${newId()}.guest.added`;
    const at = new Date(Date.now() - (count - index) * 1000);
    await transact([notificationPut({
      id, user_id: user.userId, kind: 'guest.added', event_id: newId(), event_name: 'Gala', entity_type: 'guest', entity_id: 'x',
      actor_id: 'someone', message: `${index + 1} guests were added to the list.`, detail: { count: index + 1 }, created_at: at.toISOString(), ttl: notificationExpiry(at), ...overrides,
    })]);
    ids.push(id);
  }
  return ids.reverse(); // newest first
}

const feed = (user: SignedInUser, query: Record<string, string> = {}) => call(user, 'GET', '/api/notifications', { query });

describe('GET /api/notifications', () => {
  it('pages through the caller\'s notifications newest first, with the unread count on every page', async () => {
    const user = await signedInUser();
    const ids = await seed(user, 5);

    const first = await feed(user, { limit: '2' });
    const second = await feed(user, { limit: '2', cursor: first.body.meta.next_cursor });
    const third = await feed(user, { limit: '2', cursor: second.body.meta.next_cursor });

    expect(first.status).toBe(200);
    expect([...first.body.data, ...second.body.data, ...third.body.data].map((item: { id: string }) => item.id)).toEqual(ids);
    expect(first.body.meta).toMatchObject({ count: 2, unread_count: 5 });
    expect(first.body.data[0]).toEqual({
      id: ids[0], type: 'guest.added', event_id: expect.any(String), event_name: 'Gala', entity_type: 'guest', entity_id: 'x', actor_id: 'someone',
      message: '5 guests were added to the list.', detail: { count: 5 }, created_at: expect.any(String), read: false, read_at: null,
    });
    expect(third.body.meta.next_cursor).toBeNull();
  });

  it('filters the unread ones, counts exactly, and leaves out what has expired', async () => {
    const user = await signedInUser();
    const ids = await seed(user, 4);
    await seed(user, 1, { ttl: Math.floor(Date.now() / 1000) - 10 });

    await expectStatus(200, user, 'POST', `/api/notifications/${ids[1]}/read`);
    const unread = await feed(user, { unread: 'true' });
    const all = await feed(user);

    expect(unread.body.data.map((item: { id: string }) => item.id)).toEqual([ids[0], ids[2], ids[3]]);
    expect(unread.body.meta.unread_count).toBe(3);
    expect(all.body.data).toHaveLength(4);
    expect(all.body.data[1]).toMatchObject({ id: ids[1], read: true, read_at: expect.any(String) });
  });

  it('refuses bad query parameters with 400 and a foreign cursor with invalid_cursor', async () => {
    const user = await signedInUser();
    await seed(user, 3);
    const allCursor = (await feed(user, { limit: '1' })).body.meta.next_cursor as string;

    const queries: Record<string, string>[] = [{ limit: '0' }, { limit: '101' }, { limit: 'ten' }, { unread: 'maybe' }, { cursor: 'not-a-cursor' }];
    for (const query of queries) {
      const response = await feed(user, query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.headers['Content-Type']).toMatch(/problem\+json/);
    }
    expect((await feed(user, { unread: 'true', cursor: allCursor })).body.code).toBe('invalid_cursor');
    const forged = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');
    expect((await feed(user, { cursor: forged({ pk: `USER#${user.userId}` }) })).body.code).toBe('invalid_cursor');
    expect((await feed(user, { cursor: forged({ pk: `USER#${user.userId}`, sk: 'AUDIT#x' }) })).body.code).toBe('invalid_cursor');
    expect((await feed(user, { unread: 'true', cursor: forged({ gsi1pk: `UNREAD#${user.userId}`, gsi1sk: 'x' }) })).body.code).toBe('invalid_cursor');
    const other = await signedInUser();
    expect((await feed(other, { cursor: allCursor })).body.code).toBe('invalid_cursor');
  });

  it('needs a signed-in caller', async () => {
    expect((await call(null, 'GET', '/api/notifications')).status).toBe(401);
    expect((await call(null, 'POST', '/api/notifications/read-all')).status).toBe(401);
  });
});

describe('POST /api/notifications/{id}/read and /read-all', () => {
  it('marks one read once (the first read time stays) and the count drops by one', async () => {
    const user = await signedInUser();
    const [id] = await seed(user, 2);

    const first = await expectStatus(200, user, 'POST', `/api/notifications/${id}/read`);
    const again = await expectStatus(200, user, 'POST', `/api/notifications/${id}/read`);

    expect(first.data).toMatchObject({ id, read: true });
    expect(again.data.read_at).toBe(first.data.read_at);
    expect((await feed(user)).body.meta.unread_count).toBe(1);
  });

  it("answers 404 for another user's notification and leaves it unread", async () => {
    const owner = await signedInUser();
    const stranger = await signedInUser();
    const [id] = await seed(owner, 1);

    const response = await call(stranger, 'POST', `/api/notifications/${id}/read`);
    const unknown = await call(owner, 'POST', `/api/notifications/${newId()}.task.assigned/read`);

    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
    expect(unknown.status).toBe(404);
    expect((await feed(owner)).body.meta.unread_count).toBe(1);
  });

  it('marks every unread one read, counts only those, and touches nobody else', async () => {
    const user = await signedInUser();
    const other = await signedInUser();
    const ids = await seed(user, 7);
    await seed(other, 2);
    await expectStatus(200, user, 'POST', `/api/notifications/${ids[0]}/read`);

    const all = await expectStatus(200, user, 'POST', '/api/notifications/read-all');
    const again = await expectStatus(200, user, 'POST', '/api/notifications/read-all');

    expect(all.data).toEqual({ marked: 6, unread_count: 0 });
    expect(again.data).toEqual({ marked: 0, unread_count: 0 });
    expect((await feed(user, { unread: 'true' })).body.data).toEqual([]);
    expect((await feed(other)).body.meta.unread_count).toBe(2);
  });
});

describe('PUT /api/auth/user/preferences', () => {
  it('replaces the email preferences and shows them in GET /api/auth/user', async () => {
    const user = await signedInUser();

    const saved = await expectStatus(200, user, 'PUT', '/api/auth/user/preferences', { body: { email_notifications: { 'task.assigned': true, 'rsvp.received': false } } });
    const replaced = await expectStatus(200, user, 'PUT', '/api/auth/user/preferences', { body: { email_notifications: { 'event.cancelled': true } } });
    const profile = await expectStatus(200, user, 'GET', '/api/auth/user');

    expect(saved.data.email_notifications).toMatchObject({ 'task.assigned': true, 'rsvp.received': false, 'event.changed': false });
    expect(replaced.data.email_notifications).toMatchObject({ 'task.assigned': false, 'event.cancelled': true });
    expect(profile.data.preferences).toEqual(replaced.data);
  });

  it('refuses unknown kinds, non-booleans, a missing map and malformed JSON with 400, listing every problem', async () => {
    const user = await signedInUser();

    const unknown = await call(user, 'PUT', '/api/auth/user/preferences', { body: { email_notifications: { 'task.asigned': true, 'budget.alert': true } } });
    const notBoolean = await call(user, 'PUT', '/api/auth/user/preferences', { body: { email_notifications: { 'task.assigned': 'yes', 'rsvp.changed': 1 } } });
    const missing = await call(user, 'PUT', '/api/auth/user/preferences', { body: {} });
    const malformed = await call(user, 'PUT', '/api/auth/user/preferences', { rawBody: '{"email_notifications":' });

    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.errors)).toMatch(/task\.asigned/);
    expect(JSON.stringify(unknown.body.errors)).toMatch(/budget\.alert/);
    expect(notBoolean.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['email_notifications.rsvp.changed', 'email_notifications.task.assigned']);
    expect(missing.status).toBe(400);
    expect(malformed.body.code).toBe('malformed_json');
    expect((await expectStatus(200, user, 'GET', '/api/auth/user')).data.preferences.email_notifications['task.assigned']).toBe(false);
  });

  it('is honoured by the consumer: only a user who asked gets the email, once', async () => {
    const tag = uniqueTag();
    const organizer = await signedInUser();
    const wantsMail = await signedInUser(`mail_${tag}`);
    const feedOnly = await signedInUser(`feed_${tag}`);
    const { id: eventId } = await createEvent(organizer);
    await addMember(eventId, wantsMail.userId, 'coordinator');
    await addMember(eventId, feedOnly.userId, 'coordinator');
    await expectStatus(200, wantsMail, 'PUT', '/api/auth/user/preferences', { body: { email_notifications: { 'event.changed': true } } });

    await expectStatus(200, organizer, 'PUT', `/api/events/${eventId}`, { body: { location_name: 'Hampton Court' } });
    await testEventBus.idle();
    await runSender(new Date());
    await runSender(new Date());

    const mails = await emailsFor(tag);
    expect(mails.map((mail) => mail.destination.to.join())).toEqual([expect.stringContaining(`mail_${tag}`)]);
    expect(mails[0]?.subject).toBe('Ada & Grace wedding: The event changed: location name.');
    expect((await feed(feedOnly)).body.data.map((item: { type: string }) => item.type)).toEqual(['event.changed']);
    expect((await listEventNotices(eventId)).filter((notice) => notice.kind === 'notification')).toHaveLength(1);
  });
});
