import { createLocalJWKSet, type CryptoKey, type JWTHeaderParameters } from 'jose';
import { config } from '../config.ts';
import { verificationKeySetSchema } from './key-set.ts';
import { cachedFor, readSecretText } from './secret-source.ts';

/**
 * The published public keys, for every function that verifies access tokens. Kept at most 5 minutes; a
 * token naming a `kid` not in the set reads it again at once (a rotation publishes the new key before it
 * signs), but at most every 30 seconds, so made-up `kid`s cannot turn each request into a secret read.
 */
const CACHE_MS = 5 * 60_000;
const MIN_RELOAD_MS = 30_000;

const publishedSet = cachedFor(
  async () => {
    const { TOKEN_VERIFICATION_KEYS_SECRET_ARN: secretArn, TOKEN_VERIFICATION_KEYS_FILE: file } = config();
    const set = verificationKeySetSchema.parse(JSON.parse(await readSecretText({ secretArn, file, name: 'token verification keys' })));
    return { set, resolve: createLocalJWKSet(set) };
  },
  CACHE_MS,
  MIN_RELOAD_MS,
);

/** The key for a token's header, for jose's jwtVerify; throws jose's "no matching key" for unknown kids. */
export async function verificationKeyFor(header: JWTHeaderParameters): Promise<CryptoKey> {
  let published = await publishedSet.get();
  if (!published.set.keys.some((key) => key.kid === header.kid)) published = await publishedSet.reload();
  return (await published.resolve(header)) as CryptoKey;
}

export const forgetVerificationKeys = (): void => publishedSet.forget();
