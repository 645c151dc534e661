import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientOptions } from '#shared/aws/client-options.ts';
import { type RotationRequest, rotateKeySecret, tokenKeysRotation } from '#shared/auth/key-rotation.ts';
import { sealingKeysRotation } from '#shared/auth/sealing-key-rotation.ts';
import { config } from '#shared/config.ts';
import { createLogger } from '#shared/logger.ts';
import { secretsManagerKeySecrets } from './secrets-manager.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/**
 * Secrets Manager's rotation function for the key secrets (infra/constructs/token-keys.ts): the token
 * signing keys every 30 days (and once at the first deploy, which is what makes the first key pair), and
 * the sealing key set every 90 days. Which one a call is for is its SecretId.
 */
let client: SecretsManagerClient | undefined;

async function handle(event: RotationRequest): Promise<void> {
  const { LOG_LEVEL, TOKEN_VERIFICATION_KEYS_SECRET_ARN, SEALING_KEY_SECRET_ARN } = config();
  if (!TOKEN_VERIFICATION_KEYS_SECRET_ARN) throw new Error('Invalid configuration: set TOKEN_VERIFICATION_KEYS_SECRET_ARN');
  client ??= new SecretsManagerClient(awsClientOptions('secretsmanager'));
  const secrets = secretsManagerKeySecrets(client);
  const sealing = event.SecretId === SEALING_KEY_SECRET_ARN;
  await rotateKeySecret(event, secrets, sealing ? sealingKeysRotation : tokenKeysRotation(secrets, TOKEN_VERIFICATION_KEYS_SECRET_ARN));
  createLogger({ component: 'key-rotation' }, LOG_LEVEL).info('key rotation step done', { secret: sealing ? 'sealing keys' : 'token keys', step: event.Step, version: event.ClientRequestToken });
}

export const handler = tracedHandler(handle);
