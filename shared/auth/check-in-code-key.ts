import { deriveCheckInKey } from '../domain/check-in/code.ts';
import { derivedSealingKeys } from './sealing-secret.ts';

/** The keys that make and verify guests' check-in codes (docs/check-in.md). */
export const checkInCodeKeys = derivedSealingKeys(deriveCheckInKey);
