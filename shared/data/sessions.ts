import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from './client.ts';
import { endedByCutOff, type SessionReference } from '../domain/accounts/session-control.ts';
import { batchDeleteAll, batchGetAll, queryAllPages } from './collection.ts';
import { sessionKeys, type Key, userKeys } from './keys.ts';
import { type TransactItem, transactIfConditionsHold } from './transact.ts';

/**
 * A sign-in session. Access tokens name it (`sid`); logout deletes it, so a token of an ended session is
 * refused at once. The refresh token rotates: the session keeps the hash of the current one and of those
 * already used, and a used one presented again revokes the session (token theft).
 */
export type Session = {
  session_id: string;
  user_id: string;
  username: string;
  refresh_hash: string;
  used_refresh_hashes: string[];
  created_at: string;
  refreshed_at: string;
  expires_at: string;
  ttl: number;
  /** The User-Agent that signed in, bounded (shared/domain/accounts/session-control.ts); absent: none sent. */
  user_agent?: string;
};

const USED_HASHES_KEPT = 20;

/** The Put of the session item alone; a new session is written with sessionWrites (its user reference too). */
export function sessionPut(session: Session): TransactItem {
  return {
    Put: {
      Item: { ...sessionKeys.item(session.session_id), type: 'session', ...session },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The user's reference to a session (`USER#<id>` / `SESSION#<sid>`): ending every session of a user is a
 * strongly consistent Query of these, never a Scan. Kept until the session's absolute end (`absolute_ttl`).
 */
export function sessionReferencePut(session: Session, absoluteEnd: Date): TransactItem {
  return {
    Put: {
      Item: { ...sessionKeys.userReference(session.user_id, session.session_id), type: 'session_ref', session_id: session.session_id, created_at: session.created_at, ttl: Math.floor(absoluteEnd.getTime() / 1000) },
    },
  };
}

/** The sessions a roster item holds, or null when there is none (shared/domain/accounts/session-control.ts). */
export function rosterSessions(item: Record<string, unknown> | null | undefined): SessionReference[] | null {
  if (!item || !Array.isArray(item.sessions)) return null;
  return (item.sessions as Record<string, unknown>[]).map((session) => ({ session_id: String(session.session_id), created_at: String(session.created_at ?? '') }));
}

/** The roster's new content (unconditional: two sign-ins at once may each leave out the other's, which the next recount finds). */
export function rosterPut(userId: string, sessions: SessionReference[]): TransactItem {
  return { Put: { Item: { ...sessionKeys.roster(userId), type: 'session_roster', sessions } } };
}

/** Everything a new session writes, in one transaction with whatever caused it. */
export const sessionWrites = (session: Session, absoluteEnd: Date): TransactItem[] => [sessionPut(session), sessionReferencePut(session, absoluteEnd)];

/**
 * Writes a new session (sign-in). `passwordHash`: only while the user's password is still the one just
 * verified, so a sign-in racing a password reset cannot outlive the reset's revocation. `alsoWrite`
 * (a second factor's challenge, used up) goes in the same transaction; false when any condition failed.
 */
export async function putSession(session: Session, absoluteEnd: Date, passwordHash?: string, alsoWrite: TransactItem[] = []): Promise<boolean> {
  const check: TransactItem[] = passwordHash
    ? [{ ConditionCheck: { Key: userKeys.item(session.user_id), ConditionExpression: 'password_hash = :hash', ExpressionAttributeValues: { ':hash': passwordHash } } }]
    : [];
  return transactIfConditionsHold([...sessionWrites(session, absoluteEnd), ...check, ...alsoWrite]);
}

/** A session by id, or null once it has ended (deleted, or begun before the operator's cut-off). */
export const getSession = async (sessionId: string): Promise<Session | null> => (await getWithSession(sessionId, [])).session;

const isCutOffItem = (item: Record<string, unknown>): boolean => item.pk === sessionKeys.cutOff.pk && item.sk === sessionKeys.cutOff.sk;

/**
 * Of items read together with `sessionKeys.cutOff`: the others, and the operator's cut-off in effect
 * (`not_before`), if one was ever set.
 */
export function withoutCutOff(items: Record<string, unknown>[]): { items: Record<string, unknown>[]; notBefore: string | undefined } {
  const cutOff = items.find(isCutOffItem);
  return { items: items.filter((item) => item !== cutOff), notBefore: typeof cutOff?.not_before === 'string' ? cutOff.not_before : undefined };
}

/** The session unless the operator's cut-off has ended it. */
const unlessCutOff = (session: Session | null, notBefore: string | undefined): Session | null =>
  session && endedByCutOff(session.created_at, notBefore) ? null : session;

/** A live session: present and not past its expiry (TTL deletion can lag by hours). */
export const isLive = (session: Session | null, now = new Date()): session is Session =>
  session !== null && session.expires_at > now.toISOString();

/**
 * Reads the session and other items in ONE strongly consistent BatchGetItem, so a route that needs an
 * item (an event, a member) checks the session at no extra call. Returns the items in the order asked.
 * The operator's cut-off is read in the same call: a session it ended is answered as null.
 */
export async function getWithSession(
  sessionId: string,
  keys: Key[],
): Promise<{ session: Session | null; items: (Record<string, unknown> | null)[] }> {
  const wanted = [sessionKeys.item(sessionId), ...keys, sessionKeys.cutOff];
  const found = new Map<string, Record<string, unknown>>();
  let pending: Key[] = wanted;
  // UnprocessedKeys is rare (throttling); loop until every key is answered.
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
    const result = await db().send(
      new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of result.Responses?.[tableName()] ?? []) found.set(`${item.pk}|${item.sk}`, item);
    pending = (result.UnprocessedKeys?.[tableName()]?.Keys as Key[] | undefined) ?? [];
  }
  const [session, ...rest] = wanted.map((key) => found.get(`${key.pk}|${key.sk}`) ?? null);
  const { notBefore } = withoutCutOff(rest.splice(-1).flatMap((item) => (item ? [item] : [])));
  return { session: unlessCutOff((session as Session | null) ?? null, notBefore), items: rest };
}

/** Swaps the current refresh hash for a new one, only if it is still the one presented. */
export async function rotateRefresh(session: Session, newHash: string, expiresAt: Date): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: sessionKeys.item(session.session_id),
        UpdateExpression:
          'SET refresh_hash = :new, used_refresh_hashes = :used, refreshed_at = :now, expires_at = :exp, #ttl = :ttl',
        ConditionExpression: 'refresh_hash = :old',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':new': newHash,
          ':old': session.refresh_hash,
          ':used': [session.refresh_hash, ...session.used_refresh_hashes].slice(0, USED_HASHES_KEPT),
          ':now': new Date().toISOString(),
          ':exp': expiresAt.toISOString(),
          ':ttl': Math.floor(expiresAt.getTime() / 1000),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Ends one session: the session and (given its user) the user's reference to it. */
export async function deleteSession(sessionId: string, userId?: string): Promise<void> {
  await batchDeleteAll([sessionKeys.item(sessionId), ...(userId ? [sessionKeys.userReference(userId, sessionId)] : [])]);
}

/**
 * Ends a session whose refresh token was presented after it rotated (theft), with `alsoWrite` (the mail
 * telling its owner): only while the session still exists, so two detections of one reuse write once.
 * False when it had already ended.
 */
export async function endReusedSession(session: Session, alsoWrite: TransactItem[]): Promise<boolean> {
  return transactIfConditionsHold([
      { Delete: { Key: sessionKeys.item(session.session_id), ConditionExpression: 'attribute_exists(pk)' } },
      { Delete: { Key: sessionKeys.userReference(session.user_id, session.session_id) } },
      ...alsoWrite,
    ]);
}

/** Like sessionDeletes, but only if `userId` holds a reference to the session (it fails otherwise): ending one of one's own sessions. */
export function ownSessionDeletes(sessionId: string, userId: string): TransactItem[] {
  return [{ Delete: { Key: sessionKeys.item(sessionId) } }, { Delete: { Key: sessionKeys.userReference(userId, sessionId), ConditionExpression: 'attribute_exists(pk)' } }];
}

/** Whether the user holds a reference to the session: it is theirs (GetItem, strong). */
export async function ownsSession(userId: string, sessionId: string): Promise<boolean> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: sessionKeys.userReference(userId, sessionId), ConsistentRead: true, ProjectionExpression: 'pk' }));
  return result.Item !== undefined;
}

