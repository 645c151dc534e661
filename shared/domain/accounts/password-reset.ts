import { allowanceRule } from '../request-throttle.ts';
import { isId } from '../../data/ids.ts';

/**
 * Password-reset rules. The mailed token is `<userId>.<secret>` (256-bit secret, base64url): the user id
 * finds the one stored hash without a lookup index; only the SHA-256 of the whole token is stored.
 */
export type ParsedResetToken = { userId: string };

/** The account a token names, or null for anything not shaped like a reset token (one answer for all). */
export function parseResetToken(token: string): ParsedResetToken | null {
  const separator = token.indexOf('.');
  if (separator < 0) return null;
  const userId = token.slice(0, separator);
  const secret = token.slice(separator + 1);
  return isId(userId) && /^[A-Za-z0-9_-]{43}$/.test(secret) ? { userId } : null;
}

/**
 * Forgotten-password requests per 15-minute window: per address (a victim's inbox is not flooded) and per
 * source address (nobody sprays addresses). Either answers 429 whether or not the address has an account.
 * Kept by the container's request limiter like registration's (docs/abuse-limits.md): a single request
 * never reaches the shared count.
 */
export const FORGOT_WINDOW_SECONDS = 15 * 60;
export const FORGOT_PER_ADDRESS_LIMIT = 3;
export const FORGOT_PER_SOURCE_LIMIT = 20;
export const forgotRateRules = {
  /** Subject: the SHA-256 of the address asked for, never the address itself. */
  perAddress: allowanceRule('forgot-address', FORGOT_PER_ADDRESS_LIMIT, FORGOT_WINDOW_SECONDS),
  perSource: allowanceRule('forgot-source', FORGOT_PER_SOURCE_LIMIT, FORGOT_WINDOW_SECONDS),
};
