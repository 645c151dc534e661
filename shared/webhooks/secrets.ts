import { webhookSecretKey } from '../auth/webhook-secret-key.ts';
import { openText, sealText } from '../domain/sealing/sealed-text.ts';
import type { SealedSecret } from '../domain/webhooks/endpoint.ts';

/**
 * Signing secrets kept sealed (the sealing key set, bound to their endpoint): the API shows a secret once,
 * when it is made, and the sender opens it to sign. A secret sealed under a key since retired cannot be
 * opened and no longer signs (rotate to get a new one).
 */
export const sealSecret = async (secret: string, endpointId: string): Promise<string> => sealText(secret, endpointId, await webhookSecretKey.forSealing());

export async function openSecrets(secrets: readonly SealedSecret[], endpointId: string): Promise<string[]> {
  const opened = await Promise.all(secrets.map(async ({ sealed }) => openText(sealed, endpointId, await webhookSecretKey.forOpening(sealed))));
  return opened.filter((secret): secret is string => secret !== null);
}
