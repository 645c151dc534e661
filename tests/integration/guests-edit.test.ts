import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { childKeys } from '../../shared/data/keys.ts';
import { listEventAudit } from '../../shared/data/audit.ts';
import { sha256 } from '../../shared/auth/tokens.ts';
import { invitationCodeKeys } from '../../shared/data/keys.ts';
import { listEventNotices } from '../../shared/data/notices.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { api, collection, createEvent, getItem } from './events-fixtures.ts';
import { addGuests, codeOf, countersAndRecount, guestsApi, rsvpApi, rsvpPage } from './guests-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

const partyWith = (extra: Record<string, unknown> = {}) =>
  createEvent(ada, { name: 'Garden party', event_date: '2031-07-01T16:00:00Z', event_type: 'party', ...extra });

describe('PUT /api/guests/{id}', () => {
  it('changes plus-ones with exact counters, checks the version, and refuses a taken email', async () => {
    const event = await partyWith({ capacity: 4 });
    const [grace, alan] = await addGuests(ada, event.id, [
      { name: 'Grace', email: 'grace@example.com', plus_one_limit: 3 },
      { name: 'Alan', email: 'alan@example.com' },
    ]);
    await guestsApi(ada, 'POST', `/api/guests/${grace.id}/rsvp`, { body: { status: 'yes', plus_one_count: 1 } });

    const more = await guestsApi(ada, 'PUT', `/api/guests/${grace.id}`, { body: { plus_one_count: 3 }, headers: { 'if-match': '2' } });
    const stale = await guestsApi(ada, 'PUT', `/api/guests/${grace.id}`, { body: { notes: 'x' }, headers: { 'if-match': '2' } });
    const taken = await guestsApi(ada, 'PUT', `/api/guests/${alan.id}`, { body: { email: 'GRACE@example.com' } });

    expect(more.status).toBe(200);
    expect(more.body.data).toMatchObject({ plus_one_count: 3, version: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect(taken.body.code).toBe('duplicate_guest');
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.attending_headcount).toBe(4);
  });

  it('refuses more plus-ones than the seats left', async () => {
    const event = await partyWith({ capacity: 2 });
    const [grace] = await addGuests(ada, event.id, [{ name: 'Grace', plus_one_limit: 3 }]);
    await guestsApi(ada, 'POST', `/api/guests/${grace.id}/rsvp`, { body: { status: 'yes', plus_one_count: 1 } });

    const response = await guestsApi(ada, 'PUT', `/api/guests/${grace.id}`, { body: { plus_one_count: 2 } });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('capacity_exceeded');
  });
});

describe('DELETE /api/guests/{id}', () => {
  it('removes the guest, its link and claim, adjusts every counter, and tells an invited guest', async () => {
    const event = await partyWith({ capacity: 1, waitlist_enabled: true });
    const [first, second] = await addGuests(ada, event.id, [{ name: 'First', email: 'first@example.com' }, { name: 'Second', email: 'second@example.com' }]);
    await rsvpApi('POST', `/api/rsvp/${codeOf(first)}`, { body: { status: 'yes' } });
    const waiting = await rsvpApi('POST', `/api/rsvp/${codeOf(second)}`, { body: { status: 'yes' } });
    // As the invitations issue will mark a sent invitation.
    await db().send(new UpdateCommand({
      TableName: tableName(), Key: childKeys.item('guest', event.id, first.id), UpdateExpression: 'SET invited_at = :at', ExpressionAttributeValues: { ':at': '2030-01-01T00:00:00Z' },
    }));

    const response = await guestsApi(ada, 'DELETE', `/api/guests/${first.id}`);

    expect(waiting.body.data.guest.rsvp_status).toBe('waitlisted');
    expect(response.body).toEqual({ data: { id: first.id, deleted: true } });
    expect(await getItem(invitationCodeKeys.item(sha256(first.invitation_code)))).toBeNull();
    expect((await rsvpApi('GET', `/api/rsvp/${codeOf(first)}`)).status).toBe(404);
    const promoted = await guestsApi(ada, 'GET', `/api/guests/${second.id}`);
    expect(promoted.body.data.rsvp_status).toBe('yes');
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    const removal = (await listEventNotices(event.id)).filter((notice) => notice.kind === 'guest_removed');
    expect(removal.map((notice) => notice.recipient?.email)).toEqual(['first@example.com']);
    const again = await addGuests(ada, event.id, [{ name: 'First again', email: 'first@example.com' }]);
    expect(again).toHaveLength(1);
  });
});

describe('POST /api/guests/{id}/invitation-link', () => {
  it('issues a fresh link and the old one stops working', async () => {
    const event = await partyWith();
    const [guest] = await addGuests(ada, event.id, [{ name: 'Grace' }]);

    const response = await guestsApi(ada, 'POST', `/api/guests/${guest.id}/invitation-link`);

    expect(response.status).toBe(200);
    expect(response.body.data.invitation_code).not.toBe(codeOf(guest));
    expect((await rsvpApi('GET', `/api/rsvp/${codeOf(guest)}`)).status).toBe(404);
    expect((await rsvpApi('GET', `/api/rsvp/${response.body.data.invitation_code}`)).status).toBe(200);
  });
});

describe('POST /api/guests/{id}/rsvp', () => {
  it('records the answer, the audit entry and a confirmation notice in one go; the same answer again changes nothing', async () => {
    const event = await partyWith();
    const [guest] = await addGuests(ada, event.id, [{ name: 'Grace', email: 'grace@example.com', plus_one_count: 1 }]);

    const first = await guestsApi(ada, 'POST', `/api/guests/${guest.id}/rsvp`, { body: { status: 'attending', plus_one_count: 1, dietary_restrictions: ['vegan'] } });
    const repeat = await guestsApi(ada, 'POST', `/api/guests/${guest.id}/rsvp`, { body: { status: 'yes', plus_one_count: 1, dietary_restrictions: ['vegan'] } });

    expect(first.body.data).toMatchObject({ rsvp_status: 'yes', plus_one_count: 1, version: 2 });
    expect(first.body.data.rsvp_date).toMatch(/Z$/);
    expect(repeat.body.data.version).toBe(2);
    const notices = (await listEventNotices(event.id)).filter((notice) => notice.kind === 'rsvp_confirmation');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ audience: 'one_guest', recipient: { guest_id: guest.id, email: 'grace@example.com', rsvp_status: 'yes' } });
    const audit = (await listEventAudit(event.id, { limit: 50 })).entries.filter((entry) => entry.action === 'guest.rsvp');
    expect(audit).toHaveLength(1);
    const eventView = await api(ada, 'GET', `/api/events/${event.id}`);
    expect(eventView.body.data).toMatchObject({ guest_count: 1, rsvp_yes: 1, attending_headcount: 2, rsvp_pending: 0 });
  });
});

describe('deleting the event', () => {
  it('removes its guests, claims and invitation links', async () => {
    const event = await partyWith();
    const [guest] = await addGuests(ada, event.id, [{ name: 'Grace', email: 'grace@example.com', dietary_restrictions: 'vegan' }]);

    await api(ada, 'DELETE', `/api/events/${event.id}`);

    expect(await collection(event.id)).toEqual([]);
    expect(await getItem(invitationCodeKeys.item(sha256(guest.invitation_code)))).toBeNull();
    expect((await rsvpPage('GET', codeOf(guest))).status).toBe(404);
  });
});
