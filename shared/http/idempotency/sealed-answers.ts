import { signingKey } from '../../auth/signing-key.ts';
import { deriveSealingKey, openText, sealText } from '../../domain/sealing/sealed-text.ts';

/**
 * Stored first answers that hold secrets shown once (invitation codes) are kept sealed: the table holds
 * them only encrypted under a key derived from the signing secret, bound to the caller and the key, so a
 * repeat can still answer the first answer. Records expire with their Idempotency-Key (24 hours).
 */
const SALT = 'event-planning-idempotency-answers';
const INFO = 'event-planning/idempotency-answer-seal/v1';

let sealKey: Promise<Buffer> | undefined;

function answerSealKey(): Promise<Buffer> {
  sealKey ??= signingKey().then((secret) => deriveSealingKey(secret, SALT, INFO)).catch((error: unknown) => {
    sealKey = undefined;
    throw error;
  });
  return sealKey;
}

const boundTo = (callerId: string, key: string) => `${callerId}\n${key}`;

export const sealAnswerBody = async (body: string, callerId: string, key: string): Promise<string> =>
  sealText(body, boundTo(callerId, key), await answerSealKey());

/** The stored body, or null when it no longer opens (the signing secret was replaced since). */
export const openAnswerBody = async (sealed: string, callerId: string, key: string): Promise<string | null> =>
  openText(sealed, boundTo(callerId, key), await answerSealKey());
