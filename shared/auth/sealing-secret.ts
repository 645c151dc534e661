import { type SealingKeyRing, sealedKeyId, sealingKeyRing } from '../domain/sealing/sealed-text.ts';
import { config } from '../config.ts';
import { parseSealingKeySet, type SealingKeySet } from './sealing-key-set.ts';
import { type Cached, cachedFor, readSecretText } from './secret-source.ts';

/**
 * The sealing key set (shared/auth/sealing-key-set.ts; TOTP secrets, invitation codes, team-invitation
 * tokens, stored idempotent answers): its own secret, given only to the functions that seal or open
 * (infra/function-needs.ts `sealingKey`), the rotation and the operator's function, and apart from the
 * token keys. Kept 5 minutes, so a rotation reaches every container within that (until then the previous
 * key, still in the set, keeps sealing); a value sealed under a key this container does not know yet
 * reloads the set once (at most every 30 seconds) before it is given up as unopenable.
 */
const CACHE_MS = 5 * 60_000;
const MIN_RELOAD_MS = 30_000;

const keySet = cachedFor(
  async () => {
    const { SEALING_KEY_SECRET_ARN: secretArn, SEALING_KEY_FILE: file } = config();
    return parseSealingKeySet(await readSecretText({ secretArn, file, name: 'sealing key' }));
  },
  CACHE_MS,
  MIN_RELOAD_MS,
);

/** The current key set as read (a test signs an HS256 token with its key, to prove it is refused). */
export const sealingKeySet = (): Promise<SealingKeySet> => keySet.get();

/** One use's keys: `forSealing` seals under the current key; `forOpening(sealed)` holds the key `sealed` names, if the set still has it. */
export type SealingKeys = { forSealing: () => Promise<SealingKeyRing>; forOpening: (sealed: string) => Promise<SealingKeyRing> };

/** The keys of one use, derived from every key of the set (its own salt and info), once per set read. */
export const derivedSealingKeys = (derive: (secret: Uint8Array) => Buffer): SealingKeys => sealingKeysOf(keySet, derive);

/** derivedSealingKeys over any cached set (a test's, on its own clock). */
export function sealingKeysOf(source: Cached<SealingKeySet>, derive: (secret: Uint8Array) => Buffer): SealingKeys {
  const rings = new WeakMap<SealingKeySet, SealingKeyRing>();
  const ringOf = (set: SealingKeySet): SealingKeyRing => {
    const known = rings.get(set);
    if (known) return known;
    const ring = sealingKeyRing(set.keys.map(({ kid, secret }) => [kid, derive(new TextEncoder().encode(secret))] as const));
    rings.set(set, ring);
    return ring;
  };
  return {
    forSealing: async () => ringOf(await source.get()),
    forOpening: async (sealed) => {
      const ring = ringOf(await source.get());
      const kid = sealedKeyId(sealed);
      return kid === null || ring.keys.has(kid) ? ring : ringOf(await source.reload());
    },
  };
}

/** A local process that starts another stack (another data folder), or a local rotation, reads the set afresh. */
export function forgetSealingSecret(): void {
  keySet.forget();
}
