import { deriveTeamTokenSealKey } from '../domain/team/invitation-token.ts';
import { derivedSealingKeys } from './sealing-secret.ts';

/** The keys that seal team invitation tokens in their notices. */
export const teamTokenSealKey = derivedSealingKeys(deriveTeamTokenSealKey);
