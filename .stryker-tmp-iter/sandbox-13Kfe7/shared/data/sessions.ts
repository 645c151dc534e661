// @ts-nocheck
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, type PutCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from './client.ts';
import { sessionKeys, type Key } from './keys.ts';
import type { TransactItem } from './transact.ts';

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
};

const USED_HASHES_KEPT = 20;

export function sessionPut(session: Session): TransactItem {
  return {
    Put: {
      Item: { ...sessionKeys.item(session.session_id), type: 'session', ...session },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Writes a new session on its own (sign-in), with the same condition as sessionPut. */
export async function putSession(session: Session): Promise<void> {
  const { Put } = sessionPut(session) as { Put: Omit<PutCommandInput, 'TableName'> };
  await db().send(new PutCommand({ ...Put, TableName: tableName() }));
}

export async function getSession(sessionId: string): Promise<Session | null> {
  const result = await db().send(
    new GetCommand({ TableName: tableName(), Key: sessionKeys.item(sessionId), ConsistentRead: true }),
  );
  return (result.Item as Session | undefined) ?? null;
}

/** A live session: present and not past its expiry (TTL deletion can lag by hours). */
export const isLive = (session: Session | null, now = new Date()): session is Session =>
  session !== null && session.expires_at > now.toISOString();

/**
 * Reads the session and other items in ONE strongly consistent BatchGetItem, so a route that needs an
 * item (an event, a member) checks the session at no extra call. Returns the items in the order asked.
 */
export async function getWithSession(
  sessionId: string,
  keys: Key[],
): Promise<{ session: Session | null; items: (Record<string, unknown> | null)[] }> {
  const wanted = [sessionKeys.item(sessionId), ...keys];
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
  const [session, ...items] = wanted.map((key) => found.get(`${key.pk}|${key.sk}`) ?? null);
  return { session: (session as Session | null) ?? null, items };
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

export async function deleteSession(sessionId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: sessionKeys.item(sessionId) }));
}

/** The Delete of a session, to end it in the same transaction as its audit entry (logout). */
export function sessionDelete(sessionId: string): TransactItem {
  return { Delete: { Key: sessionKeys.item(sessionId) } };
}
