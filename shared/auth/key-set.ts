import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import * as z from 'zod';

/**
 * Access tokens are signed with ES256: the issuer (the auth function) alone holds the private keys, every
 * verifier reads only the public ones (a JWKS). A rotation adds a key pair with a new `kid` in front; the
 * previous key stays published so tokens it signed verify until they expire.
 */
export const TOKEN_ALGORITHM = 'ES256';

/** The current key and the one before it: tokens live 15 minutes at most, rotations are 30 days apart. */
const KEYS_KEPT = 2;

const publicPart = {
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1),
  y: z.string().min(1),
  kid: z.string().min(1),
  alg: z.literal(TOKEN_ALGORITHM),
};
const privateKeySchema = z.object({ ...publicPart, d: z.string().min(1) });
const publicKeySchema = z.object({ ...publicPart, use: z.literal('sig') });

/** The issuer's secret: private JWKs, the one that signs first. Empty until the first rotation. */
export const signingKeySetSchema = z.object({ keys: z.array(privateKeySchema) });
/** What verifiers read, and what `GET /api/auth/jwks.json` shows: the public halves, by `kid`. */
export const verificationKeySetSchema = z.object({ keys: z.array(publicKeySchema) });

export type PrivateSigningKey = z.infer<typeof privateKeySchema>;
export type SigningKeySet = z.infer<typeof signingKeySetSchema>;
export type VerificationKeySet = z.infer<typeof verificationKeySetSchema>;

/** A `kid` that sorts by creation and never repeats: the day, then 64 random bits. */
export const newKeyId = (now: Date): string => `${now.toISOString().slice(0, 10)}.${randomBytes(8).toString('hex')}`;

export async function newSigningKey(kid: string): Promise<PrivateSigningKey> {
  const { privateKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
  return privateKeySchema.parse({ ...(await exportJWK(privateKey)), kid, alg: TOKEN_ALGORITHM });
}

/** The set after a rotation: the new key signs, the previous current one is kept for verification only. */
export const rotatedKeySet = (set: SigningKeySet, next: PrivateSigningKey): SigningKeySet => ({
  keys: [next, ...set.keys.filter((key) => key.kid !== next.kid)].slice(0, KEYS_KEPT),
});

/**
 * The public halves of a set. A rotation publishes the pending set (the new key and the one signing now)
 * before the new key signs anything, so no verifier meets a `kid` it cannot find.
 */
export const publishedKeys = (set: SigningKeySet): VerificationKeySet => ({
  keys: set.keys.map(({ kty, crv, x, y, kid, alg }) => ({ kty, crv, x, y, kid, alg, use: 'sig' as const })),
});
