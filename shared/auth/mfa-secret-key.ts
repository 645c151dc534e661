import { deriveSealingKey } from '../domain/sealing/sealed-text.ts';
import { keyDerivedOnce } from './sealing-secret.ts';

/** The key that seals TOTP secrets (shared/data/accounts/second-factor.ts): its own salt and info string. */
export const mfaSecretKey = keyDerivedOnce((secret) => deriveSealingKey(secret, 'event-planning/mfa-totp-secret', 'totp secret v1'));
