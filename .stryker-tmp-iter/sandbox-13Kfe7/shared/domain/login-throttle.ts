/**
 * Sign-in throttling rules. Failed sign-ins are counted in fixed windows per account (the login name,
 * lower-cased) and per source address; once either counter reaches the limit, sign-in is refused until
 * the window ends, before any password is checked.
 */
// @ts-nocheck

export type ThrottleWindow = { start: number; end: number };

export type ThrottleSubjects = { account: string; sourceIp: string };

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The fixed window (epoch seconds) that `now` falls in. */
export function windowAt(now: Date, windowSeconds: number): ThrottleWindow {
  const seconds = Math.floor(now.getTime() / 1000);
  const start = seconds - (seconds % windowSeconds);
  return { start, end: start + windowSeconds };
}

/** The account a login name counts against: one counter whatever case it was typed in. */
export const accountSubject = (login: string): string => login.trim().toLowerCase();

/** Refused while either counter has reached the limit; the caller may retry when the window ends. */
export function throttleDecision(
  failures: { account: number; sourceIp: number },
  limit: number,
  window: ThrottleWindow,
  now: Date,
): ThrottleDecision {
  if (failures.account < limit && failures.sourceIp < limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, window.end - Math.floor(now.getTime() / 1000)) };
}
