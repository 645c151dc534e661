import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../shared/config.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { listInvitationBatchPage } from '../../shared/data/invitations/rows.ts';
import { userKeys } from '../../shared/data/keys.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { guestsApi, people } from './guests-fixtures.ts';
import { invitationsApi } from './invitations-fixtures.ts';

/**
 * Issue 14: the daily quota of emails to guests per account (charged to the caller who sends), the
 * verified-address requirement, and https-only links in custom invitation text.
 */
const quota = (settings: Record<string, number>) => {
  for (const [name, value] of Object.entries(settings)) process.env[name] = String(value);
  resetConfigForTests();
};

const testDefaults = { SENDING_QUOTA_NEW_ACCOUNT_PER_DAY: process.env.SENDING_QUOTA_NEW_ACCOUNT_PER_DAY };

afterEach(() => {
  for (const name of ['SENDING_QUOTA_ESTABLISHED_PER_DAY', 'SENDING_QUOTA_ESTABLISHED_AFTER_DAYS']) delete process.env[name];
  if (testDefaults.SENDING_QUOTA_NEW_ACCOUNT_PER_DAY === undefined) delete process.env.SENDING_QUOTA_NEW_ACCOUNT_PER_DAY;
  else process.env.SENDING_QUOTA_NEW_ACCOUNT_PER_DAY = testDefaults.SENDING_QUOTA_NEW_ACCOUNT_PER_DAY;
  resetConfigForTests();
});

/** An event of `user` with `count` guests who have emails; their ids in order. */
async function eventWithGuests(user: SignedInUser, count: number, prefix = 'quota'): Promise<{ eventId: string; guestIds: string[] }> {
  const event = await createEvent(user);
  const guestIds: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const list = people(Math.min(1000, count - start), `${prefix}${start}`);
    const response = await guestsApi(user, 'POST', `/api/events/${event.id}/guests`, { body: { guest_list: list } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    guestIds.push(...response.body.data.map((guest: { id: string }) => guest.id));
  }
  return { eventId: event.id, guestIds };
}

const batchesOf = async (eventId: string) => (await listInvitationBatchPage(eventId, { limit: 100 })).batches;
const send = (user: SignedInUser, eventId: string, body: Record<string, unknown>) => invitationsApi(user, 'POST', `/api/events/${eventId}/invitations`, body);

const nextUtcMidnight = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
};

