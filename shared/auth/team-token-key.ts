import { deriveTeamTokenSealKey } from '../domain/team/invitation-token.ts';
import { signingKey } from './signing-key.ts';

/** The key that seals team invitation tokens in their notices, derived once per container from the signing secret. */
let sealKey: Promise<Buffer> | undefined;

export function teamTokenSealKey(): Promise<Buffer> {
  sealKey ??= signingKey().then(deriveTeamTokenSealKey).catch((error: unknown) => {
    sealKey = undefined;
    throw error;
  });
  return sealKey;
}
