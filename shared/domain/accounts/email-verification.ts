import { type ThrottleDecision, type ThrottleWindow, windowAt } from './login-throttle.ts';

/**
 * Rules of email verification. A link's token is `<userId>.<secret>` (made by the outbox sender, 256
 * bits of secret, only its SHA-256 stored); the user id in it only says where to look, the hash decides.
 */
const TOKEN_PATTERN = /^([0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z0-9_-]{43})$/;

/** The user a token names, or null for anything that cannot be a token (answered like a used one). */
export function userIdOfToken(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

type StoredToken = { token_hash: string; expires_at: string };

/** Which of the user's tokens this is (by its hash), if it is live: a change link or a verification link. */
export function matchingPurpose(
  tokens: Partial<Record<'email_verification' | 'email_change', StoredToken>>,
  hash: string,
  now: Date,
): 'email_verification' | 'email_change' | null {
  const live = (token: StoredToken | undefined) => token !== undefined && token.token_hash === hash && token.expires_at > now.toISOString();
  if (live(tokens.email_change)) return 'email_change';
  if (live(tokens.email_verification)) return 'email_verification';
  return null;
}

/**
 * Resending the verification mail: at most once a minute and five times a day per account. The minute
 * is counted first, so clicks refused by it do not use up the day.
 */
export const RESEND_LIMITS = [
  { scope: 'verify-resend-minute', requests: 1, windowSeconds: 60 },
  { scope: 'verify-resend-day', requests: 5, windowSeconds: 24 * 60 * 60 },
] as const;

export const resendWindow = (limit: (typeof RESEND_LIMITS)[number], now: Date): ThrottleWindow => windowAt(now, limit.windowSeconds);

export function resendDecision(limit: (typeof RESEND_LIMITS)[number], requestsSoFar: number, window: ThrottleWindow, now: Date): ThrottleDecision {
  if (requestsSoFar <= limit.requests) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, window.end - Math.floor(now.getTime() / 1000)) };
}
