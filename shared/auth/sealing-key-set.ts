import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { LEGACY_SEALING_KID } from '../domain/sealing/sealed-text.ts';

/**
 * The sealing key set (docs/token-keys.md, "The sealing keys"): the secrets that sealing keys are derived
 * from, the first of which seals; every one opens what was sealed under it. Unlike the token keys, a
 * rotation drops nothing: what they sealed is stored, so a key leaves the set only when it is retired
 * (retiredSealingKeySet), after every value sealed under it was re-sealed.
 *
 * Before the set could rotate, the secret was one plain string; such a value reads as a set of one key,
 * the legacy key, which opens the `v1` values sealed then.
 */
const MIN_SECRET_CHARACTERS = 32;
const SECRET_BYTES = 48;

const sealingKeySchema = z.strictObject({
  kid: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  secret: z.string().min(MIN_SECRET_CHARACTERS),
  /** When the key was made (absent on the legacy key): a retirement waits until its successor had time to reach every container. */
  created_at: z.iso.datetime().optional(),
});

export const sealingKeySetSchema = z.strictObject({
  keys: z
    .array(sealingKeySchema)
    .min(1)
    .refine((keys) => new Set(keys.map((key) => key.kid)).size === keys.length, 'Two keys of the sealing key set share a kid'),
});

export type SealingKey = z.infer<typeof sealingKeySchema>;
export type SealingKeySet = z.infer<typeof sealingKeySetSchema>;

/** The set a secret's text holds: a JSON key set, or the plain string of before (the legacy key alone). */
export function parseSealingKeySet(text: string): SealingKeySet {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return sealingKeySetSchema.parse(JSON.parse(trimmed));
  if (trimmed.length < MIN_SECRET_CHARACTERS) throw new Error(`The sealing key is shorter than ${MIN_SECRET_CHARACTERS} characters`);
  return { keys: [{ kid: LEGACY_SEALING_KID, secret: trimmed }] };
}

export const newSealingKey = (kid: string, now: Date): SealingKey => ({ kid, secret: randomBytes(SECRET_BYTES).toString('base64url'), created_at: now.toISOString() });

/** The set after a rotation: the new key seals; every earlier key stays, to open what it sealed. */
export const rotatedSealingKeySet = (set: SealingKeySet, next: SealingKey): SealingKeySet => ({
  keys: [next, ...set.keys.filter((key) => key.kid !== next.kid)],
});

/**
 * How long after its successor was made a key may still seal: containers keep the set this long
 * (shared/auth/sealing-secret.ts, 5 minutes), with room to spare.
 */
export const SEALING_KEY_HANDOVER_MS = 15 * 60_000;

/**
 * Why `kid` may not leave the set now, or null when it may. The caller has checked that nothing sealed
 * under it is stored; this refuses what the set alone shows: an unknown key, the key that seals, and one
 * replaced too recently for every container to have stopped sealing under it.
 */
export function retirementRefusal(set: SealingKeySet, kid: string, now: Date): string | null {
  const index = set.keys.findIndex((key) => key.kid === kid);
  if (index === -1) return `The sealing key set has no key ${kid}`;
  if (index === 0) return `${kid} is the key that seals now; rotate first, re-seal, then retire it`;
  const successorMadeAt = set.keys[index - 1]?.created_at;
  if (successorMadeAt && now.getTime() - Date.parse(successorMadeAt) < SEALING_KEY_HANDOVER_MS) {
    return `${kid} was replaced less than ${SEALING_KEY_HANDOVER_MS / 60_000} minutes ago: containers may still seal under it; re-seal and retire after that`;
  }
  return null;
}

export const retiredSealingKeySet = (set: SealingKeySet, kid: string): SealingKeySet => ({ keys: set.keys.filter((key) => key.kid !== kid) });