/** The Deletes of a session and its reference, to end it in the same transaction as its audit entry (logout). */
export function sessionDeletes(sessionId: string, userId: string): TransactItem[] {
  return [{ Delete: { Key: sessionKeys.item(sessionId) } }, { Delete: { Key: sessionKeys.userReference(userId, sessionId) } }];
}

/** A user's session references, with when each signed in (Query `USER#<id>`, begins_with `SESSION#`, strong, every page). */
export async function userSessionReferences(userId: string): Promise<SessionReference[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': sessionKeys.userReference(userId, '').pk, ':prefix': sessionKeys.userReferencePrefix },
    ProjectionExpression: 'session_id, created_at',
    ConsistentRead: true,
  });
  return items.map((item) => ({ session_id: String(item.session_id), created_at: String(item.created_at ?? '') }));
}

/** The ids of a user's sessions. */
export const userSessionIds = async (userId: string): Promise<string[]> => (await userSessionReferences(userId)).map((reference) => reference.session_id);

/** The sessions with these ids that have not ended (BatchGetItem, strong, with the operator's cut-off). */
export async function sessionsByIds(sessionIds: string[]): Promise<Session[]> {
  const { items, notBefore } = withoutCutOff(await batchGetAll([...sessionIds.map((sessionId) => sessionKeys.item(sessionId)), sessionKeys.cutOff]));
  return (items as unknown as Session[]).filter((session) => unlessCutOff(session, notBefore) !== null);
}

