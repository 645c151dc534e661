import { derivedSealingKeys } from '../../auth/sealing-secret.ts';
import { deriveSealingKey, openText, sealText } from '../../domain/sealing/sealed-text.ts';

/**
 * Stored first answers that hold secrets shown once (invitation codes) are kept sealed: the table holds
 * them only encrypted under a key derived from the sealing secret, bound to the caller and the key, so a
 * repeat can still answer the first answer. Records expire with their Idempotency-Key (24 hours).
 */
const SALT = 'event-planning-idempotency-answers';
const INFO = 'event-planning/idempotency-answer-seal/v1';

/** The keys that seal stored answers (the operator's re-seal uses them too). */
export const answerSealKey = derivedSealingKeys((secret) => deriveSealingKey(secret, SALT, INFO));

/** What a stored answer is bound to: the caller and the Idempotency-Key. */
export const answerBinding = (callerId: string, key: string): string => `${callerId}\n${key}`;

export const sealAnswerBody = async (body: string, callerId: string, key: string): Promise<string> =>
  sealText(body, answerBinding(callerId, key), await answerSealKey.forSealing());

/** The stored body, or null when it no longer opens (its sealing key was retired since). */
export const openAnswerBody = async (sealed: string, callerId: string, key: string): Promise<string | null> =>
  openText(sealed, answerBinding(callerId, key), await answerSealKey.forOpening(sealed));
