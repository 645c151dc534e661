import { type CryptoKey, importJWK } from 'jose';
import { config } from '../config.ts';
import { signingKeySetSchema, TOKEN_ALGORITHM } from './key-set.ts';
import { cachedFor, readSecretText } from './secret-source.ts';

/**
 * The issuer's private keys: only the auth function is given their source (infra/function-needs.ts
 * `tokens: 'sign'`). Kept 5 minutes, so a rotation reaches every container within that; until then the
 * previous key, still published, keeps signing.
 */
const CACHE_MS = 5 * 60_000;

const currentKey = cachedFor(
  async () => {
    const { TOKEN_SIGNING_KEYS_SECRET_ARN: secretArn, TOKEN_SIGNING_KEYS_FILE: file } = config();
    const [current] = signingKeySetSchema.parse(JSON.parse(await readSecretText({ secretArn, file, name: 'token signing keys' }))).keys;
    if (!current) throw new Error('The token signing key set is empty: run the key rotation once');
    return { kid: current.kid, key: (await importJWK(current, TOKEN_ALGORITHM)) as CryptoKey };
  },
  CACHE_MS,
  CACHE_MS,
);

export const currentSigningKey = (): Promise<{ kid: string; key: CryptoKey }> => currentKey.get();

export const forgetSigningKeys = (): void => currentKey.forget();
