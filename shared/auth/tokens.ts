import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { config } from '../config.ts';
import { TOKEN_ALGORITHM } from './key-set.ts';
import { currentSigningKey } from './signing-keys.ts';
import { verificationKeyFor } from './verification-keys.ts';

/**
 * Access tokens: ES256 JWTs naming their key (`kid`), short-lived, naming the user and session. The
 * algorithm is pinned on verify, so a token signed any other way (an HMAC with some secret) is refused.
 */
export type Caller = { userId: string; sessionId: string; username: string };

export async function issueAccessToken(caller: Caller): Promise<{ token: string; expiresIn: number }> {
  const { TOKEN_ISSUER, TOKEN_AUDIENCE, ACCESS_TOKEN_TTL_SECONDS } = config();
  const { kid, key } = await currentSigningKey();
  const token = await new SignJWT({ sid: caller.sessionId, username: caller.username })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT', kid })
    .setSubject(caller.userId)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(key);
  return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

/** The caller named by a valid token, or null for anything forged, expired, unsigned or malformed. */
export async function verifyAccessToken(token: string): Promise<Caller | null> {
  const { TOKEN_ISSUER, TOKEN_AUDIENCE } = config();
  try {
    const { payload } = await jwtVerify(token, verificationKeyFor, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    const { sub, sid, username } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof username !== 'string') return null;
    return { userId: sub, sessionId: sid, username };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}

export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(authorization?.trim() ?? '');
  return match?.[1] ?? null;
}

/** Opaque random secrets (refresh tokens, invitation codes): 256 bits, base64url. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
