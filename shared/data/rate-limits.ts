import { BatchGetCommand, DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ThrottleSubjects, ThrottleWindow } from '../domain/login-throttle.ts';
import { db, tableName } from './client.ts';
import { type Key, rateLimitKeys } from './keys.ts';

/**
 * Counters of failed sign-ins, one item per subject and fixed window (`RATE#<scope>#<subject>`,
 * `WINDOW#<start>`), removed by the table's TTL after the window ends. API Gateway HTTP APIs cannot
 * throttle per client, so these limits live here.
 */
const ACCOUNT_SCOPE = 'login-account';
const SOURCE_IP_SCOPE = 'login-ip';
/** Kept a little past the window so a read at its very end still sees the count. */
const TTL_SLACK_SECONDS = 60;

const counterKeys = (subjects: ThrottleSubjects, window: ThrottleWindow) => ({
  account: rateLimitKeys.window(ACCOUNT_SCOPE, subjects.account, window.start),
  sourceIp: rateLimitKeys.window(SOURCE_IP_SCOPE, subjects.sourceIp, window.start),
});

const sameKey = (item: Record<string, unknown>, key: Key) => item.pk === key.pk && item.sk === key.sk;

/** Both failure counts of the window in one strongly consistent BatchGetItem (0 when absent). */
export async function readLoginFailures(
  subjects: ThrottleSubjects,
  window: ThrottleWindow,
): Promise<{ account: number; sourceIp: number }> {
  const keys = counterKeys(subjects, window);
  const found: Record<string, unknown>[] = [];
  let pending: Key[] = [keys.account, keys.sourceIp];
  // UnprocessedKeys only appear under throttling; retry those with a short backoff.
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
    const result = await db().send(
      new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: true } } }),
    );
    found.push(...(result.Responses?.[tableName()] ?? []));
    pending = (result.UnprocessedKeys?.[tableName()]?.Keys as Key[] | undefined) ?? [];
  }
  const countOf = (key: Key) => Number(found.find((item) => sameKey(item, key))?.failures ?? 0);
  return { account: countOf(keys.account), sourceIp: countOf(keys.sourceIp) };
}

/** Adds one failure to both counters of the window (UpdateItem ADD, creating them with their TTL). */
export async function recordLoginFailure(subjects: ThrottleSubjects, window: ThrottleWindow): Promise<void> {
  const keys = counterKeys(subjects, window);
  await Promise.all(
    [keys.account, keys.sourceIp].map((key) =>
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'ADD failures :one SET #type = :type, #ttl = :ttl',
          ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':type': 'rate_limit', ':ttl': window.end + TTL_SLACK_SECONDS },
        }),
      ),
    ),
  );
}

/** Forgets the account's failures in the window (DeleteItem), after a successful sign-in. */
export async function clearAccountFailures(account: string, window: ThrottleWindow): Promise<void> {
  await db().send(
    new DeleteCommand({ TableName: tableName(), Key: rateLimitKeys.window(ACCOUNT_SCOPE, account, window.start) }),
  );
}

/**
 * Counts one request against a subject's window (UpdateItem ADD, creating the counter with its TTL) and
 * returns the count so far, the request included. One call: the public RSVP routes' rate limit.
 */
export async function countRequest(scope: string, subject: string, window: ThrottleWindow): Promise<number> {
  const result = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: rateLimitKeys.window(scope, subject, window.start),
      UpdateExpression: 'ADD requests :one SET #type = :type, #ttl = :ttl',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'rate_limit', ':ttl': window.end + TTL_SLACK_SECONDS },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.requests ?? 1);
}
