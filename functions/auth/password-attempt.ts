import { dummyPasswordHash, verifyPassword } from '#shared/auth/passwords.ts';
import { type LoginSubject, loginSuccessWrites, readLoginThrottle, recordLoginFailure } from '#shared/data/accounts/login-throttle.ts';
import type { Key } from '#shared/data/keys.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '#shared/data/transact.ts';
import type { UserRecord } from '#shared/data/users.ts';
import { accountSubject, type LoginThrottleState, loginThrottleDecision, windowAt } from '#shared/domain/accounts/login-throttle.ts';
import { RateLimitedError } from '#shared/http/errors.ts';
import { throttleRules } from './throttle-rules.ts';

/**
 * A checked password. A success's `successWrites` go into the transaction of what it allowed (a sign-in's
 * session); `succeeded` writes them alone, for the routes that allow nothing to write with them.
 */
export type PasswordAttempt = { matches: boolean; successWrites: TransactItem[]; succeeded: () => Promise<void> };

const refused = (retryAfterSeconds: number) => new RateLimitedError(retryAfterSeconds, 'Too many failed sign-ins; try again later.');

/** Failures recorded against a changing state are retried this often before the attempt is refused. */
const MAX_FAILURE_RECORDS = 10;

/** The account and source an attempt counts against (username and email forms of one account together). */
export function loginSubject(account: { userId: string } | { login: string }, sourceIp: string, now: Date): LoginSubject {
  return { account: accountSubject(account), source: sourceIp, window: windowAt(now, throttleRules().windowSeconds), ...('userId' in account ? { userId: account.userId } : {}) };
}

/**
 * Reads the attempt's throttle state with `alsoRead` in one call, and refuses (429) an attempt its state
 * does not allow, before any password is checked.
 */
export async function readForAttempt(subject: LoginSubject, now: Date, alsoRead: Key[] = []): Promise<{ state: LoginThrottleState; items: (Record<string, unknown> | null)[] }> {
  const read = await readLoginThrottle(subject, alsoRead);
  const decision = loginThrottleDecision(read.state, throttleRules(), subject.window, now);
  if (!decision.allowed) throw refused(decision.retryAfterSeconds);
  return read;
}

/**
 * One password check under the sign-in throttle (shared/domain/accounts/login-throttle.ts, docs/accounts.md),
 * from a state readForAttempt allowed. A wrong password is counted before it is answered; when another
 * attempt changed the state first, the state is read again and the answer is the one the new state gives
 * (429 once locked), so guesses that arrive together learn no more than the rules allow. An unknown name is
 * verified against a dummy hash of the configured cost, so it takes as long and answers the same.
 */
export async function checkPassword(input: { subject: LoginSubject; state: LoginThrottleState; passwordHash: string | undefined; password: string; now: Date; rememberSource: boolean }): Promise<PasswordAttempt> {
  const { subject, now } = input;
  const rules = throttleRules();
  const verified = await verifyPassword(input.password, input.passwordHash ?? dummyPasswordHash());
  if (verified && input.passwordHash !== undefined) {
    const successWrites = loginSuccessWrites(subject, input.state, rules, now, input.rememberSource && subject.userId ? { userId: subject.userId } : null);
    return { matches: true, successWrites, succeeded: () => writeSuccess(successWrites) };
  }
  let state = input.state;
  for (let record = 0; !(await recordLoginFailure(subject, state, rules, now)); record += 1) {
    if (record >= MAX_FAILURE_RECORDS) throw refused(1);
    state = (await readForAttempt(subject, now)).state;
  }
  return { matches: false, successWrites: [], succeeded: async () => undefined };
}

/** A success's throttle writes alone; a condition that no longer holds (locked meanwhile) is a 429. */
async function writeSuccess(items: TransactItem[]): Promise<void> {
  try {
    await transact(items);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) throw refused(1);
    throw error;
  }
}

/**
 * A password check for routes that ask a signed-in owner for the password again before something
 * irreversible (account deletion, ending another session), so a stolen session cannot guess it faster
 * than the sign-in page: the state read, then checkPassword.
 */
export async function attemptPassword(input: { user: UserRecord; password: string; sourceIp: string; now: Date }): Promise<PasswordAttempt> {
  const subject = loginSubject({ userId: input.user.id }, input.sourceIp, input.now);
  const { state } = await readForAttempt(subject, input.now);
  return checkPassword({ subject, state, passwordHash: input.user.password_hash, password: input.password, now: input.now, rememberSource: false });
}
