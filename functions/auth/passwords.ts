import { CONTEXT_WORDS_MESSAGE, hashPassword, passwordIsContextWords } from '#shared/auth/passwords.ts';
import { sha256 } from '#shared/auth/tokens.ts';
import type { Caller } from '#shared/auth/tokens.ts';
import { accountMailPut, accountTokenIsLive } from '#shared/data/accounts/account-mail.ts';
import { changePasswordHash, resetPasswordHash } from '#shared/data/accounts/passwords.ts';
import { auditPut } from '#shared/data/audit.ts';
import { newId } from '#shared/data/ids.ts';
import { deleteSession, deleteUserSessions } from '#shared/data/sessions.ts';
import { transact } from '#shared/data/transact.ts';
import { getUser } from '#shared/data/users.ts';
import { forgotRateRules, parseResetToken } from '#shared/domain/accounts/password-reset.ts';
import { BadRequestError, ForbiddenError, RateLimitedError, ValidationError } from '#shared/http/errors.ts';
import { RequestLimiter } from '#shared/http/request-limiter.ts';
import type { ChangePasswordBody, ForgotPasswordBody, RevokeAllSessionsBody } from '#shared/schemas/auth.ts';
import { securityEvent } from '#shared/security/events.ts';
import { ownerFullyReauthenticated, ownerWithPassword } from './reauthentication.ts';

/**
 * Password change and reset, and signing out everywhere (docs/accounts.md). Each password write is one
 * transaction with its audit entry; the sessions are then ended through the user's session references.
 */
const echoProblem = () => new ValidationError([{ path: 'new_password', message: CONTEXT_WORDS_MESSAGE }]);

/**
 * PUT /api/auth/password: the current password (under the sign-in backoff) and, with a second factor on,
 * a code are required; every OTHER session of the user ends.
 */
export async function changePassword(caller: Caller, body: ChangePasswordBody, sourceIp: string, now = new Date()): Promise<{ password_changed: true; other_sessions_ended: number }> {
  const user = await ownerFullyReauthenticated(caller.userId, body.current_password, body, { sourceIp, now, sessionId: caller.sessionId });
  if (passwordIsContextWords(body.new_password, user)) throw echoProblem();
  const at = now.toISOString();
  const audit = auditPut({ userId: user.id }, { actor_id: user.id, action: 'password.changed', entity_type: 'user', entity_id: user.id, changes: [], at });
  // A change that raced this one (another tab) wins: this one's current password is no longer current.
  if (!(await changePasswordHash(user.id, user.password_hash, await hashPassword(body.new_password), audit, at))) {
    throw new ForbiddenError('The current password is not right.', 'wrong_password');
  }
  securityEvent('password.changed', { user_id: user.id, session_id: caller.sessionId });
  return { password_changed: true, other_sessions_ended: await deleteUserSessions(user.id, caller.sessionId) };
}

/** POST /api/auth/sessions/revoke-all: with the password (ASVS 7.5.2), every session of the user ends, this one too. */
export async function revokeAllSessions(caller: Caller, body: RevokeAllSessionsBody, sourceIp: string, now = new Date()): Promise<{ sessions_ended: number }> {
  await ownerWithPassword(caller.userId, body.password, { sourceIp, now });
  await transact([auditPut({ userId: caller.userId }, { actor_id: caller.userId, action: 'sessions.revoked', entity_type: 'user', entity_id: caller.userId, changes: [] })]);
  const ended = await deleteUserSessions(caller.userId);
  // A session written before its user reference existed is still ended by its own id.
  await deleteSession(caller.sessionId, caller.userId);
  securityEvent('sessions.revoked', { user_id: caller.userId, session_id: caller.sessionId });
  return { sessions_ended: Math.max(ended, 1) };
}

/** This container's limiter of reset requests: the shared count only in batches, never per request. */
const forgotRequests = new RequestLimiter();

export type ForgotAnswer = { status: 'accepted'; message: string };
const FORGOT_ANSWER: ForgotAnswer = { status: 'accepted', message: 'If an account uses this address, a link to reset its password is on its way. It works once, for 30 minutes.' };

/**
 * POST /api/auth/password/forgot: never looks the account up. It queues an account mail that names the
 * address; the outbox sends it only if an account owns the address. Every answer is the same.
 */
export async function forgotPassword(body: ForgotPasswordBody, sourceIp: string, now = new Date()): Promise<ForgotAnswer> {
  // Both are taken, as both were counted: a refused address still spends the source's allowance.
  const decisions = await Promise.all([
    forgotRequests.take(forgotRateRules.perAddress, sha256(body.email), now),
    forgotRequests.take(forgotRateRules.perSource, sourceIp, now),
  ]);
  const refused = decisions.flatMap((decision) => (decision.allowed ? [] : [decision.retryAfterSeconds]));
  if (refused.length > 0) throw new RateLimitedError(Math.max(...refused), 'Too many reset requests; try again later.');
  await transact([accountMailPut({ id: newId(), kind: 'password_reset', lookup_email: body.email, created_at: now.toISOString() })]);
  return FORGOT_ANSWER;
}

/** One answer for a token that is malformed, unknown, used or expired. */
export const invalidResetToken = () =>
  new BadRequestError('invalid_reset_token', 'This reset link is not valid: it was used already, has expired, or a newer one was sent. Ask for a new one.');

/**
 * POST /api/auth/password/reset (and the reset page): uses the token up and sets the password in one
 * transaction, then ends every session of the account.
 */
export async function resetPassword(token: string, newPassword: string, now = new Date()): Promise<{ password_reset: true; sessions_ended: number }> {
  const parsed = parseResetToken(token);
  if (!parsed) throw invalidResetToken();
  const tokenHash = sha256(token);
  const [user, live] = await Promise.all([getUser(parsed.userId), accountTokenIsLive(parsed.userId, 'password_reset', tokenHash, now)]);
  // The token first: the password rules must not tell a stranger anything about the account it names.
  if (!user || !live) throw invalidResetToken();
  if (passwordIsContextWords(newPassword, user)) throw echoProblem();
  const audit = auditPut({ userId: user.id }, { actor_id: user.id, action: 'password.reset', entity_type: 'user', entity_id: user.id, changes: [], at: now.toISOString() });
  if (!(await resetPasswordHash(user.id, 'password_reset', tokenHash, await hashPassword(newPassword), audit, now))) throw invalidResetToken();
  securityEvent('password.reset', { user_id: user.id });
  return { password_reset: true, sessions_ended: await deleteUserSessions(user.id) };
}
