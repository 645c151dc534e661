import { deriveMfaSecretKey } from '../domain/accounts/second-factor.ts';
import { derivedSealingKeys } from './sealing-secret.ts';

/** The keys that seal TOTP secrets (shared/data/accounts/second-factor.ts). */
export const mfaSecretKey = derivedSealingKeys(deriveMfaSecretKey);
