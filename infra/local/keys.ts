import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  newKeyId,
  newSigningKey,
  publishedKeys,
  rotatedKeySet,
  type SigningKeySet,
  signingKeySetSchema,
} from '../../shared/auth/key-set.ts';
import { newSealingKey, parseSealingKeySet, rotatedSealingKeySet } from '../../shared/auth/sealing-key-set.ts';
import { replaceSecretFile } from '../../shared/auth/secret-source.ts';

/**
 * The local key material (Secrets Manager holds it in AWS): the token signing keys (private), the keys
 * published to verifiers (public) and the sealing key, in files only their owner can read. Made once, then
 * reused, so tokens and sealed codes stay valid across restarts of `npm start`.
 */
export type LocalKeyFiles = { tokenSigningKeys: string; tokenVerificationKeys: string; sealingKey: string };

type TokenKeyFiles = Pick<LocalKeyFiles, 'tokenSigningKeys' | 'tokenVerificationKeys'>;

export const localKeyFiles = (dir: string): LocalKeyFiles => ({
  tokenSigningKeys: join(dir, 'token-signing-keys.json'),
  tokenVerificationKeys: join(dir, 'token-verification-keys.json'),
  sealingKey: join(dir, 'sealing-key'),
});

/** The variables shared/config.ts reads for them. */
export const localKeyEnv = (files: LocalKeyFiles): Record<string, string> => ({
  TOKEN_SIGNING_KEYS_FILE: files.tokenSigningKeys,
  TOKEN_VERIFICATION_KEYS_FILE: files.tokenVerificationKeys,
  SEALING_KEY_FILE: files.sealingKey,
});

const SEALING_KEY_BYTES = 48;

export async function ensureLocalKeys(dir: string): Promise<LocalKeyFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files = localKeyFiles(dir);
  await ensureSealingKey(files.sealingKey);
  try {
    await readSigningKeys(files);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await rotateLocalTokenKeys(files, new Date());
  }
  return files;
}

/**
 * What the rotation Lambda does in AWS, on files: a new key pair in front, published to verifiers
 * first, then made the signing key. Each file is replaced whole (written beside, then renamed).
 */
export async function rotateLocalTokenKeys(files: TokenKeyFiles, now: Date): Promise<{ kid: string }> {
  const current = await readSigningKeys(files).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return { keys: [] };
    throw error;
  });
  const next = await newSigningKey(newKeyId(now));
  const pending = rotatedKeySet(current, next);
  await replaceSecretFile(files.tokenVerificationKeys, publishedKeys(pending));
  await replaceSecretFile(files.tokenSigningKeys, pending);
  return { kid: next.kid };
}

async function readSigningKeys(files: TokenKeyFiles): Promise<SigningKeySet> {
  const text = await readFile(files.tokenSigningKeys, 'utf8');
  const parsed = signingKeySetSchema.safeParse(JSON.parse(text));
  if (!parsed.success || parsed.data.keys.length === 0) {
    throw new Error(`${files.tokenSigningKeys} does not hold token signing keys; delete it to have new ones made.`);
  }
  return parsed.data;
}

async function ensureSealingKey(file: string): Promise<void> {
  try {
    // 'wx' fails when the file exists, so two starts at once cannot overwrite each other's key.
    await writeFile(file, `${randomBytes(SEALING_KEY_BYTES).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  try {
    parseSealingKeySet(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} does not hold a usable sealing key (${(error as Error).message}); delete it to have a new one made, which leaves what the old one sealed unreadable.`);
  }
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
}

/**
 * The sealing keys' rotation on the file (the rotation Lambda does it in AWS): a new key in front, every
 * earlier one kept, the file replaced whole. The plain key of before becomes the set's legacy key.
 */
export async function rotateLocalSealingKeys(file: string, now: Date): Promise<{ kid: string }> {
  const next = newSealingKey(newKeyId(now), now);
  await replaceSecretFile(file, rotatedSealingKeySet(parseSealingKeySet(await readFile(file, 'utf8')), next));
  return { kid: next.kid };
}
