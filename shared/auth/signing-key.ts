import { readFile } from 'node:fs/promises';
import { config } from '../config.ts';

/**
 * The HMAC key that signs access tokens: from Secrets Manager in AWS, from a file generated into .data/
 * locally (infra/local writes it). Loaded once per container. The Secrets Manager client is imported on
 * that first load, not with the module: routes that never sign or verify a token (health, the public RSVP
 * pages) then never load it, and the others load it once, when they need the key.
 */
async function readSecret(secretId: string, region: string): Promise<string | undefined> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  return (await new SecretsManagerClient({ region }).send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
}

let key: Promise<Uint8Array> | undefined;

async function load(): Promise<Uint8Array> {
  const { SIGNING_KEY_SECRET_ARN, SIGNING_KEY_FILE, AWS_REGION } = config();
  // Only functions that sign or verify tokens are given a key source; for them its absence is fatal.
  if (!SIGNING_KEY_SECRET_ARN && !SIGNING_KEY_FILE) throw new Error('Invalid configuration: set SIGNING_KEY_SECRET_ARN or SIGNING_KEY_FILE');
  const secret = SIGNING_KEY_SECRET_ARN
    ? await readSecret(SIGNING_KEY_SECRET_ARN, AWS_REGION)
    : (await readFile(SIGNING_KEY_FILE as string, 'utf8')).trim();
  if (!secret || secret.length < 32) throw new Error('The token signing key is missing or shorter than 32 characters');
  return new TextEncoder().encode(secret);
}

export function signingKey(): Promise<Uint8Array> {
  key ??= load().catch((error: unknown) => {
    key = undefined;
    throw error;
  });
  return key;
}

/**
 * A key derived from the signing secret (e.g. one that seals codes in the outbox), derived once per
 * container; a failed load is tried again on the next call.
 */
export function keyDerivedOnce(derive: (secret: Uint8Array) => Buffer): () => Promise<Buffer> {
  let derived: Promise<Buffer> | undefined;
  return () => {
    derived ??= signingKey().then(derive).catch((error: unknown) => {
      derived = undefined;
      throw error;
    });
    return derived;
  };
}
