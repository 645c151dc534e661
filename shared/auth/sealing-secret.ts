import { config } from '../config.ts';
import { readSecretText } from './secret-source.ts';

/**
 * The secret that sealing keys are derived from (invitation codes, team-invitation tokens, stored
 * idempotent answers): its own secret, given only to the functions that seal or open (infra/function-needs.ts
 * `sealingKey`), and apart from the token keys. Not rotated: what it sealed is stored and must stay readable.
 */
const MIN_CHARACTERS = 32;

let secret: Promise<Uint8Array> | undefined;

async function load(): Promise<Uint8Array> {
  const { SEALING_KEY_SECRET_ARN: secretArn, SEALING_KEY_FILE: file } = config();
  const text = await readSecretText({ secretArn, file, name: 'sealing key' });
  if (text.length < MIN_CHARACTERS) throw new Error(`The sealing key is shorter than ${MIN_CHARACTERS} characters`);
  return new TextEncoder().encode(text);
}

export function sealingSecret(): Promise<Uint8Array> {
  secret ??= load().catch((error: unknown) => {
    secret = undefined;
    throw error;
  });
  return secret;
}

const forgetters = new Set<() => void>();

/** A key derived from the sealing secret, derived once per container; a failed load is tried again. */
export function keyDerivedOnce(derive: (secret: Uint8Array) => Buffer): () => Promise<Buffer> {
  let derived: Promise<Buffer> | undefined;
  forgetters.add(() => {
    derived = undefined;
  });
  return () => {
    derived ??= sealingSecret().then(derive).catch((error: unknown) => {
      derived = undefined;
      throw error;
    });
    return derived;
  };
}

/** A local process that starts another stack (another data folder) reads the secret afresh. */
export function forgetSealingSecret(): void {
  secret = undefined;
  for (const forget of forgetters) forget();
}
