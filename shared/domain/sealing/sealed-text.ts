import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Text kept recoverable by the API but not by the table alone: sealed with AES-256-GCM under a key
 * derived (HKDF-SHA256) from one key of the sealing key set (shared/auth/sealing-secret.ts), which lives
 * in Secrets Manager, never in the table. Each use derives its own key (its own salt and info string).
 * The additional authenticated data binds a sealed value to the item it belongs to, so a value copied
 * onto another item does not open.
 *
 * Sealed forms (base64url parts): `v2.<kid>.<iv>.<ciphertext>.<tag>`, sealed under the key `kid` of the
 * set; and `v1.<iv>.<ciphertext>.<tag>`, sealed before the set could rotate, under the one secret there
 * was, which the set keeps as its legacy key (LEGACY_SEALING_KID) until nothing sealed under it is left.
 */
export const LEGACY_SEALING_KID = 'legacy';

/** One use's keys, derived from every key of the set: the current one seals, any of them opens. */
export type SealingKeyRing = { current: { kid: string; key: Buffer }; keys: ReadonlyMap<string, Buffer> };

/** A ring of keys by kid, the first of which seals. */
export function sealingKeyRing(keys: ReadonlyArray<readonly [string, Buffer]>): SealingKeyRing {
  const [current] = keys;
  if (!current) throw new Error('A sealing key ring needs a key');
  return { current: { kid: current[0], key: current[1] }, keys: new Map(keys) };
}

export const deriveSealingKey = (secret: Uint8Array, salt: string, info: string): Buffer => Buffer.from(hkdfSync('sha256', secret, salt, info, 32));

export function sealText(text: string, boundTo: string, ring: SealingKeyRing): string {
  const { kid, key } = ring.current;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo));
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return ['v2', kid, ...[iv, sealed, cipher.getAuthTag()].map((part) => part.toString('base64url'))].join('.');
}

type SealedParts = { kid: string; iv: string; data: string; tag: string };

/** A kid may hold dots (the local ones do), so the three parts after it are counted from the end. */
function sealedParts(sealed: string): SealedParts | null {
  const parts = sealed.split('.');
  const [version] = parts;
  const [iv, data, tag] = parts.slice(-3);
  if (!iv || !data || !tag) return null;
  if (version === 'v1' && parts.length === 4) return { kid: LEGACY_SEALING_KID, iv, data, tag };
  const kid = parts.slice(1, -3).join('.');
  return version === 'v2' && kid ? { kid, iv, data, tag } : null;
}

/** The id of the key a value was sealed under (the legacy key's for a `v1` value), or null when it is no sealed value. */
export const sealedKeyId = (sealed: string): string | null => sealedParts(sealed)?.kid ?? null;

/** The text, or null when it cannot be opened (a key not in the ring, tampering, another item's value). */
export function openText(sealed: string, boundTo: string, ring: SealingKeyRing): string | null {
  const parts = sealedParts(sealed);
  const key = parts && ring.keys.get(parts.kid);
  if (!parts || !key) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts.iv, 'base64url'));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(Buffer.from(parts.tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parts.data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    // A failed authentication is the expected answer for tampering or another item's value.
    return null;
  }
}

/**
 * A value re-sealed under the ring's current key (docs/token-keys.md, retiring a sealing key):
 * `current` when it is sealed under it already, `unopenable` when it does not open (left as it is, and
 * counted: a retirement of its key then stays refused until someone looks).
 */
export function resealText(sealed: string, boundTo: string, ring: SealingKeyRing): { resealed: string } | 'current' | 'unopenable' {
  if (sealedKeyId(sealed) === ring.current.kid) return 'current';
  const text = openText(sealed, boundTo, ring);
  return text === null ? 'unopenable' : { resealed: sealText(text, boundTo, ring) };
}