describe('the daily sending quota', () => {
  it("refuses a new account's 201st email of the day with 429 sending_quota_exceeded, saying what is left and when it resets", async () => {
    // The default (200, tests/unit/sending-quota.test.ts), which tests/support/environment.ts raises for other files.
    quota({ SENDING_QUOTA_NEW_ACCOUNT_PER_DAY: 200 });
    const ada = await signedInUser();
    const { eventId, guestIds } = await eventWithGuests(ada, 201);

    const first = await send(ada, eventId, { guest_ids: guestIds.slice(0, 200) });
    const over = await send(ada, eventId, { guest_ids: guestIds.slice(200) });

    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.body.data.queued).toBe(200);
    expect(over.status).toBe(429);
    expect(over.headers['Content-Type']).toBe('application/problem+json');
    expect(Number(over.headers['Retry-After'])).toBeGreaterThan(0);
    expect(over.body).toMatchObject({
      code: 'sending_quota_exceeded',
      detail: expect.stringContaining('may send 200 emails to guests per day'),
      quota: { limit: 200, sent: 200, remaining: 0, requested: 1, resets_at: nextUtcMidnight() },
    });
    expect(await batchesOf(eventId)).toHaveLength(1);
  });

  it('refuses a batch larger than what is left and queues none of it, then takes one that fits', async () => {
    quota({ SENDING_QUOTA_NEW_ACCOUNT_PER_DAY: 5 });
    const ada = await signedInUser();
    const { eventId, guestIds } = await eventWithGuests(ada, 8);
    await send(ada, eventId, { guest_ids: guestIds.slice(0, 3) });

    const tooMany = await send(ada, eventId, { guest_ids: guestIds.slice(3, 6) });
    const fits = await send(ada, eventId, { guest_ids: guestIds.slice(3, 5) });

    expect(tooMany.status).toBe(429);
    expect(tooMany.body.quota).toMatchObject({ limit: 5, sent: 3, remaining: 2, requested: 3 });
    expect(tooMany.body.detail).toMatch(/2 remain today and this request sends 3/);
    expect(fits.status).toBe(202);
    expect((await batchesOf(eventId)).map((batch) => batch.recipient_count).sort()).toEqual([2, 3]);
  });

  it('holds under concurrent sends: the counter condition lets exactly the quota through', async () => {
    quota({ SENDING_QUOTA_NEW_ACCOUNT_PER_DAY: 3 });
    const ada = await signedInUser();
    const { eventId, guestIds } = await eventWithGuests(ada, 6);

    const answers = await Promise.all(guestIds.map((guestId) => send(ada, eventId, { guest_ids: [guestId] })));

    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 202, 202, 429, 429, 429]);
    expect(await batchesOf(eventId)).toHaveLength(3);
  });

  it('raises the quota once the account is old enough', async () => {
    quota({ SENDING_QUOTA_NEW_ACCOUNT_PER_DAY: 1, SENDING_QUOTA_ESTABLISHED_PER_DAY: 3, SENDING_QUOTA_ESTABLISHED_AFTER_DAYS: 30 });
    const veteran = await signedInUser();
    const longAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000).toISOString();
    await db().send(new UpdateCommand({ TableName: tableName(), Key: userKeys.item(veteran.userId), UpdateExpression: 'SET created_at = :at', ExpressionAttributeValues: { ':at': longAgo } }));
    const { eventId, guestIds } = await eventWithGuests(veteran, 4);

    const three = await send(veteran, eventId, { guest_ids: guestIds.slice(0, 3) });
    const fourth = await send(veteran, eventId, { guest_ids: guestIds.slice(3) });

    expect(three.status).toBe(202);
    expect(fourth.status).toBe(429);
    expect(fourth.body.quota).toMatchObject({ limit: 3 });
  });

  it("counts the invitations sent with new guests (send_invitations), and refuses before adding when they cannot fit", async () => {
    quota({ SENDING_QUOTA_NEW_ACCOUNT_PER_DAY: 3 });
    const ada = await signedInUser();
    const event = await createEvent(ada);

    const two = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests`, { body: { guest_list: people(2, 'with'), send_invitations: true } });
    const tooMany = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests`, { body: { guest_list: people(2, 'more'), send_invitations: true } });
    const list = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests`);

    expect(two.status).toBe(201);
    expect(two.body.meta.invitations_queued).toBe(2);
    expect(tooMany.status).toBe(429);
    expect(tooMany.body.code).toBe('sending_quota_exceeded');
    expect(list.body.data).toHaveLength(2);
  });
});

describe('unverified accounts', () => {
  let newcomer: SignedInUser;
  beforeAll(async () => {
    newcomer = await signedInUser(undefined, { verified: false });
  });

  it('send no invitation (403 email_verification_required) and queue nothing', async () => {
    const { eventId } = await eventWithGuests(newcomer, 2);

    const response = await send(newcomer, eventId, {});

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'email_verification_required', detail: expect.stringMatching(/Verify your email address/) });
    expect(await batchesOf(eventId)).toEqual([]);
  });

  it('may add guests, but not with send_invitations, which adds nobody', async () => {
    const event = await createEvent(newcomer);

    const refused = await guestsApi(newcomer, 'POST', `/api/events/${event.id}/guests`, { body: { guest_list: people(1, 'nope'), send_invitations: true } });
    const added = await guestsApi(newcomer, 'POST', `/api/events/${event.id}/guests`, { body: { guest_list: people(1, 'fine') } });
    const list = await guestsApi(newcomer, 'GET', `/api/events/${event.id}/guests`);

    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('email_verification_required');
    expect(added.status).toBe(201);
    expect(list.body.data).toHaveLength(1);
  });

  it('may not send custom invitation text', async () => {
    const { eventId } = await eventWithGuests(newcomer, 1, 'custom');

    const response = await send(newcomer, eventId, { invitation_template: { subject: 'Come!', body: 'Answer at {{rsvp_link}}' } });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('email_verification_required');
  });
});

describe('links in custom invitation text', () => {
  it.each([
    ['body', { subject: 'Come!', body: 'Directions: javascript:alert(document.cookie) or {{rsvp_link}}' }, 'javascript:alert(document.cookie)'],
    ['body', { subject: 'Come!', body: 'Photos at http://photos.example.com/album' }, 'http://photos.example.com/album'],
    ['subject', { subject: 'See data:text/html;base64,PHNjcmlwdD4=', body: 'Hello' }, 'data:text/html;base64,PHNjcmlwdD4='],
  ])('refuses a non-https link in the %s with 400 unsafe_link naming it', async (part, template, link) => {
    const ada = await signedInUser();
    const { eventId } = await eventWithGuests(ada, 1, 'links');

    const response = await send(ada, eventId, { invitation_template: template });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'unsafe_link', errors: [{ path: `invitation_template.${part}`, message: `"${link}" is not an https link` }] });
    expect(response.body.detail).toContain(link);
    expect(await batchesOf(eventId)).toEqual([]);
  });

  it('accepts https links and text that only looks like a scheme', async () => {
    const ada = await signedInUser();
    const { eventId } = await eventWithGuests(ada, 1, 'safe');

    const response = await send(ada, eventId, { invitation_template: { subject: 'Dinner: 19:00', body: 'Menu: https://menu.example.com/a?b=c\nData: see {{rsvp_link}}' } });

    expect(response.status, JSON.stringify(response.body)).toBe(202);
  });
});
