import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, QueryCommand, type QueryCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { retryWhileTransient } from '../aws/transient-errors.ts';
import { db, tableName } from './client.ts';
import { batchGetAll } from './collection.ts';
import { isId } from './ids.ts';
import { eventKeys, guestEmailKeys, type Key, userKeys } from './keys.ts';
import { emailClaimOf, unverifiedEmailClaimPut } from './accounts/email-claims.ts';
import { getWithSession, type Session } from './sessions.ts';
import { type TransactItem, TransactionConditionFailed, transact } from './transact.ts';

/** The stored user. `password_hash` never leaves the auth code; `events_created` is kept by the events group. */
export type UserRecord = {
  id: string;
  username: string;
  email: string;
  full_name: string;
  phone?: string;
  password_hash: string;
  events_created: number;
  /** Notification kinds the user also wants by email (shared/domain/notifications/rules.ts); absent: none. */
  email_notifications?: Record<string, boolean>;
  /** When the owner of `email` followed the verification link; absent: not verified (shared/domain/accounts/verification.ts). */
  email_verified_at?: string;
  /** SHA-256 of the registration's Idempotency-Key, so a repeat of a registration whose answer was lost is recognised. */
  registration_key_hash?: string;
  /** An email change asked for and not yet confirmed from the new address (shared/data/accounts/email-verification.ts). */
  pending_email?: string;
  /** When its owner confirmed deleting it (shared/data/accounts/deletion.ts); the account is gone for every route from then. */
  deleting_at?: string;
  version: number;
  created_at: string;
  updated_at: string;
};

export type InsertUserOutcome = 'created' | 'username_taken';

/** Positions in the registration transaction, so a failed condition names the claim that was taken. */
const USER_INDEX = 0;
const USERNAME_CLAIM_INDEX = 1;
const EMAIL_CLAIM_INDEX = 2;

/**
 * Register: the user, its username claim (`attribute_not_exists(pk)`, so a name is unique by the table
 * itself) and, when nobody holds the address, its email claim, plus `alsoWrite` (session, audit entry) in
 * ONE TransactWriteItems. An address someone holds does not refuse the account
 * (shared/data/accounts/email-claims.ts): the account is made without the claim. The claim is read in
 * every case, so a held address costs the same work as a free one.
 */
export const insertUser = async (user: UserRecord, alsoWrite: TransactItem[]): Promise<InsertUserOutcome> =>
  writeUser(user, alsoWrite, (await emailClaimOf(user.email)) === null);

async function writeUser(user: UserRecord, alsoWrite: TransactItem[], claimAddress: boolean): Promise<InsertUserOutcome> {
  const items: TransactItem[] = [];
  items[USER_INDEX] = { Put: { Item: { ...userKeys.item(user.id), type: 'user', ...user }, ConditionExpression: 'attribute_not_exists(pk)' } };
  items[USERNAME_CLAIM_INDEX] = { Put: { Item: { ...userKeys.usernameClaim(user.username), type: 'username_claim', user_id: user.id }, ConditionExpression: 'attribute_not_exists(pk)' } };
  if (claimAddress) items[EMAIL_CLAIM_INDEX] = unverifiedEmailClaimPut(user.email, user.id);
  items.push(...alsoWrite);
  try {
    await transact(items);
    return 'created';
  } catch (error) {
    if (error instanceof TransactionConditionFailed) {
      // The SDK retried a request whose first attempt had committed (its answer was lost): the claims
      // then fail against our own write. The user id is new, so a user with it means ours landed.
      if (await getUser(user.id)) return 'created';
      if (error.failedIndexes.includes(USERNAME_CLAIM_INDEX)) return 'username_taken';
      // Someone claimed the address between the read and the write.
      if (claimAddress && error.failedIndexes.includes(EMAIL_CLAIM_INDEX)) return writeUser(user, alsoWrite, false);
    }
    throw error;
  }
}

/**
 * After a registration's transaction failed with something time cures (503): whether it landed anyway
 * (a write applied whose answer was lost). Read strongly, retried while transient, so the answer given
 * to the caller is the truth: 201 when the account exists, 503 only when nothing was written.
 */
export const registrationLanded = async (userId: string): Promise<boolean> => (await retryWhileTransient(() => getUser(userId), 5_000)) !== null;

/**
 * Of these audit actors, the accounts that no longer exist or are being deleted (one BatchGetItem of
 * their user items, strong). Actors that are not account ids (`operator:<name>`) are never among them.
 */
export async function goneAccountIds(actorIds: string[]): Promise<Set<string>> {
  const ids = [...new Set(actorIds.filter(isId))];
  if (ids.length === 0) return new Set();
  const present = new Set((await batchGetAll(ids.map((id) => userKeys.item(id)))).filter((item) => !item.deleting_at).map((item) => String(item.id)));
  return new Set(ids.filter((id) => !present.has(id)));
}

