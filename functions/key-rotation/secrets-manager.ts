import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { KeySecrets } from '#shared/auth/key-rotation.ts';

/** The rotation's Secrets Manager calls, through the SDK. */
export function secretsManagerKeySecrets(client: SecretsManagerClient): KeySecrets {
  return {
    describe: async (secretId) => {
      const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
      return { rotationEnabled: described.RotationEnabled === true, stages: described.VersionIdsToStages ?? {} };
    },
    read: async (secretId, version) => {
      const which = version === 'current' ? { VersionStage: 'AWSCURRENT' } : { VersionId: version.versionId, VersionStage: 'AWSPENDING' };
      try {
        return (await client.send(new GetSecretValueCommand({ SecretId: secretId, ...which }))).SecretString;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      }
    },
    write: async (secretId, value, pendingVersionId) => {
      const version = pendingVersionId === undefined ? {} : { ClientRequestToken: pendingVersionId, VersionStages: ['AWSPENDING'] };
      await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: value, ...version }));
    },
    makeCurrent: async (secretId, versionId, fromVersionId) => {
      await client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: versionId, RemoveFromVersionId: fromVersionId }));
    },
  };
}
