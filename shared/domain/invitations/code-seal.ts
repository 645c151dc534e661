import { createHash } from 'node:crypto';
import { deriveSealingKey, openText, type SealingKeyRing, sealText } from '../sealing/sealed-text.ts';

/**
 * Invitation codes kept recoverable for the sender, sealed (shared/domain/sealing/sealed-text.ts) under
 * their own key. The guest's id is the additional authenticated data, so a sealed code copied onto
 * another guest does not open.
 */
const INFO = 'event-planning/invitation-code-seal/v1';
const SALT = 'event-planning-invitation-codes';

export const deriveSealKey = (secret: Uint8Array): Buffer => deriveSealingKey(secret, SALT, INFO);

export const sealInvitationCode = (code: string, guestId: string, keys: SealingKeyRing): string => sealText(code, guestId, keys);

/**
 * The code, or null when it cannot be recovered (another key, tampering, another guest's value) or no
 * longer matches the guest's current code hash (a newer code replaced it).
 */
export function openInvitationCode(sealed: string, guestId: string, codeHash: string, keys: SealingKeyRing): string | null {
  const code = openText(sealed, guestId, keys);
  return code !== null && createHash('sha256').update(code).digest('base64url') === codeHash ? code : null;
}