/** User by id (GetItem, strong). */
export async function getUser(userId: string): Promise<UserRecord | null> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: userKeys.item(userId), ConsistentRead: true }));
  return (result.Item as UserRecord | undefined) ?? null;
}

/** The user a claim item points at (GetItem of the claim, then of the user; both strong). */
async function userByClaim(claimKey: Key): Promise<UserRecord | null> {
  const claim = await db().send(new GetCommand({ TableName: tableName(), Key: claimKey, ConsistentRead: true }));
  const userId = claim.Item?.user_id;
  return typeof userId === 'string' ? getUser(userId) : null;
}

/**
 * The user id a login names (a username, or an email: usernames cannot contain `@`), from its claim
 * (GetItem, strong), or null: sign-in reads the user with its throttle state after it.
 */
export async function userIdByLogin(login: string): Promise<string | null> {
  const claimKey = login.includes('@') ? userKeys.emailClaim(login) : userKeys.usernameClaim(login);
  const claim = await db().send(new GetCommand({ TableName: tableName(), Key: claimKey, ConsistentRead: true, ProjectionExpression: 'user_id' }));
  return typeof claim.Item?.user_id === 'string' ? claim.Item.user_id : null;
}

/** User by username, any case (USERNAME# claim, then the user). */
export const findUserByUsername = (username: string): Promise<UserRecord | null> =>
  userByClaim(userKeys.usernameClaim(username));

/** User by email, any case (EMAIL# claim, then the user). */
export const findUserByEmail = (email: string): Promise<UserRecord | null> => userByClaim(userKeys.emailClaim(email));

/** The session and the user in one strongly consistent BatchGetItem (GET /api/auth/user). */
export async function getUserWithSession(
  sessionId: string,
  userId: string,
): Promise<{ session: Session | null; user: UserRecord | null }> {
  const { session, items } = await getWithSession(sessionId, [userKeys.item(userId)]);
  return { session, user: (items[0] as UserRecord | null | undefined) ?? null };
}

/** Replaces the password hash only if it is still the one verified (a rehash at a higher cost). */
export async function replacePasswordHash(userId: string, oldHash: string, newHash: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: userKeys.item(userId),
        UpdateExpression: 'SET password_hash = :new',
        ConditionExpression: 'password_hash = :old',
        ExpressionAttributeValues: { ':new': newHash, ':old': oldHash },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Event ids where this email's guest record answered yes (Query gsi1 on GUESTEMAIL#, every page). */
export async function eventIdsWithYesRsvp(email: string): Promise<string[]> {
  const eventIds = new Set<string>();
  let startKey: QueryCommandOutput['LastEvaluatedKey'];
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: 'rsvp_status = :yes',
        ProjectionExpression: 'gsi1sk',
        ExpressionAttributeValues: { ':pk': guestEmailKeys.partition(email), ':yes': 'yes' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      // gsi1sk is guestEmailKeys.sort: EVENT#<eventId>#GUEST#<guestId>.
      const eventId = /^EVENT#([^#]+)#GUEST#/.exec(String(item.gsi1sk))?.[1];
      if (eventId) eventIds.add(eventId);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return [...eventIds];
}

/** The date and status of each event (BatchGetItem in chunks of 100); missing events are left out. */
export async function eventDatesAndStatuses(eventIds: string[]): Promise<{ event_date?: string; status?: string }[]> {
  const found: { event_date?: string; status?: string }[] = [];
  for (let offset = 0; offset < eventIds.length; offset += 100) {
    let pending: Key[] = eventIds.slice(offset, offset + 100).map((eventId) => eventKeys.item(eventId));
    // UnprocessedKeys only appear under throttling; retry those with a short backoff.
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
      const result = await db().send(
        new BatchGetCommand({
          RequestItems: {
            [tableName()]: {
              Keys: pending,
              ProjectionExpression: 'event_date, #status',
              ExpressionAttributeNames: { '#status': 'status' },
            },
          },
        }),
      );
      found.push(...((result.Responses?.[tableName()] ?? []) as { event_date?: string; status?: string }[]));
      pending = (result.UnprocessedKeys?.[tableName()]?.Keys as Key[] | undefined) ?? [];
    }
  }
  return found;
}

/** Replaces the user's email notification preferences (UpdateItem, only if the user exists). */
export async function saveEmailNotifications(userId: string, preferences: Record<string, boolean>, at: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: userKeys.item(userId),
        UpdateExpression: 'SET email_notifications = :preferences, updated_at = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':preferences': preferences, ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
