import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientOptions } from '#shared/aws/client-options.ts';
import { type RotationRequest, rotateTokenKeys } from '#shared/auth/key-rotation.ts';
import { config } from '#shared/config.ts';
import { createLogger } from '#shared/logger.ts';
import { secretsManagerKeySecrets } from './secrets-manager.ts';

/**
 * Secrets Manager's rotation function for the token signing keys (infra/constructs/token-keys.ts): every
 * 30 days, and once at the first deploy, which is what makes the first key pair.
 */
let client: SecretsManagerClient | undefined;

export async function handler(event: RotationRequest): Promise<void> {
  const { LOG_LEVEL, TOKEN_VERIFICATION_KEYS_SECRET_ARN } = config();
  if (!TOKEN_VERIFICATION_KEYS_SECRET_ARN) throw new Error('Invalid configuration: set TOKEN_VERIFICATION_KEYS_SECRET_ARN');
  client ??= new SecretsManagerClient(awsClientOptions('secretsmanager'));
  await rotateTokenKeys(event, secretsManagerKeySecrets(client), TOKEN_VERIFICATION_KEYS_SECRET_ARN);
  createLogger({ component: 'key-rotation' }, LOG_LEVEL).info('token key rotation step done', { step: event.Step, version: event.ClientRequestToken });
}
