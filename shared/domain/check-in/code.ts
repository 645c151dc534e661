import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveSealingKey } from '../sealing/sealed-text.ts';

/**
 * The check-in code of an attending guest (docs/check-in.md): `CI1.<guest id>.<mac>`, where the mac is the
 * first 128 bits of HMAC-SHA256 over the event id, the guest id and the guest's check-in nonce, under a
 * key derived (HKDF) from each key of the sealing key set. Nothing is stored but the nonce (absent until
 * the first revocation, which is the empty nonce), so the email and the RSVP page make the same code
 * whenever they need it; revoking writes a new random nonce, and every earlier code stops verifying.
 * A code is bound to its event: the same guest id under another event id never verifies.
 */
const PREFIX = 'CI1';
const MAC_BYTES = 16;
const SALT = 'event-planning/check-in-code';
const INFO = 'check-in code mac v1';
const GUEST_ID = /^[0-9A-HJKMNP-TV-Z]{52}$/;
const MAC = /^[A-Za-z0-9_-]{22}$/;

/** The code's longest form (a scan body's field is refused past it, before any read). */
export const CHECK_IN_CODE_MAX_LENGTH = 96;

export const deriveCheckInKey = (secret: Uint8Array): Buffer => deriveSealingKey(secret, SALT, INFO);

export type CheckInSubject = { event_id: string; id: string; check_in_nonce?: string };

const macOf = (guest: CheckInSubject, key: Buffer): Buffer =>
  createHmac('sha256', key).update(['check-in', guest.event_id, guest.id, guest.check_in_nonce ?? ''].join('\u0000')).digest().subarray(0, MAC_BYTES);

/** The guest's current code, made under `key` (the current key of the set). */
export const checkInCode = (guest: CheckInSubject, key: Buffer): string => `${PREFIX}.${guest.id}.${macOf(guest, key).toString('base64url')}`;

/** The guest id a well-formed code names, or null: a malformed code is refused before any read. */
export function guestIdOfCheckInCode(code: string): string | null {
  const parts = code.split('.');
  if (parts.length !== 3) return null;
  const [prefix, guestId, mac] = parts as [string, string, string];
  return prefix === PREFIX && GUEST_ID.test(guestId) && MAC.test(mac) ? guestId : null;
}

/** Whether `code` is the guest's current code under any key of the set (constant time per key). */
export function verifyCheckInCode(code: string, guest: CheckInSubject, keys: Iterable<Buffer>): boolean {
  if (guestIdOfCheckInCode(code) !== guest.id) return false;
  const given = Buffer.from(code.slice(code.lastIndexOf('.') + 1), 'base64url');
  let valid = false;
  for (const key of keys) if (given.length === MAC_BYTES && timingSafeEqual(given, macOf(guest, key))) valid = true;
  return valid;
}
