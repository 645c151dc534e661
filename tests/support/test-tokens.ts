import { type CryptoKey, SignJWT } from 'jose';
import { currentSigningKey } from '../../shared/auth/signing-keys.ts';
import { config } from '../../shared/config.ts';

/**
 * Access tokens minted by hand, like the real ones (ES256 under the current `kid`, the configured issuer
 * and audience, 5 minutes) unless an option changes one thing: the bad cases of the authentication tests.
 */
export type MintOptions = {
  key?: CryptoKey | Uint8Array;
  alg?: string;
  /** null: no `kid` in the header. */
  kid?: string | null;
  issuer?: string;
  audience?: string;
  issuedAt?: number;
  expiresAt?: number;
  /** null: no subject. */
  subject?: string | null;
};

export type TokenClaims = { sub: string; sid?: string; username?: string };

export async function mintToken(claims: TokenClaims, options: MintOptions = {}): Promise<string> {
  const { TOKEN_ISSUER, TOKEN_AUDIENCE } = config();
  const current = await currentSigningKey();
  const now = Math.floor(Date.now() / 1000);
  const kid = options.kid === undefined ? current.kid : options.kid;
  const jwt = new SignJWT({ sid: claims.sid, username: claims.username })
    .setProtectedHeader({ alg: options.alg ?? 'ES256', typ: 'JWT', ...(kid === null ? {} : { kid }) })
    .setIssuer(options.issuer ?? TOKEN_ISSUER)
    .setAudience(options.audience ?? TOKEN_AUDIENCE)
    .setIssuedAt(options.issuedAt ?? now)
    .setExpirationTime(options.expiresAt ?? now + 300);
  const subject = options.subject === undefined ? claims.sub : options.subject;
  if (subject !== null) jwt.setSubject(subject);
  return jwt.sign(options.key ?? current.key);
}
