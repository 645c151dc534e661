import { deriveTeamTokenSealKey } from '../domain/team/invitation-token.ts';
import { keyDerivedOnce } from './sealing-secret.ts';

/** The key that seals team invitation tokens in their notices. */
export const teamTokenSealKey = keyDerivedOnce(deriveTeamTokenSealKey);