/**
 * The operator ends every session at once: the cut-off moves to `at` (never back, whatever the clocks of
 * two operators), with who and why. Answers the cut-off in effect.
 */
export async function moveSessionsCutOff(at: Date, note: { operator: string; reason: string }): Promise<string> {
  try {
    const result = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: sessionKeys.cutOff,
        UpdateExpression: 'SET #type = :type, not_before = :at, #operator = :operator, reason = :reason',
        ConditionExpression: 'attribute_not_exists(not_before) OR not_before < :at',
        ExpressionAttributeNames: { '#type': 'type', '#operator': 'operator' },
        ExpressionAttributeValues: { ':type': 'sessions_cutoff', ':at': at.toISOString(), ':operator': note.operator, ':reason': note.reason },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return String(result.Attributes?.not_before);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const current = await db().send(new GetCommand({ TableName: tableName(), Key: sessionKeys.cutOff, ConsistentRead: true }));
    return String(current.Item?.not_before);
  }
}

/** Ends these sessions of a user (BatchWriteItem deletes of the sessions and their references). */
export async function deleteSessionsOf(userId: string, sessionIds: string[]): Promise<void> {
  await batchDeleteAll(sessionIds.flatMap((sessionId) => [sessionKeys.item(sessionId), sessionKeys.userReference(userId, sessionId)]));
}

/** Ends every session of a user but `keep` (BatchWriteItem deletes of the sessions and their references); answers how many. */
export async function deleteUserSessions(userId: string, keep?: string): Promise<number> {
  const ended = (await userSessionIds(userId)).filter((sessionId) => sessionId !== keep);
  await deleteSessionsOf(userId, ended);
  return ended.length;
}
