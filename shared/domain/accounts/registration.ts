import { allowanceRule, type RequestThrottleRule } from '../request-throttle.ts';

/**
 * Registration rules: how often one address may register, and how long an account may hold its
 * username and email without proving it owns the email (squatting expiry).
 */

/**
 * Sign-ups an hour from one address (`REGISTRATIONS_PER_SOURCE_PER_HOUR`, default 10): a household or an
 * office signs up; a script filling names does not. Kept by the container's request limiter
 * (shared/http/request-limiter.ts): the hour's allowance at once, then one every 6 minutes, the shared count
 * only every 5 registrations of an address in a container (docs/abuse-limits.md).
 */
export const registrationRateRule = (perHour: number): RequestThrottleRule => allowanceRule('register-ip', perHour, 60 * 60);

/** Days an account may stay unverified before it is deleted with its username and email claims. */
export const UNVERIFIED_ACCOUNT_LIFETIME_DAYS = 7;

/** When an account created at `createdAt` expires if its email is still unverified. */
export const unverifiedAccountExpiresAt = (createdAt: string): string =>
  new Date(Date.parse(createdAt) + UNVERIFIED_ACCOUNT_LIFETIME_DAYS * 24 * 3600 * 1000).toISOString();

/**
 * A repeat of a registration whose first answer was lost (a 503 after the write landed, a dropped
 * connection): same username, email and Idempotency-Key, within the key's 24 hours. The password is
 * checked by the caller too, so a key alone never signs anyone in.
 */
export const REGISTRATION_REPEAT_WINDOW_MS = 24 * 3600 * 1000;

export function isRepeatedRegistration(
  stored: { username: string; email: string; registration_key_hash?: string; created_at: string },
  repeat: { username: string; email: string; keyHash: string | null },
  now: Date,
): boolean {
  return (
    repeat.keyHash !== null &&
    stored.registration_key_hash === repeat.keyHash &&
    stored.username.toLowerCase() === repeat.username.toLowerCase() &&
    stored.email.toLowerCase() === repeat.email.toLowerCase() &&
    now.getTime() - Date.parse(stored.created_at) <= REGISTRATION_REPEAT_WINDOW_MS
  );
}
