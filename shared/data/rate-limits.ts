import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ThrottleWindow } from '../domain/accounts/login-throttle.ts';
import { db, tableName } from './client.ts';
import { rateLimitKeys } from './keys.ts';

/**
 * Fixed-window counters, one item per scope, subject and window (`RATE#<scope>#<subject>`,
 * `WINDOW#<start>`), removed by the table's TTL after the window ends. API Gateway HTTP APIs cannot
 * throttle per client, so these limits live here. Sign-in's own state is in accounts/login-throttle.ts.
 */
/** Kept a little past the window so a read at its very end still sees the count. */
const TTL_SLACK_SECONDS = 60;

/**
 * Adds `delta` to a subject's counter in the window (UpdateItem ADD, creating it with its TTL) and
 * answers the new count. Counting before deciding is what holds under a burst: requests that arrive
 * together each get their own count.
 */
export async function addToWindow(scope: string, subject: string, window: ThrottleWindow, delta: number, attribute = 'requests'): Promise<number> {
  const result = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: rateLimitKeys.window(scope, subject, window.start),
      UpdateExpression: 'ADD #count :delta SET #type = :type, #ttl = :ttl',
      ExpressionAttributeNames: { '#count': attribute, '#type': 'type', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':delta': delta, ':type': 'rate_limit', ':ttl': window.end + TTL_SLACK_SECONDS },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.[attribute] ?? delta);
}

/**
 * Counts one request against a subject's window and returns the count so far, the request included.
 * One call: the public RSVP routes' and the forgotten-password limits.
 */
export const countRequest = (scope: string, subject: string, window: ThrottleWindow): Promise<number> => addToWindow(scope, subject, window, 1);
