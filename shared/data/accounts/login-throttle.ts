import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { backoffSeconds, type LoginThrottleRules, type LoginThrottleState, secondsUntil, type ThrottleDecision, type ThrottleWindow } from '../../domain/accounts/login-throttle.ts';
import { db, tableName } from '../client.ts';
import { batchGetAll } from '../collection.ts';
import { type Key, loginThrottleKeys, rateLimitKeys } from '../keys.ts';
import { type TransactItem, transactIfConditionsHold } from '../transact.ts';

/**
 * The data of sign-in throttling (rules in shared/domain/accounts/login-throttle.ts). A password attempt
 * reads its state in one call (readLoginThrottle) and is decided before the password is checked; what the
 * check then writes is conditional on that state still allowing it, so of guesses that arrive together no
 * more get an answer from a password check than the rules allow (the others are answered 429):
 * - a failure counts itself with a compare-and-set on the pair's attempts, taking the next lock once the
 *   free failures are spent, and with conditions that the windows are still below their limits;
 * - a success writes nothing of its own: its session's transaction carries the conditions (pair not
 *   locked, windows below their limits), forgets the pair and remembers the source (loginSuccessWrites).
 */
const ACCOUNT_SCOPE = 'login-account';
const SOURCE_SCOPE = 'login-ip';
/** How long a pair's failures are remembered after its last attempt: the backoff resets after a quiet day. */
const PAIR_MEMORY_SECONDS = 24 * 3600;
/** How long a source stays known to an account after its last successful sign-in. */
const KNOWN_SOURCE_DAYS = 90;
/** Kept a little past the window so a read at its very end still sees the count (as shared/data/rate-limits.ts). */
const WINDOW_TTL_SLACK_SECONDS = 60;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

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

/** After a right second-factor code: the account's code failures and lock are forgotten. */
export async function clearSecondFactorAttempts(account: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: loginThrottleKeys.secondFactor(account) }));
}

/** One attempt's account and source, and the window its failures count in. */
export type LoginSubject = { account: string; source: string; window: ThrottleWindow; userId?: string };

const sourceWindowKey = (subject: LoginSubject): Key => rateLimitKeys.window(SOURCE_SCOPE, subject.source, subject.window.start);
const accountWindowKey = (subject: LoginSubject): Key => rateLimitKeys.window(ACCOUNT_SCOPE, subject.account, subject.window.start);
const keyId = (key: Key): string => `${key.pk}|${key.sk}`;

/**
 * The attempt's throttle state and `alsoRead` (the user, its second factor, ...) in ONE strongly consistent
 * BatchGetItem; the items come back in the order asked, null for those that do not exist.
 */
export async function readLoginThrottle(subject: LoginSubject, alsoRead: Key[] = []): Promise<{ state: LoginThrottleState; items: (Record<string, unknown> | null)[] }> {
  const pairKey = loginThrottleKeys.pair(subject.account, subject.source);
  const knownKey = subject.userId ? loginThrottleKeys.knownSource(subject.userId, subject.source) : undefined;
  const keys = [pairKey, sourceWindowKey(subject), accountWindowKey(subject), ...(knownKey ? [knownKey] : []), ...alsoRead];
  const found = new Map((await batchGetAll(keys)).map((item) => [keyId({ pk: String(item.pk), sk: String(item.sk) }), item]));
  const pair = found.get(keyId(pairKey));
  return {
    state: {
      attempts: Number(pair?.attempts ?? 0),
      lockedUntil: typeof pair?.locked_until === 'string' ? pair.locked_until : null,
      knownSource: knownKey !== undefined && found.has(keyId(knownKey)),
      sourceFailures: Number(found.get(keyId(sourceWindowKey(subject)))?.failures ?? 0),
      accountFailures: Number(found.get(keyId(accountWindowKey(subject)))?.failures ?? 0),
    },
    items: alsoRead.map((key) => found.get(keyId(key)) ?? null),
  };
}

/** A window's failures, counted only while still below the limit. */
function countFailure(key: Key, limit: number, window: ThrottleWindow): TransactItem {
  return {
    Update: {
      Key: key,
      UpdateExpression: 'ADD failures :one SET #type = :type, #ttl = :ttl',
      ConditionExpression: 'attribute_not_exists(failures) OR failures < :limit',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'rate_limit', ':ttl': window.end + WINDOW_TTL_SLACK_SECONDS, ':limit': limit },
    },
  };
}

/** The condition that a window is still below its limit, for a success that writes nothing there. */
const belowLimit = (key: Key, limit: number): TransactItem => ({
  ConditionCheck: { Key: key, ConditionExpression: 'attribute_not_exists(failures) OR failures < :limit', ExpressionAttributeValues: { ':limit': limit } },
});

/**
 * Records a failed attempt decided from `seen`: the pair's attempts from what was seen (compare-and-set),
 * with the next lock once the free failures are spent, and the windows' failures. False when another
 * attempt changed the state first: read it again and decide again.
 */
export async function recordLoginFailure(subject: LoginSubject, seen: LoginThrottleState, rules: LoginThrottleRules, now: Date): Promise<boolean> {
  const attempts = seen.attempts + 1;
  const lockSeconds = backoffSeconds(attempts, rules);
  const items: TransactItem[] = [
    {
      Update: {
        Key: loginThrottleKeys.pair(subject.account, subject.source),
        UpdateExpression: `SET attempts = :attempts, #type = :type, #ttl = :ttl${lockSeconds > 0 ? ', locked_until = :until' : ''}`,
        ConditionExpression: seen.attempts === 0 ? 'attribute_not_exists(attempts)' : 'attempts = :seen',
        ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':attempts': attempts, ':type': 'login_pair', ':ttl': Math.floor(now.getTime() / 1000) + PAIR_MEMORY_SECONDS,
          ...(lockSeconds > 0 ? { ':until': new Date(now.getTime() + lockSeconds * 1000).toISOString() } : {}),
          ...(seen.attempts === 0 ? {} : { ':seen': seen.attempts }),
        },
      },
    },
    countFailure(sourceWindowKey(subject), rules.sourceLimit, subject.window),
    ...(seen.knownSource ? [] : [countFailure(accountWindowKey(subject), rules.accountLimit, subject.window)]),
  ];
  return transactIfConditionsHold(items);
}

/**
 * What a successful attempt adds to the transaction of what it allowed (the session): the pair forgotten
 * unless a concurrent failure has locked it meanwhile, the windows still below their limits, and (a
 * sign-in) the source remembered as the owner's. A condition that fails there means refuse (429).
 */
export function loginSuccessWrites(subject: LoginSubject, seen: LoginThrottleState, rules: LoginThrottleRules, now: Date, remember: { userId: string } | null): TransactItem[] {
  return [
    {
      Delete: {
        Key: loginThrottleKeys.pair(subject.account, subject.source),
        ConditionExpression: 'attribute_not_exists(locked_until) OR locked_until <= :now',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      },
    },
    belowLimit(sourceWindowKey(subject), rules.sourceLimit),
    ...(seen.knownSource ? [] : [belowLimit(accountWindowKey(subject), rules.accountLimit)]),
    ...(remember ? [rememberSource(remember.userId, subject.source, now)] : []),
  ];
}

/** Remembers a source the user signed in from (renewed by each success), in the session's transaction. */
export const rememberSource = (userId: string, source: string, now: Date): TransactItem => ({
  Put: {
    Item: { ...loginThrottleKeys.knownSource(userId, source), type: 'login_source', source, last_sign_in_at: now.toISOString(), ttl: Math.floor(now.getTime() / 1000) + KNOWN_SOURCE_DAYS * 86_400 },
  },
});
