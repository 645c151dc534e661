import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { newChildId } from '../../shared/data/ids.ts';
import { childKeys, eventKeys, guestEmailKeys, invitationCodeKeys, userKeys } from '../../shared/data/keys.ts';
import { eventFromItem, markEventDeleting } from '../../shared/data/events/records.ts';
import { eventSnapshot, getNoticeWithRecipients, listEventNotices, noticePut } from '../../shared/data/notices.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, api, collection, createEvent, getItem } from './events-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

/** A guest item shaped like the guests issue's (with its invitation-code lookup), written directly. */
async function addGuest(eventId: string, name: string) {
  const id = newChildId(eventId);
  const codeHash = createHash('sha256').update(randomBytes(32)).digest('base64url');
  const email = `${name.toLowerCase()}@example.com`;
  await db().send(new PutCommand({
    TableName: tableName(),
    Item: {
      ...childKeys.item('guest', eventId, id), type: 'guest', id, event_id: eventId, name, email, rsvp_status: 'pending',
      code_hash: codeHash, invited_at: new Date().toISOString(),
      gsi1pk: guestEmailKeys.partition(email), gsi1sk: guestEmailKeys.sort(eventId, id),
    },
  }));
  await db().send(new PutCommand({
    TableName: tableName(),
    Item: { ...invitationCodeKeys.item(codeHash), type: 'invitation_code', guest_id: id, event_id: eventId },
  }));
  return { id, codeHash };
}

const membershipsOf = async (userId: string) =>
  (await db().send(new QueryCommand({
    TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': userKeys.membershipsPartition(userId) },
  }))).Items ?? [];

describe('DELETE /api/events/{id}', () => {
  it('removes the whole collection and the lookup items pointing into it, and records the cancellation notice', async () => {
    const event = await createEvent(ada);
    const helper = await signedInUser();
    await addMember(event.id, helper.userId, 'coordinator');
    const guests = [await addGuest(event.id, 'Alan'), await addGuest(event.id, 'Barbara')];
    await api(ada, 'PUT', `/api/events/${event.id}`, { body: { name: 'Will be gone' } });
    expect((await collection(event.id)).length).toBeGreaterThan(20);

    const response = await api(ada, 'DELETE', `/api/events/${event.id}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { id: event.id, deleted: true } });
    expect(await collection(event.id)).toEqual([]);
    for (const guest of guests) expect(await getItem(invitationCodeKeys.item(guest.codeHash))).toBeNull();
    expect(await membershipsOf(helper.userId)).toEqual([]);
    const notices = await listEventNotices(event.id);
    expect(notices.map((notice) => notice.kind)).toEqual(['event_deleted']);
    const { notice, recipients } = await getNoticeWithRecipients(notices[0]!.id);
    expect(notice).toMatchObject({ status: 'pending', audience: 'snapshot', recipients_recorded: true, recipient_count: 2, event: { name: 'Will be gone' } });
    expect(recipients.map((recipient) => recipient.email).sort()).toEqual(['alan@example.com', 'barbara@example.com']);
    const userAudit = await db().send(new QueryCommand({
      TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': userKeys.item(ada.userId).pk, ':audit': 'AUDIT#' }, ConsistentRead: true,
    }));
    expect(userAudit.Items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'event.deleted', entity_id: event.id })]));
  });

  it('afterwards the event is a 404 and leaves the lists', async () => {
    const event = await createEvent(ada);
    await api(ada, 'DELETE', `/api/events/${event.id}`);

    const read = await api(ada, 'GET', `/api/events/${event.id}`);
    const again = await api(ada, 'DELETE', `/api/events/${event.id}`);
    const listed = await api(ada, 'GET', '/api/events', { query: { limit: '100' } });

    expect(read.status).toBe(404);
    expect(again.status).toBe(404);
    expect(listed.body.data.map((row: { id: string }) => row.id)).not.toContain(event.id);
  });

  it('deletes large collections in batches (over 25 and over one query page)', async () => {
    const event = await createEvent(ada);
    for (let index = 0; index < 130; index += 1) await addGuest(event.id, `Guest${index}`);

    const response = await api(ada, 'DELETE', `/api/events/${event.id}`);

    expect(response.status).toBe(200);
    expect(await collection(event.id)).toEqual([]);
    const { recipients } = await getNoticeWithRecipients((await listEventNotices(event.id))[0]!.id);
    expect(recipients).toHaveLength(130);
  });

  it('a retried DELETE of an event left in the deleting state finishes the cleanup', async () => {
    const event = await createEvent(ada);
    const guest = await addGuest(event.id, 'Carol');
    // The first attempt got as far as marking the event (as if the function then timed out).
    const stored = eventFromItem((await getItem(eventKeys.item(event.id))) ?? {});
    const notice = noticePut({ kind: 'event_deleted', event_id: event.id, event: eventSnapshot(stored), changes: [], actor_id: ada.userId }, new Date());
    await markEventDeleting(event.id, 1, notice.id, new Date(), [notice.write]);
    expect((await api(ada, 'GET', `/api/events/${event.id}`)).status).toBe(404);

    const response = await api(ada, 'DELETE', `/api/events/${event.id}`);

    expect(response.status).toBe(200);
    expect(await collection(event.id)).toEqual([]);
    expect(await getItem(invitationCodeKeys.item(guest.codeHash))).toBeNull();
    expect(await listEventNotices(event.id)).toHaveLength(1);
    expect((await getNoticeWithRecipients(notice.id)).recipients.map((recipient) => recipient.name)).toEqual(['Carol']);
  });

  it('is for the organizer only: other members get 403 and nothing is deleted', async () => {
    const event = await createEvent(ada);
    const coordinator = await signedInUser();
    const viewer = await signedInUser();
    await addMember(event.id, coordinator.userId, 'coordinator');
    await addMember(event.id, viewer.userId, 'viewer');
    const before = (await collection(event.id)).length;

    const byCoordinator = await api(coordinator, 'DELETE', `/api/events/${event.id}`);
    const byViewer = await api(viewer, 'DELETE', `/api/events/${event.id}`);

    expect([byCoordinator.status, byViewer.status]).toEqual([403, 403]);
    expect((await collection(event.id)).length).toBe(before);
    expect(await listEventNotices(event.id)).toEqual([]);
  });

  it('refuses a stale If-Match with 409 and deletes nothing', async () => {
    const event = await createEvent(ada);
    await api(ada, 'PUT', `/api/events/${event.id}`, { body: { name: 'v2' } });

    const response = await api(ada, 'DELETE', `/api/events/${event.id}`, { headers: { 'If-Match': '1' } });

    expect(response.status).toBe(409);
    expect(await getItem(eventKeys.item(event.id))).toMatchObject({ name: 'v2' });
  });
});
