import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { newId } from '../../shared/data/ids.ts';
import { childKeys, eventKeys, guestEmailKeys, userKeys } from '../../shared/data/keys.ts';
import { currentUser, registered } from './auth-fixtures.ts';
import { markEmailVerified } from '../support/signed-in-user.ts';

const DAY = 24 * 3600 * 1000;
const isoIn = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** An event item and one guest record for `email`, shaped as the events and guests groups write them. */
async function eventWithGuest(options: { email: string; eventDate: string; rsvp: string; status?: string }): Promise<string> {
  const eventId = newId();
  const guestId = `${eventId}${newId()}`;
  await db().send(new PutCommand({
    TableName: tableName(),
    Item: { ...eventKeys.item(eventId), type: 'event', id: eventId, name: 'Party', event_date: options.eventDate, status: options.status ?? 'planning' },
  }));
  await db().send(new PutCommand({
    TableName: tableName(),
    Item: {
      ...childKeys.item('guest', eventId, guestId),
      type: 'guest',
      id: guestId,
      email: options.email,
      rsvp_status: options.rsvp,
      gsi1pk: guestEmailKeys.partition(options.email),
      gsi1sk: guestEmailKeys.sort(eventId, guestId),
    },
  }));
  return eventId;
}

describe('GET /api/auth/user', () => {
  it('answers the user with stats and no password hash', async () => {
    const account = await registered();

    const response = await currentUser(account.accessToken);

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      id: account.userId,
      username: account.registration.username,
      email: account.registration.email,
      full_name: account.registration.full_name,
      phone: null,
      email_verified: false,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      stats: { events_created: 0, events_attended: 0 },
      preferences: { email_notifications: expect.objectContaining({ 'task.assigned': false, 'rsvp.received': false }) },
    });
    expect(JSON.stringify(response.body)).not.toMatch(/scrypt|password/);
  });

  it('counts events attended truthfully: past, answered yes, not cancelled, matched by the verified email', async () => {
    const account = await registered();
    await markEmailVerified(account.userId);
    const email = account.registration.email;
    await eventWithGuest({ email, eventDate: isoIn(-10), rsvp: 'yes' });
    await eventWithGuest({ email: email.toUpperCase(), eventDate: isoIn(-3), rsvp: 'no' });
    await eventWithGuest({ email, eventDate: isoIn(10), rsvp: 'yes' });
    await eventWithGuest({ email, eventDate: isoIn(-5), rsvp: 'yes', status: 'cancelled' });
    await eventWithGuest({ email, eventDate: isoIn(-5), rsvp: 'maybe' });
    await eventWithGuest({ email: `other.${email}`, eventDate: isoIn(-5), rsvp: 'yes' });

    const response = await currentUser(account.accessToken);

    expect(response.body.data.stats.events_attended).toBe(1);
  });

  it('counts nothing while the email is unverified: anyone may register an address that guests answered from', async () => {
    const account = await registered();
    await eventWithGuest({ email: account.registration.email, eventDate: isoIn(-10), rsvp: 'yes' });

    const response = await currentUser(account.accessToken);

    expect(response.body.data.stats.events_attended).toBe(0);
  });

  it('leaves out a yes answer whose event item no longer exists', async () => {
    const account = await registered();
    await markEmailVerified(account.userId);
    const eventId = await eventWithGuest({ email: account.registration.email, eventDate: isoIn(-2), rsvp: 'yes' });
    await db().send(new DeleteCommand({ TableName: tableName(), Key: eventKeys.item(eventId) }));

    const response = await currentUser(account.accessToken);

    expect(response.body.data.stats.events_attended).toBe(0);
  });

  it('reads events_created from the counter the events group keeps on the user item', async () => {
    const account = await registered();
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: userKeys.item(account.userId),
      UpdateExpression: 'ADD events_created :two',
      ExpressionAttributeValues: { ':two': 2 },
    }));

    const response = await currentUser(account.accessToken);

    expect(response.body.data.stats.events_created).toBe(2);
  });

  it('refuses a request without a token', async () => {
    const response = await currentUser('');

    expect(response.status).toBe(401);
  });
});
