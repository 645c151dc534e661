import { sha256 } from '#shared/auth/tokens.ts';
import type { Caller } from '#shared/auth/tokens.ts';
import { auditPut } from '#shared/data/audit.ts';
import {
  changeMailAddress,
  completeEmailChange,
  markEmailVerified,
  queueVerificationMail,
  requestEmailChange,
  verificationTokenState,
} from '#shared/data/accounts/email-verification.ts';
import { countRequest } from '#shared/data/rate-limits.ts';
import { getUser } from '#shared/data/users.ts';
import { matchingPurpose, RESEND_LIMITS, resendDecision, resendWindow, userIdOfToken } from '#shared/domain/accounts/email-verification.ts';
import { isEmailVerified } from '#shared/domain/accounts/verification.ts';
import { BadRequestError, ConflictError, RateLimitedError, UnauthorizedError } from '#shared/http/errors.ts';
import type { ChangeEmailBody } from '#shared/schemas/auth.ts';
import { securityEvent } from '#shared/security/events.ts';
import { ownerFullyReauthenticated } from './reauthentication.ts';

/**
 * Email verification and change (docs/email-verification.md): the link's token proves the address;
 * `verifyEmail` serves both the JSON route and the page's form.
 */
const invalidToken = () =>
  new BadRequestError('invalid_verification_token', 'This verification link is not valid, was already used or has expired. Ask for a new one.');

/** Told only to whoever holds the link, so only to the address's owner. */
const addressTaken = () => new ConflictError('email_taken', 'Another account has already confirmed this address. Sign in to that account, or reset its password.');

export type VerifiedEmail = { email: string; email_verified: true; changed: boolean };

export async function verifyEmail(token: string, now = new Date()): Promise<VerifiedEmail> {
  const userId = userIdOfToken(token);
  if (!userId) throw invalidToken();
  const hash = sha256(token);
  const { user, tokens } = await verificationTokenState(userId);
  const purpose = user ? matchingPurpose(tokens, hash, now) : null;
  if (!user || !purpose) throw invalidToken();

  if (purpose === 'email_verification') {
    const audit = auditPut({ userId: user.id }, { actor_id: user.id, action: 'email.verified', entity_type: 'user', entity_id: user.id, changes: [{ field: 'email_verified', before: false, after: true }], at: now.toISOString() });
    const outcome = await markEmailVerified(user, hash, now, audit);
    if (outcome === 'email_taken') throw addressTaken();
    if (outcome === 'invalid_token') throw invalidToken();
    securityEvent('email.verified', { user_id: user.id });
    return { email: user.email, email_verified: true, changed: false };
  }

  const newEmail = tokens.email_change ? await changeMailAddress(tokens.email_change.mail_id) : null;
  if (!newEmail) throw invalidToken();
  const audit = auditPut({ userId: user.id }, { actor_id: user.id, action: 'email.changed', entity_type: 'user', entity_id: user.id, changes: [{ field: 'email', before: user.email, after: newEmail }], at: now.toISOString() });
  const outcome = await completeEmailChange(user, { newEmail, tokenHash: hash }, now, audit);
  if (outcome === 'email_taken') throw addressTaken();
  if (outcome === 'invalid_token') throw invalidToken();
  securityEvent('email.changed', { user_id: user.id });
  return { email: newEmail, email_verified: true, changed: true };
}

/** POST /api/auth/email/resend: another verification mail, at most once a minute and 5 times a day. */
export async function resendVerification(caller: Caller, now = new Date()): Promise<{ email: string; verification: 'queued' }> {
  const user = await getUser(caller.userId);
  if (!user) throw new UnauthorizedError('The account no longer exists.');
  if (isEmailVerified(user)) throw new ConflictError('email_already_verified', 'This email address is already verified.');
  for (const limit of RESEND_LIMITS) {
    const window = resendWindow(limit, now);
    const decision = resendDecision(limit, await countRequest(limit.scope, user.id, window), window, now);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'A verification email was sent recently; try again later.');
  }
  if (!(await queueVerificationMail(user.id, now.toISOString()))) throw new ConflictError('email_already_verified', 'This email address is already verified.');
  return { email: user.email, verification: 'queued' };
}

/**
 * PUT /api/auth/email: the new address gets a link, the old one a notice; the email changes only when
 * the link is used. Whether another account holds the new address is not told here (that would let any
 * account test addresses): the link answers it, to the address's owner. The password (under the sign-in
 * backoff) and, with a second factor on, a code are asked for again: a stolen session alone cannot move the account.
 */
export async function changeEmail(caller: Caller, body: ChangeEmailBody, sourceIp: string, now = new Date()): Promise<{ email: string; pending_email: string }> {
  const user = await ownerFullyReauthenticated(caller.userId, body.password, body, { sourceIp, now, sessionId: caller.sessionId });
  if (body.new_email.toLowerCase() === user.email.toLowerCase()) throw new ConflictError('same_email', 'This is already the email of your account.');
  const audit = auditPut({ userId: user.id }, { actor_id: user.id, action: 'email.change_requested', entity_type: 'user', entity_id: user.id, changes: [{ field: 'pending_email', before: user.pending_email ?? null, after: body.new_email }], at: now.toISOString() });
  if (!(await requestEmailChange(user, body.new_email, now, audit))) throw new ConflictError('conflict', 'The account changed meanwhile; try again.');
  securityEvent('email.change_requested', { user_id: user.id, session_id: caller.sessionId });
  return { email: user.email, pending_email: body.new_email };
}
