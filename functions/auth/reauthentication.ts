import { type EnabledSecondFactor, getSecondFactor, isEnabled } from '#shared/data/accounts/second-factor.ts';
import { getUser, type UserRecord } from '#shared/data/users.ts';
import { ForbiddenError, UnauthorizedError } from '#shared/http/errors.ts';
import { attemptPassword } from './password-attempt.ts';
import { proveSecondFactor, refusedCodeMessage, type SecondFactorProof } from './second-factor-proof.ts';

/**
 * The owner of a session proving again who they are before a change a stolen session must not make
 * (docs/accounts.md, docs/mfa.md): the password under the sign-in backoff, so it cannot be guessed faster
 * than at sign-in, and a wrong one counts as a failed sign-in.
 */
export type Reauthentication = { sourceIp: string; now: Date };

export async function ownerWithPassword(userId: string, password: string, context: Reauthentication): Promise<UserRecord> {
  const user = await getUser(userId);
  if (!user) throw new UnauthorizedError('The account no longer exists.');
  const attempt = await attemptPassword({ user, password, sourceIp: context.sourceIp, now: context.now });
  if (!attempt.matches) throw new ForbiddenError('The current password is not right.', 'wrong_password');
  await attempt.succeeded();
  return user;
}

/**
 * The password and, for an account with a second factor, a code from the app or a recovery code too
 * (7.5.1: the full sign-in again before the email or password changes). Without a factor the password is enough.
 */
export async function ownerFullyReauthenticated(userId: string, password: string, proof: SecondFactorProof, context: Reauthentication & { sessionId: string }): Promise<UserRecord> {
  const user = await ownerWithPassword(userId, password, context);
  const factor = await getSecondFactor(userId);
  if (!isEnabled(factor)) return user;
  if (proof.code === undefined && proof.recovery_code === undefined) {
    throw new ForbiddenError('This account has a second factor: give `code` from the authenticator app or a `recovery_code` too.', 'mfa_code_required');
  }
  await secondFactorProved(userId, factor, proof, context);
  return user;
}

/** The second factor checked (proveSecondFactor: throttled, each code used once): 403 when it is not right. */
export async function secondFactorProved(userId: string, factor: EnabledSecondFactor, proof: SecondFactorProof, context: Reauthentication & { sessionId: string }): Promise<void> {
  const outcome = await proveSecondFactor(userId, factor, proof, context);
  if (outcome === 'wrong' || outcome === 'reused') {
    const refusal = refusedCodeMessage(outcome);
    throw new ForbiddenError(refusal.message, refusal.code);
  }
}
