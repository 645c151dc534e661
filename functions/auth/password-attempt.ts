import { config } from '#shared/config.ts';
import { dummyPasswordHash, verifyPassword } from '#shared/auth/passwords.ts';
import { attemptFromPair, clearPair, countAccountAttempt, countSourceAttempt, giveBackAttempt, isKnownSource } from '#shared/data/accounts/login-throttle.ts';
import type { UserRecord } from '#shared/data/users.ts';
import { accountSubject, combine, type LoginThrottleRules, windowAt, windowDecision } from '#shared/domain/accounts/login-throttle.ts';
import { RateLimitedError } from '#shared/http/errors.ts';

const throttleRules = (): LoginThrottleRules => {
  const settings = config();
  return {
    freeFailures: settings.LOGIN_FAILURE_LIMIT,
    backoffBaseSeconds: settings.LOGIN_BACKOFF_BASE_SECONDS,
    backoffMaxSeconds: settings.LOGIN_BACKOFF_MAX_SECONDS,
    accountLimit: settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
    sourceLimit: settings.LOGIN_SOURCE_FAILURE_LIMIT,
    windowSeconds: settings.LOGIN_FAILURE_WINDOW_SECONDS,
  };
};

/** A checked password; `succeeded` gives the attempt back once what it allowed has been done. */
export type PasswordAttempt = { matches: boolean; succeeded: () => Promise<void> };

/**
 * One password check under the sign-in throttle (shared/domain/accounts/login-throttle.ts, docs/accounts.md):
 * sign-in, and routes that ask a signed-in owner for the password again before something irreversible
 * (account deletion), so a stolen session cannot guess it faster than the sign-in page. Decided before the
 * password is checked, every attempt counted first (429 when refused); an unknown name is verified against
 * a dummy hash of the configured cost, so it takes as long and answers the same as a wrong password.
 */
export async function attemptPassword(input: { user: UserRecord | null; login: string; password: string; sourceIp: string; now: Date }): Promise<PasswordAttempt> {
  const { user, sourceIp, now } = input;
  const rules = throttleRules();
  const window = windowAt(now, rules.windowSeconds);
  // Username and email forms of one account count together; a name without an account counts by itself.
  const account = accountSubject(user ? { userId: user.id } : { login: input.login });
  // An address locked for this account is refused first, and its refusals count nowhere else: a locked
  // attacker cannot spend the account-wide budget that holds other strangers.
  const pair = await attemptFromPair(account, sourceIp, rules, now);
  if (!pair.allowed) throw new RateLimitedError(pair.retryAfterSeconds, 'Too many failed sign-ins; try again later.');
  const [sourceBefore, known] = await Promise.all([countSourceAttempt(sourceIp, window), user ? isKnownSource(user.id, sourceIp) : false]);
  // The account-wide limit holds strangers only: the owner's own devices are never locked out by it.
  const accountBefore = known ? 0 : await countAccountAttempt(account, window);
  const decision = combine([windowDecision(sourceBefore, rules.sourceLimit, window, now), windowDecision(accountBefore, rules.accountLimit, window, now)]);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'Too many failed sign-ins; try again later.');

  const verified = await verifyPassword(input.password, user?.password_hash ?? dummyPasswordHash());
  return {
    matches: user !== null && verified,
    succeeded: async () => {
      await Promise.all([clearPair(account, sourceIp), giveBackAttempt({ source: sourceIp, ...(known ? {} : { account }) }, window)]);
    },
  };
}
