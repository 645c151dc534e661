import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { backoffSeconds, type LoginThrottleRules, secondsUntil, type ThrottleDecision, type ThrottleWindow } from '../../domain/accounts/login-throttle.ts';
import { db, tableName } from '../client.ts';
import { batchGetAll } from '../collection.ts';
import { type Key, loginThrottleKeys } from '../keys.ts';
import { addToWindow } from '../rate-limits.ts';

/**
 * The data of sign-in throttling (rules in shared/domain/accounts/login-throttle.ts). Every attempt is
 * counted BEFORE its password is checked and a success gives it back, so guesses that arrive together
 * each get their own count and no more than the rules allow reach a password check.
 */
const ACCOUNT_SCOPE = 'login-account';
const SOURCE_SCOPE = 'login-ip';
/** How long a pair's failures are remembered after its last attempt: the backoff resets after a quiet day. */
const PAIR_MEMORY_SECONDS = 24 * 3600;
/** How long a source stays known to an account after its last successful sign-in. */
const KNOWN_SOURCE_DAYS = 90;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/**
 * One attempt from an account and source. Counted only while the pair is not locked (else refused with
 * the lock's rest). Once the free failures are spent, the attempt must also take the next lock (compare-
 * and-set on the lock it saw): of a burst, exactly one wins and is checked, the others are refused.
 */
export const attemptFromPair = (account: string, source: string, rules: LoginThrottleRules, now: Date): Promise<ThrottleDecision> =>
  attemptWithBackoff(loginThrottleKeys.pair(account, source), rules, now);

/**
 * One second-factor code against an account (docs/mfa.md), from any address: the pair's backoff, kept per
 * account, since whoever reaches the code step already holds the password and can come from anywhere.
 */
export const attemptSecondFactor = (account: string, rules: LoginThrottleRules, now: Date): Promise<ThrottleDecision> =>
  attemptWithBackoff(loginThrottleKeys.secondFactor(account), rules, now);

async function attemptWithBackoff(key: Key, rules: LoginThrottleRules, now: Date): Promise<ThrottleDecision> {
  const nowIso = now.toISOString();
  let state: Record<string, unknown>;
  try {
    const result = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'ADD attempts :one SET #type = :type, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(locked_until) OR locked_until <= :now',
        ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':type': 'login_pair', ':ttl': Math.floor(now.getTime() / 1000) + PAIR_MEMORY_SECONDS, ':now': nowIso },
        ReturnValues: 'ALL_NEW',
      }),
    );
    state = result.Attributes ?? {};
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const [locked] = await batchGetAll([key]);
    return { allowed: false, retryAfterSeconds: typeof locked?.locked_until === 'string' ? secondsUntil(locked.locked_until, now) : 1 };
  }
  const lockSeconds = backoffSeconds(Number(state.attempts ?? 1), rules);
  if (lockSeconds === 0) return { allowed: true };
  const seen = typeof state.locked_until === 'string' ? state.locked_until : undefined;
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET locked_until = :until',
        ConditionExpression: seen ? 'locked_until = :seen' : 'attribute_not_exists(locked_until)',
        ExpressionAttributeValues: { ':until': new Date(now.getTime() + lockSeconds * 1000).toISOString(), ...(seen ? { ':seen': seen } : {}) },
      }),
    );
    return { allowed: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Another attempt of the same burst took the lock: this one waits it out.
    return { allowed: false, retryAfterSeconds: lockSeconds };
  }
}

/** After a success: the pair's failures and lock are forgotten. */
export async function clearPair(account: string, source: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: loginThrottleKeys.pair(account, source) }));
}

/** After a right second-factor code: the account's code failures and lock are forgotten. */
export async function clearSecondFactorAttempts(account: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: loginThrottleKeys.secondFactor(account) }));
}

/** Counts an attempt on the source's window (across accounts); answers the count before it. */
export const countSourceAttempt = async (source: string, window: ThrottleWindow): Promise<number> => (await addToWindow(SOURCE_SCOPE, source, window, 1, 'failures')) - 1;

/** Counts an attempt from an unknown source on the account's window; answers the count before it. */
export const countAccountAttempt = async (account: string, window: ThrottleWindow): Promise<number> => (await addToWindow(ACCOUNT_SCOPE, account, window, 1, 'failures')) - 1;

/** After a success: the attempts counted on the windows are given back. */
export async function giveBackAttempt(counted: { source: string; account?: string }, window: ThrottleWindow): Promise<void> {
  await Promise.all([
    addToWindow(SOURCE_SCOPE, counted.source, window, -1, 'failures'),
    counted.account ? addToWindow(ACCOUNT_SCOPE, counted.account, window, -1, 'failures') : undefined,
  ]);
}

/** Whether the user has signed in from this source in the last KNOWN_SOURCE_DAYS (strong read). */
export async function isKnownSource(userId: string, source: string): Promise<boolean> {
  const [item] = await batchGetAll([loginThrottleKeys.knownSource(userId, source)]);
  return item !== undefined;
}

/** Remembers a source the user signed in from (renewed by each success). */
export async function rememberSource(userId: string, source: string, now: Date): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...loginThrottleKeys.knownSource(userId, source), type: 'login_source', source, last_sign_in_at: now.toISOString(), ttl: Math.floor(now.getTime() / 1000) + KNOWN_SOURCE_DAYS * 86_400 },
    }),
  );
}
