// @ts-nocheck
import { config } from '#shared/config.ts';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '#shared/auth/passwords.ts';
import { newSession, refreshSession, tokenBundle, type TokenBundle } from '#shared/auth/sessions.ts';
import type { Caller } from '#shared/auth/tokens.ts';
import { auditPut } from '#shared/data/audit.ts';
import { countLoginAttempt, forgiveLoginAttempt } from '#shared/data/rate-limits.ts';
import { putSession, sessionDelete } from '#shared/data/sessions.ts';
import { transact } from '#shared/data/transact.ts';
import { findUserByEmail, findUserByUsername, replacePasswordHash, type UserRecord } from '#shared/data/users.ts';
import { accountSubject, throttleDecision, windowAt } from '#shared/domain/login-throttle.ts';
import { RateLimitedError, UnauthorizedError } from '#shared/http/errors.ts';
import type { LoginBody } from '#shared/schemas/auth.ts';
import { type PublicUser, publicUser } from './user-view.ts';

/** One message for a wrong password and an unknown name, so the answer does not tell which it was. */
const invalidCredentials = () => new UnauthorizedError('The username, email or password is wrong.', 'invalid_credentials');

/** Usernames cannot contain `@`, so a login name with one is an email. */
const findUser = (login: string): Promise<UserRecord | null> =>
  login.includes('@') ? findUserByEmail(login) : findUserByUsername(login);

/**
 * Sign-in. Throttling is decided before any password is checked; an unknown name is verified against a
 * dummy hash of the configured cost, so it takes as long and answers the same as a wrong password.
 */
export async function signIn(
  credentials: LoginBody,
  sourceIp: string,
  now = new Date(),
): Promise<{ user: PublicUser } & TokenBundle> {
  const { LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_WINDOW_SECONDS } = config();
  const window = windowAt(now, LOGIN_FAILURE_WINDOW_SECONDS);
  const subjects = { account: accountSubject(credentials.login), sourceIp };
  // Counted before the password check, so concurrent guesses cannot all slip in under the limit.
  const [failures, user] = await Promise.all([countLoginAttempt(subjects, window), findUser(credentials.login)]);
  const decision = throttleDecision(failures, LOGIN_FAILURE_LIMIT, window, now);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'Too many failed sign-ins; try again later.');

  const matches = await verifyPassword(credentials.password, user?.password_hash ?? dummyPasswordHash());
  if (!user || !matches) throw invalidCredentials();

  const { session, refreshToken } = newSession(user, now);
  await Promise.all([
    putSession(session),
    forgiveLoginAttempt(subjects, window),
    needsRehash(user.password_hash) ? upgradePasswordHash(user, credentials.password) : undefined,
  ]);
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
  if (result.outcome === 'rotated') return result.tokens;
  if (result.outcome === 'reused') {
    throw new UnauthorizedError('This refresh token was already used; the session has been ended.', 'refresh_token_reused');
  }
  throw new UnauthorizedError('The refresh token is not valid or its session has ended.', 'invalid_refresh_token');
}

/** Logout: the session is deleted with its audit entry, so its access and refresh tokens stop working. */
export async function signOut(caller: Caller): Promise<void> {
  await transact([
    sessionDelete(caller.sessionId),
    auditPut({ userId: caller.userId }, {
      actor_id: caller.userId,
      action: 'logout',
      entity_type: 'session',
      entity_id: caller.sessionId,
      changes: [],
    }),
  ]);
}
