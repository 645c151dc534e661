import { deriveSealKey } from '../domain/invitations/code-seal.ts';
import { keyDerivedOnce } from './sealing-secret.ts';

/** The key that seals invitation codes. */
export const invitationSealKey = keyDerivedOnce(deriveSealKey);
