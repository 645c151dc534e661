import { deriveSealKey } from '../domain/invitations/code-seal.ts';
import { derivedSealingKeys } from './sealing-secret.ts';

/** The keys that seal invitation codes. */
export const invitationSealKey = derivedSealingKeys(deriveSealKey);
