import { hashPassword, needsRehash } from '#shared/auth/passwords.ts';
import { newSession, refreshSession, tokenBundle, type TokenBundle } from '#shared/auth/sessions.ts';
import type { Caller } from '#shared/auth/tokens.ts';
import { auditPut } from '#shared/data/audit.ts';
import { rememberSource } from '#shared/data/accounts/login-throttle.ts';
import { putSession, sessionDeletes } from '#shared/data/sessions.ts';
import { transact } from '#shared/data/transact.ts';
import { findUserByEmail, findUserByUsername, replacePasswordHash, type UserRecord } from '#shared/data/users.ts';
import { UnauthorizedError } from '#shared/http/errors.ts';
import type { LoginBody } from '#shared/schemas/auth.ts';
import { loginHash, securityEvent } from '#shared/security/events.ts';
import { attemptPassword } from './password-attempt.ts';
import { trimSessions } from './session-control.ts';
import { type PublicUser, publicUser } from './user-view.ts';

/** One message for a wrong password and an unknown name, so the answer does not tell which it was. */
const invalidCredentials = () => new UnauthorizedError('The username, email or password is wrong.', 'invalid_credentials');

/** Usernames cannot contain `@`, so a login name with one is an email. */
const findUser = (login: string): Promise<UserRecord | null> =>
  login.includes('@') ? findUserByEmail(login) : findUserByUsername(login);

/** Sign-in: the password checked under the sign-in throttle (password-attempt.ts). */
export async function signIn(
  credentials: LoginBody,
  sourceIp: string,
  now = new Date(),
  userAgent?: string,
): Promise<{ user: PublicUser } & TokenBundle> {
  const user = await findUser(credentials.login);
  const attempt = await attemptPassword({ user, login: credentials.login, password: credentials.password, sourceIp, now });
  if (!user || !attempt.matches) {
    securityEvent('login.failed', { ...(user ? { user_id: user.id } : { login_hash: loginHash(credentials.login) }), source_ip: sourceIp });
    throw invalidCredentials();
  }

  const { session, refreshToken, absoluteEnd } = newSession(user, now, userAgent);
  // Only while the password is still the one verified: a reset or change meanwhile ends every session.
  if (!(await putSession(session, absoluteEnd, user.password_hash))) throw invalidCredentials();
  await Promise.all([
    attempt.succeeded(),
    rememberSource(user.id, sourceIp, now),
    trimSessions(user.id, session.session_id),
    needsRehash(user.password_hash) ? upgradePasswordHash(user, credentials.password) : undefined,
  ]);
  securityEvent('login.succeeded', { user_id: user.id, session_id: session.session_id, source_ip: sourceIp });
  return { user: publicUser(user), ...(await tokenBundle(session, refreshToken)) };
}

/** A hash made at a lower cost than configured is replaced while the password is at hand. */
async function upgradePasswordHash(user: UserRecord, password: string): Promise<void> {
  // A concurrent password change wins: its hash is newer than ours.
  await replacePasswordHash(user.id, user.password_hash, await hashPassword(password));
}

/** New tokens for a current refresh token; a reused one has already revoked its session. */
export async function refreshTokens(refreshToken: string): Promise<TokenBundle> {
  const result = await refreshSession(refreshToken);
  const sessionId = refreshToken.split('.')[0];
  if (result.outcome === 'rotated') {
    securityEvent('token.refreshed', { session_id: sessionId });
    return result.tokens;
  }
  if (result.outcome === 'reused') {
    securityEvent('refresh_token.reused', { user_id: result.userId, session_id: sessionId });
    throw new UnauthorizedError('This refresh token was already used; the session has been ended.', 'refresh_token_reused');
  }
  throw new UnauthorizedError('The refresh token is not valid or its session has ended.', 'invalid_refresh_token');
}

/** Logout: the session is deleted with its audit entry, so its access and refresh tokens stop working. */
export async function signOut(caller: Caller): Promise<void> {
  securityEvent('logout', { user_id: caller.userId, session_id: caller.sessionId });
  await transact([
    ...sessionDeletes(caller.sessionId, caller.userId),
    auditPut({ userId: caller.userId }, {
      actor_id: caller.userId,
      action: 'logout',
      entity_type: 'session',
      entity_id: caller.sessionId,
      changes: [],
    }),
  ]);
}
