import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import type { Key } from '../../shared/data/keys.ts';
import { handler as teamHandler } from '../../functions/team/handler.ts';
import { mailedLinkCookie } from '../support/http-event.ts';
import type { SignedInUser } from '../support/signed-in-user.ts';
import { emailsFor, runSender } from './invitations-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * Team invitations as a person receives them: the organizer invites, the outbox mails the invitation to
 * the SES emulator, and the token is read from the link in the mail actually sent (never from the table,
 * which holds only its hash).
 */
const LINK = /\/team-invitations\/([A-Za-z0-9_-]{43})/;

export async function invite(by: SignedInUser, eventId: string, body: { email?: string; user_id?: string; role: string }) {
  return (await expectStatus(201, by, 'POST', `/api/events/${eventId}/team`, { body })).data;
}

/** Sends what is pending and answers the token in the newest team invitation mailed to `address`. */
export async function tokenMailedTo(address: string): Promise<string> {
  await runSender();
  const mails = (await emailsFor(address)).filter((mail) => mail.subject.startsWith('You are invited to plan'));
  const token = LINK.exec(mails.at(-1)?.body.text ?? '')?.[1];
  expect(token, `no team invitation link mailed to ${address}`).toBeDefined();
  return token as string;
}

/** Moves an invitation's expiry into the past, as 14 days of waiting would. */
export async function expire(key: Key): Promise<void> {
  await db().send(new UpdateCommand({
    TableName: tableName(), Key: key, UpdateExpression: 'SET expires_at = :past', ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00.000Z' },
  }));
}

/** The page a team invitation's link opens, as a browser reaches it: the link (its cookie), then /team-invitations. */
export async function openTeamInvitationPage(token: string) {
  const cookie = await mailedLinkCookie(teamHandler, `/team-invitations/${encodeURIComponent(token)}`);
  return call(null, 'GET', '/team-invitations', { headers: { cookie } });
}
