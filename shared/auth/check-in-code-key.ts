import { checkInCode, type CheckInSubject, deriveCheckInKey } from '../domain/check-in/code.ts';
import { derivedSealingKeys } from './sealing-secret.ts';

/** The keys that make and verify guests' check-in codes (docs/check-in.md). */
export const checkInCodeKeys = derivedSealingKeys(deriveCheckInKey);

/** The guest's current check-in code, under the current key of the sealing key set. */
export const currentCheckInCode = async (guest: CheckInSubject): Promise<string> => checkInCode(guest, (await checkInCodeKeys.forSealing()).current.key);
