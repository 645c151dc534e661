// @ts-nocheck
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Invitation codes kept recoverable for the sender, but not by the table alone: a code is sealed with
 * AES-256-GCM under a key derived (HKDF-SHA256, its own info string) from the token-signing secret, which
 * lives in Secrets Manager, never in the table. The guest's id is the additional authenticated data, so a
 * sealed code copied onto another guest does not open. Sealed form: v1.<iv>.<ciphertext>.<tag> (base64url).
 */
const INFO = 'event-planning/invitation-code-seal/v1';
const SALT = 'event-planning-invitation-codes';

export const deriveSealKey = (secret: Uint8Array): Buffer => Buffer.from(hkdfSync('sha256', secret, SALT, INFO, 32));

export function sealInvitationCode(code: string, guestId: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(guestId));
  const sealed = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return ['v1', iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/**
 * The code, or null when it cannot be recovered (another key, tampering, another guest's value) or no
 * longer matches the guest's current code hash (a newer code replaced it).
 */
export function openInvitationCode(sealed: string, guestId: string, codeHash: string, key: Buffer): string | null {
  const [version, iv, data, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !data || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(guestId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const code = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    return createHash('sha256').update(code).digest('base64url') === codeHash ? code : null;
  } catch {
    // A failed authentication is the expected answer for a value sealed under another key.
    return null;
  }
}
