/**
 * Sign-in throttling rules (docs/accounts.md). Three limits, decided before any password is checked:
 *
 * - per account AND source address: the first `freeFailures` (5) failures are free, then each attempt
 *   takes a lock of `backoffBaseSeconds` (30 s) doubling with every further failure up to
 *   `backoffMaxSeconds` (15 min); a success clears it. A stranger's guesses lock only the stranger.
 * - per account, for sources the account never signed in from: `accountLimit` (50) failures per window;
 *   the owner's own devices (known sources) are never held by it.
 * - per source, across accounts: `sourceLimit` (100) failures per window.
 *
 * The account is the user (username and email forms count together); a name without an account counts
 * under the name itself, so the answers do not tell the two apart.
 */
export type ThrottleWindow = { start: number; end: number };

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type LoginThrottleRules = {
  freeFailures: number;
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  accountLimit: number;
  sourceLimit: number;
  windowSeconds: number;
};

/** The fixed window (epoch seconds) that `now` falls in. */
export function windowAt(now: Date, windowSeconds: number): ThrottleWindow {
  const seconds = Math.floor(now.getTime() / 1000);
  const start = seconds - (seconds % windowSeconds);
  return { start, end: start + windowSeconds };
}

/** The account a sign-in counts against: the user when the name is one, else the name in any case. */
export const accountSubject = (account: { userId: string } | { login: string }): string =>
  'userId' in account ? `user:${account.userId}` : `name:${account.login.trim().toLowerCase()}`;

/** The lock an attempt takes once its pair has `attempts` attempts (this one included) since its last success. */
export function backoffSeconds(attempts: number, rules: Pick<LoginThrottleRules, 'freeFailures' | 'backoffBaseSeconds' | 'backoffMaxSeconds'>): number {
  if (attempts < rules.freeFailures) return 0;
  const doublings = Math.min(attempts - rules.freeFailures, 20);
  return Math.min(rules.backoffMaxSeconds, rules.backoffBaseSeconds * 2 ** doublings);
}

/** Refused while a window counter had reached its limit before this attempt; retry when the window ends. */
export function windowDecision(countBefore: number, limit: number, window: ThrottleWindow, now: Date): ThrottleDecision {
  if (countBefore < limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, window.end - Math.floor(now.getTime() / 1000)) };
}

/** Seconds until an ISO instant, at least 1 (a Retry-After). */
export const secondsUntil = (iso: string, now: Date): number => Math.max(1, Math.ceil((Date.parse(iso) - now.getTime()) / 1000));

/** The first refusal among the decisions, waiting for the longest of them. */
export function combine(decisions: ThrottleDecision[]): ThrottleDecision {
  const refusals = decisions.flatMap((decision) => (decision.allowed ? [] : [decision.retryAfterSeconds]));
  return refusals.length === 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(...refusals) };
}

/**
 * What sign-in throttling knows of one attempt's account and source, read in one call before the password
 * is checked: the pair's failures and lock, whether the source is one the account signed in from, and the
 * two windows' failures.
 */
export type LoginThrottleState = {
  attempts: number;
  lockedUntil: string | null;
  knownSource: boolean;
  sourceFailures: number;
  accountFailures: number;
};

/**
 * Whether an attempt in this state may be checked: refused while the pair is locked, or while a window has
 * reached its limit (the account-wide one for unknown sources only).
 */
export function loginThrottleDecision(state: LoginThrottleState, rules: LoginThrottleRules, window: ThrottleWindow, now: Date): ThrottleDecision {
  if (state.lockedUntil && state.lockedUntil > now.toISOString()) return { allowed: false, retryAfterSeconds: secondsUntil(state.lockedUntil, now) };
  return combine([
    windowDecision(state.sourceFailures, rules.sourceLimit, window, now),
    state.knownSource ? { allowed: true } : windowDecision(state.accountFailures, rules.accountLimit, window, now),
  ]);
}
