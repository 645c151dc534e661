import { config } from '../config.ts';
import { cachedFor, readSecretText } from './secret-source.ts';

/**
 * The secret that sealing keys are derived from (invitation codes, team-invitation tokens, stored
 * idempotent answers): its own secret, given only to the functions that seal or open (infra/function-needs.ts
 * `sealingKey`), and apart from the token keys. Not rotated: what it sealed is stored and must stay readable.
 */
const MIN_CHARACTERS = 32;

// Kept for the container's life: what it sealed is stored, so it never changes under a running function.
const secret = cachedFor(
  async () => {
    const { SEALING_KEY_SECRET_ARN: secretArn, SEALING_KEY_FILE: file } = config();
    const text = await readSecretText({ secretArn, file, name: 'sealing key' });
    if (text.length < MIN_CHARACTERS) throw new Error(`The sealing key is shorter than ${MIN_CHARACTERS} characters`);
    return new TextEncoder().encode(text);
  },
  Number.POSITIVE_INFINITY,
  Number.POSITIVE_INFINITY,
);

export const sealingSecret = (): Promise<Uint8Array> => secret.get();

const derivedKeys = new Set<{ forget: () => void }>();

/** A key derived from the sealing secret, derived once per container; a failed load is tried again. */
export function keyDerivedOnce(derive: (secret: Uint8Array) => Buffer): () => Promise<Buffer> {
  const derived = cachedFor(async () => derive(await sealingSecret()), Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  derivedKeys.add(derived);
  return derived.get;
}

/** A local process that starts another stack (another data folder) reads the secret afresh. */
export function forgetSealingSecret(): void {
  secret.forget();
  for (const key of derivedKeys) key.forget();
}
