// @ts-nocheck
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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

/**
 * Counts a sign-in attempt as a failure on both counters before its password is checked (UpdateItem ADD)
 * and answers the counts before it. Counting first is what holds under a burst: guesses that arrive
 * together each get their own count, so no more than the limit reach a password check. A successful
 * sign-in takes its attempt back (forgiveLoginAttempt).
 */
export async function countLoginAttempt(
  subjects: ThrottleSubjects,
  window: ThrottleWindow,
): Promise<{ account: number; sourceIp: number }> {
  const keys = counterKeys(subjects, window);
  const [account, sourceIp] = await Promise.all([addFailures(keys.account, 1, window), addFailures(keys.sourceIp, 1, window)]);
  return { account: account - 1, sourceIp: sourceIp - 1 };
}

/** After a successful sign-in: the account's failures are forgotten, the address's counted attempt given back. */
export async function forgiveLoginAttempt(subjects: ThrottleSubjects, window: ThrottleWindow): Promise<void> {
  await Promise.all([clearAccountFailures(subjects.account, window), addFailures(counterKeys(subjects, window).sourceIp, -1, window)]);
}

/** Adds `delta` to a failure counter (creating it with its TTL) and answers the new count. */
async function addFailures(key: Key, delta: number, window: ThrottleWindow): Promise<number> {
  const result = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'ADD failures :delta SET #type = :type, #ttl = :ttl',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':delta': delta, ':type': 'rate_limit', ':ttl': window.end + TTL_SLACK_SECONDS },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.failures ?? delta);
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
