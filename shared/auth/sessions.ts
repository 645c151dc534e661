import { config } from '../config.ts';
import { isId, newId } from '../data/ids.ts';
import { accountMailPut } from '../data/accounts/account-mail.ts';
import { deleteSession, endReusedSession, getSession, isLive, rotateRefresh, type Session } from '../data/sessions.ts';
import { deviceLabel } from '../domain/accounts/session-control.ts';
import { absoluteEnd, pastAbsoluteLifetime, type SessionLifetime, sessionExpiry } from '../domain/accounts/session-lifetime.ts';
import { issueAccessToken, randomSecret, sameSecret, sha256 } from './tokens.ts';

/**
 * Session rules. A sign-in creates a session; its refresh token is `<sessionId>.<secret>` and the
 * session stores only the secret's SHA-256. Each refresh swaps the secret (rotation); presenting a
 * secret that was already swapped out means two parties hold the token, so the session is revoked.
 */
export type TokenBundle = {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
};

export type RefreshOutcome =
  | { outcome: 'rotated'; tokens: TokenBundle }
  | { outcome: 'invalid' }
  | { outcome: 'reused'; userId: string };

const lifetime = (): SessionLifetime => ({ idleSeconds: config().REFRESH_TOKEN_TTL_SECONDS, absoluteSeconds: config().SESSION_ABSOLUTE_LIFETIME_SECONDS });

/** When a session ends for good, whatever its refreshes (its user reference is kept until then). */
export const sessionAbsoluteEnd = (session: Session): Date => absoluteEnd(session.created_at, lifetime());

/**
 * A new session for the user, to be written with sessionWrites (with its absolute end), and the refresh
 * token to hand out once.
 */
export function newSession(user: { id: string; username: string }, now = new Date(), userAgent?: string): { session: Session; refreshToken: string; absoluteEnd: Date } {
  const sessionId = newId();
  const secret = randomSecret();
  const expiresAt = sessionExpiry(now, now, lifetime());
  const session: Session = {
    session_id: sessionId,
    user_id: user.id,
    username: user.username,
    refresh_hash: sha256(secret),
    used_refresh_hashes: [],
    created_at: now.toISOString(),
    refreshed_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    ttl: Math.floor(expiresAt.getTime() / 1000),
  };
  const device = deviceLabel(userAgent);
  if (device) session.user_agent = device;
  return { session, refreshToken: `${sessionId}.${secret}`, absoluteEnd: absoluteEnd(now, lifetime()) };
}

/** The token part of the register, login and refresh answers. */
export async function tokenBundle(session: Session, refreshToken: string): Promise<TokenBundle> {
  const access = await issueAccessToken({ userId: session.user_id, sessionId: session.session_id, username: session.username });
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    refresh_token: refreshToken,
    refresh_expires_in: Math.max(0, Math.floor((Date.parse(session.expires_at) - Date.now()) / 1000)),
  };
}

function parseRefreshToken(token: string): { sessionId: string; secret: string } | null {
  const separator = token.indexOf('.');
  if (separator < 0) return null;
  const sessionId = token.slice(0, separator);
  const secret = token.slice(separator + 1);
  return isId(sessionId) && /^[A-Za-z0-9_-]{16,128}$/.test(secret) ? { sessionId, secret } : null;
}

/**
 * Exchanges a refresh token for new tokens. The current one rotates (conditionally, so of two
 * concurrent refreshes only one wins); an already-rotated one revokes the session. An unknown secret
 * does not revoke: anyone who saw an access token knows the session id, and must not end it.
 */
export async function refreshSession(refreshToken: string, now = new Date()): Promise<RefreshOutcome> {
  const parsed = parseRefreshToken(refreshToken);
  if (!parsed) return { outcome: 'invalid' };
  const session = await getSession(parsed.sessionId);
  if (!isLive(session, now)) return { outcome: 'invalid' };
  if (pastAbsoluteLifetime(session.created_at, now, lifetime())) {
    // Older than its absolute lifetime (perhaps made before a shorter one was configured): ended now.
    await deleteSession(session.session_id, session.user_id);
    return { outcome: 'invalid' };
  }

  const presented = sha256(parsed.secret);
  if (sameSecret(presented, session.refresh_hash)) {
    const secret = randomSecret();
    const expiresAt = sessionExpiry(session.created_at, now, lifetime());
    if (await rotateRefresh(session, sha256(secret), expiresAt)) {
      const rotated: Session = { ...session, expires_at: expiresAt.toISOString() };
      return { outcome: 'rotated', tokens: await tokenBundle(rotated, `${session.session_id}.${secret}`) };
    }
    // Another refresh of this same token won the race: the token was used twice.
  } else if (!session.used_refresh_hashes.some((used) => sameSecret(presented, used))) {
    return { outcome: 'invalid' };
  }
  // The owner hears of it: someone holds a token of theirs. Once, however many detections.
  await endReusedSession(session, [
    accountMailPut({
      id: newId(),
      kind: 'refresh_token_reused',
      user_id: session.user_id,
      details: { device: session.user_agent ?? 'a device that did not say what it is', signed_in_at: session.created_at },
      created_at: now.toISOString(),
    }),
  ]);
  return { outcome: 'reused', userId: session.user_id };
}
