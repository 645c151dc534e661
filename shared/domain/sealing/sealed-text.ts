import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Text kept recoverable by the API but not by the table alone: sealed with AES-256-GCM under a key
 * derived (HKDF-SHA256) from the sealing secret (shared/auth/sealing-secret.ts), which lives in Secrets Manager, never in the table.
 * Each use derives its own key (its own salt and info string). The additional authenticated data binds a
 * sealed value to the item it belongs to, so a value copied onto another item does not open.
 * Sealed form: v1.<iv>.<ciphertext>.<tag> (base64url).
 */
export const deriveSealingKey = (secret: Uint8Array, salt: string, info: string): Buffer => Buffer.from(hkdfSync('sha256', secret, salt, info, 32));

export function sealText(text: string, boundTo: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo));
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return ['v1', iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The text, or null when it cannot be opened (another key, tampering, another item's value). */
export function openText(sealed: string, boundTo: string, key: Buffer): string | null {
  const [version, iv, data, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !data || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    // A failed authentication is the expected answer for a value sealed under another key.
    return null;
  }
}
