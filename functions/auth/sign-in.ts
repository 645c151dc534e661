import { hashPassword, needsRehash } from '#shared/auth/passwords.ts';
import { newSession, refreshSession, tokenBundle, type TokenBundle } from '#shared/auth/sessions.ts';
import { type Caller, randomSecret, sha256 } from '#shared/auth/tokens.ts';
import { auditPut } from '#shared/data/audit.ts';
import { challengeUse, countChallengeFailure, deleteChallenge, getChallenge, putChallenge } from '#shared/data/accounts/mfa-challenges.ts';
import { rememberSource } from '#shared/data/accounts/login-throttle.ts';
import { getSecondFactor, isEnabled } from '#shared/data/accounts/second-factor.ts';
import { putSession, rosterPut, rosterSessions, sessionDeletes, userSessionReferences } from '#shared/data/sessions.ts';
import { type TransactItem, transact } from '#shared/data/transact.ts';
import { secondFactorKeys, sessionKeys, userKeys } from '#shared/data/keys.ts';
import { getUser, replacePasswordHash, type UserRecord, userIdByLogin } from '#shared/data/users.ts';
import { CHALLENGE_MAX_FAILURES, CHALLENGE_TTL_SECONDS } from '#shared/domain/accounts/second-factor.ts';
import { rosterAfterSignIn, rosterNeedsRecount, type SessionReference } from '#shared/domain/accounts/session-control.ts';
import { config } from '#shared/config.ts';
import { UnauthorizedError } from '#shared/http/errors.ts';
import type { LoginBody, MfaLoginBody } from '#shared/schemas/auth.ts';
import { loginHash, securityEvent } from '#shared/security/events.ts';
import { checkPassword, loginSubject, readForAttempt } from './password-attempt.ts';
import { proveSecondFactor, refusedCodeMessage } from './second-factor-proof.ts';
import { type PublicUser, publicUser } from './user-view.ts';

/** One message for a wrong password and an unknown name, so the answer does not tell which it was. */
const invalidCredentials = () => new UnauthorizedError('The username, email or password is wrong.', 'invalid_credentials');

export type SignedIn = { user: PublicUser } & TokenBundle;

/** The password step's answer for an account with a second factor: no tokens, only the challenge. */
export type SecondFactorRequired = { mfa_required: true; challenge: string; challenge_expires_in: number; methods: ['totp', 'recovery_code'] };

/**
 * Sign-in: the password checked under the sign-in throttle (password-attempt.ts). An account with a
 * second factor gets a challenge for signInWithSecondFactor instead of a session (docs/mfa.md). Three calls
 * when it succeeds: the login's claim (GetItem), the user with its second factor and throttle state
 * (BatchGetItem), and the session's transaction, which carries the throttle's conditions and writes.
 */
export async function signIn(
  credentials: LoginBody,
  sourceIp: string,
  now = new Date(),
  userAgent?: string,
): Promise<SignedIn | SecondFactorRequired> {
  const userId = await userIdByLogin(credentials.login);
  const subject = loginSubject(userId ? { userId } : { login: credentials.login }, sourceIp, now);
  const { state, items } = await readForAttempt(subject, now, userId ? [userKeys.item(userId), secondFactorKeys.factor(userId), sessionKeys.roster(userId)] : []);
  const [user, factor, roster] = items as [UserRecord | null | undefined, Record<string, unknown> | null | undefined, Record<string, unknown> | null | undefined];
  const hasFactor = typeof factor?.enabled_at === 'string';
  // An account with a second factor remembers the address only once the code is right too.
  const attempt = await checkPassword({ subject, state, passwordHash: user?.password_hash, password: credentials.password, now, rememberSource: !hasFactor });
  if (!user || !attempt.matches) {
    securityEvent('login.failed', { ...(user ? { user_id: user.id } : { login_hash: loginHash(credentials.login) }), source_ip: sourceIp });
    throw invalidCredentials();
  }

  // The password was right: its failures are forgotten, whatever the second step does.
  if (hasFactor) {
    const [passwordHash] = await Promise.all([needsRehash(user.password_hash) ? upgradePasswordHash(user, credentials.password) : user.password_hash, attempt.succeeded()]);
    securityEvent('login.mfa_required', { user_id: user.id, source_ip: sourceIp });
    return secondFactorChallenge(user.id, passwordHash, now);
  }
  const signedIn = await startSession(user, { sourceIp, userAgent, now, alsoWrite: attempt.successWrites, roster: rosterSessions(roster) });
  if (!signedIn) {
    // The transaction's conditions: the password changed meanwhile, or a concurrent failure locked the pair.
    await readForAttempt(subject, now);
    throw invalidCredentials();
  }
  if (needsRehash(user.password_hash)) await upgradePasswordHash(user, credentials.password);
  return signedIn;
}

