import { mfaSecretKey } from '#shared/auth/mfa-secret-key.ts';
import { attemptSecondFactor, clearSecondFactorAttempts } from '#shared/data/accounts/login-throttle.ts';
import { type EnabledSecondFactor, useRecoveryCode, useTimeStep } from '#shared/data/accounts/second-factor.ts';
import { accountSubject } from '#shared/domain/accounts/login-throttle.ts';
import { isUnusedStep, matchingTimeStep, recoveryCodeHash, secretBinding } from '#shared/domain/accounts/second-factor.ts';
import { openText } from '#shared/domain/sealing/sealed-text.ts';
import { RateLimitedError } from '#shared/http/errors.ts';
import { securityEvent } from '#shared/security/events.ts';
import { throttleRules } from './throttle-rules.ts';

/**
 * Checking a second factor (docs/mfa.md), for the sign-in's second step and for the owner's changes to
 * the factor: throttled per account with the sign-in backoff, each code used up by a conditional write.
 */
export type SecondFactorProof = { code?: string; recovery_code?: string };
export type ProofOutcome = 'totp' | 'recovery_code' | 'wrong' | 'reused';

/** A sealed TOTP secret opened; one that does not open is a key or data fault, never the caller's (a 500). */
export async function openTotpSecret(userId: string, sealed: string): Promise<string> {
  const secret = openText(sealed, secretBinding(userId), await mfaSecretKey.forOpening(sealed));
  if (secret === null) throw new Error('A TOTP secret did not open: sealed under another key, or altered');
  return secret;
}

/**
 * The proof checked and, when right, used up. A TOTP code takes its time step by a conditional write, so
 * of two requests with one code (or of a code and an older one) only the first counts: the other is
 * 'reused'. A recovery code is removed from the set by the write that checks it is there.
 */
async function useProof(userId: string, factor: EnabledSecondFactor, proof: SecondFactorProof, now: Date): Promise<ProofOutcome> {
  if (proof.code !== undefined) {
    const step = matchingTimeStep(await openTotpSecret(userId, factor.secret_sealed), proof.code, now);
    if (step === null) return 'wrong';
    return isUnusedStep(step, factor.last_step) && (await useTimeStep(userId, step)) ? 'totp' : 'reused';
  }
  return (await useRecoveryCode(userId, recoveryCodeHash(userId, proof.recovery_code ?? ''))) ? 'recovery_code' : 'wrong';
}

/**
 * One guess at the account's second factor. Counted against the account before it is checked (a lock
 * refuses it with 429 and Retry-After); a right one clears the count. A wrong or replayed one is logged as
 * `mfa.challenge_failed`, a recovery code used as `mfa.recovery_code_used`.
 */
export async function proveSecondFactor(
  userId: string,
  factor: EnabledSecondFactor,
  proof: SecondFactorProof,
  context: { now: Date; sourceIp: string; sessionId?: string },
): Promise<ProofOutcome> {
  const account = accountSubject({ userId });
  const decision = await attemptSecondFactor(account, throttleRules(), context.now);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'Too many wrong codes; try again later.');
  const outcome = await useProof(userId, factor, proof, context.now);
  const fields = { user_id: userId, source_ip: context.sourceIp, ...(context.sessionId ? { session_id: context.sessionId } : {}) };
  if (outcome === 'wrong' || outcome === 'reused') {
    securityEvent('mfa.challenge_failed', { ...fields, code: outcome === 'reused' ? 'mfa_code_used' : 'invalid_mfa_code' });
    return outcome;
  }
  await clearSecondFactorAttempts(account);
  if (outcome === 'recovery_code') securityEvent('mfa.recovery_code_used', fields);
  return outcome;
}

/** The message of a refused code: a replayed one is told apart, since the owner can simply wait for the next. */
export const refusedCodeMessage = (outcome: 'wrong' | 'reused'): { code: string; message: string } =>
  outcome === 'reused'
    ? { code: 'mfa_code_used', message: 'This code was used already; wait for the next one.' }
    : { code: 'invalid_mfa_code', message: 'The code is not right.' };
