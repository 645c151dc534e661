import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveSealKey } from '../../shared/domain/invitations/code-seal.ts';
import { newSealingKey, parseSealingKeySet, retiredSealingKeySet, retirementRefusal, rotatedSealingKeySet, SEALING_KEY_HANDOVER_MS, type SealingKeySet } from '../../shared/auth/sealing-key-set.ts';
import { sealingKeysOf } from '../../shared/auth/sealing-secret.ts';
import { cachedFor } from '../../shared/auth/secret-source.ts';
import { LEGACY_SEALING_KID, openText, resealText, sealedKeyId, sealingKeyRing, sealText } from '../../shared/domain/sealing/sealed-text.ts';

/**
 * The sealing key set (shared/auth/sealing-key-set.ts) and sealed text under it
 * (shared/domain/sealing/sealed-text.ts): the current key seals, every key of the set opens what it
 * sealed, `v1` values of before the set open under the legacy key, and nothing opens that was altered,
 * moved to another item, or sealed under a key the set does not hold.
 */
const legacySecret = randomBytes(48).toString('base64url');
const ringOf = (set: SealingKeySet) => sealingKeyRing(set.keys.map(({ kid, secret }) => [kid, deriveSealKey(new TextEncoder().encode(secret))] as const));

/** A value as the code sealed it before the key set existed: `v1.<iv>.<ciphertext>.<tag>` under the one secret. */
function sealedAsBefore(text: string, boundTo: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveSealKey(new TextEncoder().encode(secret)), iv);
  cipher.setAAD(Buffer.from(boundTo));
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return ['v1', iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** Replaces one character of the ciphertext part (the third from the end). */
function tampered(sealed: string): string {
  const parts = sealed.split('.');
  const index = parts.length - 2;
  const data = parts[index] as string;
  parts[index] = `${data[0] === 'A' ? 'B' : 'A'}${data.slice(1)}`;
  return parts.join('.');
}

describe('the sealing key set', () => {
  const legacy = parseSealingKeySet(`${legacySecret}\n`);
  const rotated = rotatedSealingKeySet(legacy, newSealingKey('k2', new Date('2027-01-01T00:00:00Z')));

  it('reads the plain secret of before as a set of one legacy key, and refuses one too short or with two keys of one kid', () => {
    expect(legacy).toEqual({ keys: [{ kid: LEGACY_SEALING_KID, secret: legacySecret }] });
    expect(() => parseSealingKeySet('too-short')).toThrow(/shorter than 32/);
    expect(() => parseSealingKeySet(JSON.stringify({ keys: [{ kid: 'a', secret: legacySecret }, { kid: 'a', secret: legacySecret }] }))).toThrow(/share a kid/);
  });

  it('seals under the current kid after a rotation, and still opens v1 values and v2 values of the previous key', () => {
    const v1 = sealedAsBefore('code-1', 'guest-1', legacySecret);
    const v2Legacy = sealText('code-2', 'guest-2', ringOf(legacy));
    const ring = ringOf(rotated);

    const sealedNow = sealText('code-3', 'guest-3', ring);

    expect(rotated.keys.map((key) => key.kid)).toEqual(['k2', LEGACY_SEALING_KID]);
    expect(sealedKeyId(sealedNow)).toBe('k2');
    expect(sealedNow.startsWith('v2.k2.')).toBe(true);
    expect(sealedKeyId(v1)).toBe(LEGACY_SEALING_KID);
    expect(sealedKeyId(v2Legacy)).toBe(LEGACY_SEALING_KID);
    expect(openText(v1, 'guest-1', ring)).toBe('code-1');
    expect(openText(v2Legacy, 'guest-2', ring)).toBe('code-2');
    expect(openText(sealedNow, 'guest-3', ring)).toBe('code-3');
  });

  it('refuses a tampered value, another item\'s value, a value relabelled with another kid, a key the set lacks, and what is no sealed value', () => {
    const ring = ringOf(rotated);
    const sealed = sealText('code', 'guest-1', ring);
    const relabelled = sealed.replace('v2.k2.', `v2.${LEGACY_SEALING_KID}.`);
    const underAnotherSet = sealText('code', 'guest-1', ringOf({ keys: [{ kid: 'k9', secret: randomBytes(48).toString('base64url') }] }));

    expect(openText(tampered(sealed), 'guest-1', ring)).toBeNull();
    expect(openText(tampered(sealedAsBefore('code', 'guest-1', legacySecret)), 'guest-1', ring)).toBeNull();
    expect(openText(sealed, 'guest-2', ring)).toBeNull();
    expect(openText(relabelled, 'guest-1', ring)).toBeNull();
    expect(openText(underAnotherSet, 'guest-1', ring)).toBeNull();
    expect(openText('v2.k2.garbage', 'guest-1', ring)).toBeNull();
    expect(openText('v3.k2.a.b.c', 'guest-1', ring)).toBeNull();
    expect(sealedKeyId('plain text')).toBeNull();
  });

  it('re-seals a value under the current key, leaves one already current, and counts one that does not open', () => {
    const ring = ringOf(rotated);
    const old = sealedAsBefore('code', 'guest-1', legacySecret);

    const outcome = resealText(old, 'guest-1', ring);

    expect(outcome).toEqual({ resealed: expect.stringMatching(/^v2\.k2\./) });
    expect(openText((outcome as { resealed: string }).resealed, 'guest-1', ring)).toBe('code');
    expect(resealText(sealText('code', 'guest-1', ring), 'guest-1', ring)).toBe('current');
    expect(resealText(tampered(old), 'guest-1', ring)).toBe('unopenable');
  });

  it('retires only a key that no longer seals, once its successor had time to reach every container', () => {
    const madeAt = Date.parse(rotated.keys[0]?.created_at as string);

    expect(retirementRefusal(rotated, 'k2', new Date(madeAt + SEALING_KEY_HANDOVER_MS))).toMatch(/seals now/);
    expect(retirementRefusal(rotated, 'nope', new Date(madeAt + SEALING_KEY_HANDOVER_MS))).toMatch(/no key nope/);
    expect(retirementRefusal(rotated, LEGACY_SEALING_KID, new Date(madeAt + SEALING_KEY_HANDOVER_MS - 1))).toMatch(/less than 15 minutes/);
    expect(retirementRefusal(rotated, LEGACY_SEALING_KID, new Date(madeAt + SEALING_KEY_HANDOVER_MS))).toBeNull();
    expect(retiredSealingKeySet(rotated, LEGACY_SEALING_KID).keys.map((key) => key.kid)).toEqual(['k2']);
  });
});

describe("a container's cached key set", () => {
  /** A set kept 5 minutes and reloaded at most every 30 seconds, on a clock the test moves. */
  function cachedSet(initial: SealingKeySet) {
    const state = { clock: 0, stored: initial, loads: 0 };
    const source = cachedFor(async () => {
      state.loads += 1;
      return state.stored;
    }, 5 * 60_000, 30_000, () => state.clock);
    return { state, keys: sealingKeysOf(source, deriveSealKey) };
  }

  it('reloads the set once for a value sealed under a kid it does not know yet (another container rotated first), and opens it', async () => {
    const legacy = parseSealingKeySet(legacySecret);
    const { state, keys } = cachedSet(legacy);
    expect((await keys.forSealing()).current.kid).toBe(LEGACY_SEALING_KID);
    state.stored = rotatedSealingKeySet(legacy, newSealingKey('k2', new Date()));
    const sealedElsewhere = sealText('code', 'guest-1', ringOf(state.stored));
    state.clock = 31_000;

    const ring = await keys.forOpening(sealedElsewhere);

    expect(state.loads).toBe(2);
    expect(openText(sealedElsewhere, 'guest-1', ring)).toBe('code');
    expect((await keys.forSealing()).current.kid).toBe('k2');
  });

  it('refuses a kid the set does not hold after the reload, and does not read the secret again for it within 30 seconds', async () => {
    const { state, keys } = cachedSet(parseSealingKeySet(legacySecret));
    await keys.forSealing();
    const unknown = sealText('code', 'guest-1', ringOf({ keys: [{ kid: 'k9', secret: randomBytes(48).toString('base64url') }] }));
    state.clock = 31_000;

    const first = await keys.forOpening(unknown);
    state.clock = 32_000;
    const second = await keys.forOpening(unknown);

    expect(openText(unknown, 'guest-1', first)).toBeNull();
    expect(openText(unknown, 'guest-1', second)).toBeNull();
    expect(state.loads).toBe(2);
  });
});
