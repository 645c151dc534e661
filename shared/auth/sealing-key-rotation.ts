import { randomBytes } from 'node:crypto';
import { deriveSealingKey, openText, sealingKeyRing, sealText } from '../domain/sealing/sealed-text.ts';
import type { RotatedKeys } from './key-rotation.ts';
import { newSealingKey, parseSealingKeySet, rotatedSealingKeySet, type SealingKeySet } from './sealing-key-set.ts';

/**
 * The sealing keys' part of a rotation (shared/auth/key-rotation.ts runs the four steps): a new key in
 * front, every earlier key kept. Nothing is published (only the functions that seal read the set); the
 * test proves the pending set seals under the new key and opens it again, and that it still holds every
 * key of the current set, so no stored value can stop opening by a rotation.
 */
const parsed = (text: string | undefined): SealingKeySet | undefined => (text === undefined ? undefined : parseSealingKeySet(text));

export const sealingKeysRotation: RotatedKeys = {
  next: async (currentText, kid, now) => {
    const current = parsed(currentText);
    if (!current) throw new Error('The sealing key secret has no current value to rotate from');
    return JSON.stringify(rotatedSealingKeySet(current, newSealingKey(kid, now)));
  },
  holdsKey: (pendingText, kid) => parsed(pendingText)?.keys[0]?.kid === kid,
  publish: async () => {},
  prove: async (pendingText, currentText) => {
    const pending = parseSealingKeySet(pendingText);
    const kept = new Set(pending.keys.map((key) => key.kid));
    const lost = (parsed(currentText)?.keys ?? []).filter((key) => !kept.has(key.kid)).map((key) => key.kid);
    if (lost.length > 0) throw new Error(`The pending sealing key set lacks ${lost.join(', ')}`);
    const ring = sealingKeyRing(pending.keys.map(({ kid, secret }) => [kid, deriveSealingKey(new TextEncoder().encode(secret), 'rotation-test', 'rotation-test')] as const));
    const probe = randomBytes(16).toString('base64url');
    if (openText(sealText(probe, 'rotation-test', ring), 'rotation-test', ring) !== probe) throw new Error('The pending sealing key does not open what it seals');
  },
};
