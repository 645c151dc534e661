import { deriveSealKey } from '../domain/invitations/code-seal.ts';
import { signingKey } from './signing-key.ts';

/** The key that seals invitation codes, derived once per container from the signing secret. */
let sealKey: Promise<Buffer> | undefined;

export function invitationSealKey(): Promise<Buffer> {
  sealKey ??= signingKey().then(deriveSealKey).catch((error: unknown) => {
    sealKey = undefined;
    throw error;
  });
  return sealKey;
}
