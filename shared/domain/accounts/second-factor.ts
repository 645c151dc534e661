import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { deriveSealingKey } from '../sealing/sealed-text.ts';

/**
 * The second factor's rules (ASVS 5.0 6.3.3, docs/mfa.md): TOTP after RFC 6238 with the parameters every
 * authenticator app understands (SHA-1, 6 digits, 30 s), recovery codes, and the sign-in challenge that
 * stands between the password and the code.
 */
export const TOTP_ISSUER = 'Event Planning';
const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
/** One step either side: a phone's clock a little off, or a code typed as it changed, still works. */
const TOTP_WINDOW_STEPS = 1;
/** RFC 4226's recommended 160-bit shared secret. */
const TOTP_SECRET_BYTES = 20;

/** An enrolment not confirmed with a first code within this is void (a new one starts afresh). */
export const ENROLMENT_TTL_SECONDS = 15 * 60;
/** A sign-in's challenge: the second step must come within this, once. */
export const CHALLENGE_TTL_SECONDS = 5 * 60;
/** Wrong codes a challenge survives: at the last one it dies, and the password is needed again. */
export const CHALLENGE_MAX_FAILURES = 5;

export const RECOVERY_CODE_COUNT = 10;
/**
 * 15 random bytes: 120 bits, 24 base32 characters. ASVS 5.0 6.5.2 lets lookup secrets of at least 112
 * bits be stored as a plain SHA-2 hash; shorter ones would need a salted password hash each, and a
 * sign-in would then have to run up to ten of them.
 */
const RECOVERY_CODE_BYTES = 15;

export const newTotpSecret = (): string => new Secret({ size: TOTP_SECRET_BYTES }).base32;

const totp = (secret: string, accountName = ''): TOTP =>
  new TOTP({ issuer: TOTP_ISSUER, label: accountName, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });

/** The `otpauth://totp/...` URI an authenticator app reads from the QR code. */
export const otpauthUri = (secret: string, accountName: string): string => totp(secret, accountName).toString();

/** The time step a code is right for (within the window around `now`), or null when it is wrong. */
export function matchingTimeStep(secret: string, code: string, now: Date): number | null {
  const generator = totp(secret);
  const delta = generator.validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW_STEPS });
  return delta === null ? null : generator.counter({ timestamp: now.getTime() }) + delta;
}

/** RFC 6238 5.2: a code is accepted once; so is no code of a step at or before the last one accepted. */
export const isUnusedStep = (step: number, lastUsed: number | undefined): boolean => lastUsed === undefined || step > lastUsed;

/** Ten fresh recovery codes as shown once: 24 characters in groups of four, lower case. */
export const newRecoveryCodes = (): string[] =>
  Array.from({ length: RECOVERY_CODE_COUNT }, () => new Secret({ size: RECOVERY_CODE_BYTES }).base32.toLowerCase().match(/.{4}/g)?.join('-') ?? '');

/** A recovery code as typed, without spaces, dashes or case. */
const normalizedRecoveryCode = (code: string): string => code.replace(/[\s-]/g, '').toUpperCase();

/** What is stored of a recovery code: its SHA-256, bound to the account (the same code elsewhere hashes apart). */
export const recoveryCodeHash = (userId: string, code: string): string =>
  createHash('sha256').update(`${userId}:${normalizedRecoveryCode(code)}`).digest('base64url');

/** What a sealed TOTP secret is bound to, so a sealed value copied onto another account does not open. */
export const secretBinding = (userId: string): string => `mfa-totp:${userId}`;

/** The key that seals TOTP secrets, from one key of the sealing set: its own salt and info string. */
export const deriveMfaSecretKey = (secret: Uint8Array): Buffer => deriveSealingKey(secret, 'event-planning/mfa-totp-secret', 'totp secret v1');

/**
 * The team requirement (an event's `team_mfa_required`): a member whose account has no second factor
 * is refused on that event's routes until they enable one.
 */
export const teamRequirementRefuses = (event: { team_mfa_required?: boolean }, accountHasSecondFactor: boolean): boolean =>
  event.team_mfa_required === true && !accountHasSecondFactor;
