import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { awsClientOptions } from '../aws/client-options.ts';
import { traced } from '../observability/client-capture.ts';

/**
 * Key material comes from Secrets Manager in AWS and from a file locally (infra/local/keys.ts writes them).
 * The Secrets Manager client is imported on the first read, not with the module: routes that never touch
 * a key (health, the public RSVP pages) never load it.
 */
export type SecretSource = { secretArn?: string; file?: string; name: string };

export async function readSecretText({ secretArn, file, name }: SecretSource): Promise<string> {
  // Only functions given a source ever read it; for them its absence is a broken deployment.
  if (!secretArn && !file) throw new Error(`Invalid configuration: no source for the ${name}`);
  let text: string | undefined;
  if (secretArn) {
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    text = (await traced(new SecretsManagerClient(awsClientOptions('secretsmanager'))).send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
  } else {
    text = await readFile(file as string, 'utf8');
  }
  if (!text?.trim()) throw new Error(`The ${name} is empty`);
  return text.trim();
}

/**
 * A value loaded once and kept for `maxAgeMs`; a failed load is tried again on the next call. `reload`
 * refreshes early, but never more often than `minReloadMs` (a token with an unknown `kid` must not make
 * every request read the secret).
 */
export type Cached<T> = { get: () => Promise<T>; reload: () => Promise<T>; forget: () => void };

export function cachedFor<T>(load: () => Promise<T>, maxAgeMs: number, minReloadMs: number, now: () => number = Date.now): Cached<T> {
  let value: Promise<T> | undefined;
  let loadedAt = 0;
  const start = () => {
    loadedAt = now();
    value = load().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
  return {
    get: () => (value && now() - loadedAt < maxAgeMs ? value : start()),
    reload: () => (value && now() - loadedAt < minReloadMs ? value : start()),
    forget: () => {
      value = undefined;
    },
  };
}

/** A local key file replaced whole (written beside, then renamed), readable by its owner only. */
export async function replaceSecretFile(file: string, value: unknown): Promise<void> {
  const beside = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(beside, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await rename(beside, file);
}
