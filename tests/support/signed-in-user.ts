import { randomBytes } from 'node:crypto';
import { issueAccessToken } from '../../shared/auth/tokens.ts';
import { newId } from '../../shared/data/ids.ts';
import { userKeys } from '../../shared/data/keys.ts';
import { type Session, sessionWrites } from '../../shared/data/sessions.ts';
import { transact } from '../../shared/data/transact.ts';

export type SignedInUser = { userId: string; username: string; email: string; token: string; sessionId: string };

/**
 * A registered, signed-in user written straight to the table (user item, username claim, live session)
 * with a real access token, so the events tests do not depend on the auth routes. Verified by default
 * (most tests are about planning, not about the address); `{ verified: false }` for a fresh account.
 */
export async function signedInUser(
  name = `user_${randomBytes(4).toString('hex')}`,
  { verified = true }: { verified?: boolean } = {},
): Promise<SignedInUser> {
  const userId = newId();
  const username = name.toLowerCase();
  const email = `${username}@example.com`;
  const now = new Date();
  await transact([
    {
      Put: {
        Item: {
          ...userKeys.item(userId), type: 'user', id: userId, username, email, full_name: `Test ${username}`, events_created: 0,
          ...(verified ? { email_verified_at: now.toISOString() } : {}), version: 1, created_at: now.toISOString(), updated_at: now.toISOString(),
        },
      },
    },
    { Put: { Item: { ...userKeys.usernameClaim(username), type: 'username_claim', user_id: userId } } },
  ]);
  return { userId, username, email, ...(await startSession(userId, username)) };
}

/**
 * Marks an account's address verified straight in the table, for tests that sign up through the API and
 * then send to guests (issue 14: unverified accounts may not); proving the address is not their subject.
 */
export async function markEmailVerified(userId: string): Promise<void> {
  const at = new Date().toISOString();
  await transact([{ Update: { Key: userKeys.item(userId), UpdateExpression: 'SET email_verified_at = :at', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':at': at } } }]);
}

/** A new live session of an existing user and its access token (signing in again after a logout). */
export async function startSession(userId: string, username: string): Promise<{ token: string; sessionId: string }> {
  const sessionId = newId();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + 3600_000);
  const session: Session = {
    session_id: sessionId,
    user_id: userId,
    username,
    refresh_hash: randomBytes(16).toString('base64url'),
    used_refresh_hashes: [],
    created_at: now.toISOString(),
    refreshed_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    ttl: Math.floor(expiresAt.getTime() / 1000),
  };
  await transact(sessionWrites(session, expiresAt));
  const { token } = await issueAccessToken({ userId, sessionId, username });
  return { token, sessionId };
}
