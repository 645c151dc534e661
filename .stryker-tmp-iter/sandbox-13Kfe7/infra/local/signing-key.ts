// @ts-nocheck
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The local token signing key (Secrets Manager holds it in AWS): generated once into a file only its
 * owner can read, then reused, so tokens stay valid across restarts of `npm start`.
 */
const KEY_BYTES = 48;
const MIN_KEY_CHARACTERS = 32;

export async function ensureSigningKey(file: string): Promise<'created' | 'reused'> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails when the file exists, so two starts at once cannot overwrite each other's key.
    await writeFile(file, `${randomBytes(KEY_BYTES).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    return 'created';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = (await readFile(file, 'utf8')).trim();
  if (key.length < MIN_KEY_CHARACTERS) {
    throw new Error(`${file} does not hold a usable signing key (fewer than ${MIN_KEY_CHARACTERS} characters); delete it to have a new one generated.`);
  }
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return 'reused';
}
