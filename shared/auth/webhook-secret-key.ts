import { deriveWebhookSecretKey } from '../domain/webhooks/signature.ts';
import { derivedSealingKeys } from './sealing-secret.ts';

/** The keys that seal webhook signing secrets (shared/webhooks/secrets.ts). */
export const webhookSecretKey = derivedSealingKeys(deriveWebhookSecretKey);