/**
 * A session for a user whose credentials were all checked, exactly as every sign-in makes it: written
 * only while the password is still the one verified (a reset or change meanwhile ends every session),
 * with `alsoWrite` (the throttle's conditions and writes, a used challenge) in the same transaction, and
 * with it the sessions past the cap end and the roster that keeps count of them is written. `roster`: the
 * one read with the user; when there is none, or it is full, the user's sessions are recounted (a Query).
 * Null when a condition failed and nothing was written.
 */
async function startSession(user: UserRecord, context: { sourceIp: string; userAgent: string | undefined; now: Date; alsoWrite: TransactItem[]; roster: SessionReference[] | null }): Promise<SignedIn | null> {
  const { session, refreshToken, absoluteEnd } = newSession(user, context.now, context.userAgent);
  const cap = config().MAX_SESSIONS_PER_ACCOUNT;
  const known = rosterNeedsRecount(context.roster, cap) ? await userSessionReferences(user.id) : (context.roster ?? []);
  const { kept, ended } = rosterAfterSignIn(known, { session_id: session.session_id, created_at: session.created_at }, cap);
  const capWrites = [rosterPut(user.id, kept), ...ended.flatMap((sessionId) => sessionDeletes(sessionId, user.id))];
  if (!(await putSession(session, absoluteEnd, user.password_hash, [...context.alsoWrite, ...capWrites]))) return null;
  securityEvent('login.succeeded', { user_id: user.id, session_id: session.session_id, source_ip: context.sourceIp });
  return { user: publicUser(user), ...(await tokenBundle(session, refreshToken)) };
}

/** A fingerprint of the password hash a challenge was given for: a password changed since voids it. */
const passwordFingerprint = (passwordHash: string): string => sha256(`mfa-challenge:${passwordHash}`);

/** A new challenge for the second step: opaque and random, stored only as its SHA-256, for 5 minutes. */
async function secondFactorChallenge(userId: string, passwordHash: string, now: Date): Promise<SecondFactorRequired> {
  const challenge = randomSecret();
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000);
  await putChallenge(sha256(challenge), { user_id: userId, password_fingerprint: passwordFingerprint(passwordHash), expires_at: expiresAt.toISOString() });
  return { mfa_required: true, challenge, challenge_expires_in: CHALLENGE_TTL_SECONDS, methods: ['totp', 'recovery_code'] };
}

/** One answer for a challenge that is unknown, expired, used, dead of wrong codes, or no longer fits the account. */
const invalidChallenge = () => new UnauthorizedError('This sign-in has expired or was used; sign in with your password again.', 'invalid_mfa_challenge');

/**
 * The second step (POST /api/auth/login/mfa): the challenge and a code from the app or a recovery code.
 * The code is throttled per account like a password (second-factor-proof.ts); a wrong one also counts
 * against the challenge, which dies at CHALLENGE_MAX_FAILURES. A right one makes the session as the
 * password step does for an account without a second factor, using the challenge up in its transaction.
 */
export async function signInWithSecondFactor(body: MfaLoginBody, sourceIp: string, now = new Date(), userAgent?: string): Promise<SignedIn> {
  const challengeHash = sha256(body.challenge);
  const challenge = await getChallenge(challengeHash);
  if (!challenge || challenge.expires_at <= now.toISOString() || challenge.failures >= CHALLENGE_MAX_FAILURES) throw invalidChallenge();
  const [user, factor] = await Promise.all([getUser(challenge.user_id), getSecondFactor(challenge.user_id)]);
  if (!user || !isEnabled(factor) || passwordFingerprint(user.password_hash) !== challenge.password_fingerprint) {
    await deleteChallenge(challengeHash);
    throw invalidChallenge();
  }
  const outcome = await proveSecondFactor(user.id, factor, body, { now, sourceIp });
  if (outcome === 'wrong' || outcome === 'reused') {
    if ((await countChallengeFailure(challengeHash)) >= CHALLENGE_MAX_FAILURES) await deleteChallenge(challengeHash);
    const refusal = refusedCodeMessage(outcome);
    throw new UnauthorizedError(refusal.message, refusal.code);
  }
  const signedIn = await startSession(user, { sourceIp, userAgent, now, alsoWrite: [challengeUse(challengeHash, now, CHALLENGE_MAX_FAILURES), rememberSource(user.id, sourceIp, now)], roster: null });
  if (!signedIn) throw invalidChallenge();
  return signedIn;
}

/** A hash made at a lower cost than configured is replaced while the password is at hand; answers the hash now stored. */
async function upgradePasswordHash(user: UserRecord, password: string): Promise<string> {
  const upgraded = await hashPassword(password);
  // A concurrent password change wins: its hash is newer than ours.
  return (await replacePasswordHash(user.id, user.password_hash, upgraded)) ? upgraded : user.password_hash;
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
