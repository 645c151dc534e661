import { DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SealingKeyStore } from './sealed-values.ts';

/**
 * The sealing key set in Secrets Manager, for a retirement (functions/admin/sealed-values.ts). Secrets
 * Manager has no conditional write, so the new version is written only while no rotation is under way
 * and the current version is still the one read; a rotation that slipped in between the check and the
 * write is detected afterwards (the version the write replaced is not the one read) and reported, with
 * both versions named, so the operator can put the newer one back (its keys are all still in it).
 */
export function secretsManagerSealingKeyStore(client: SecretsManagerClient, secretId: string): SealingKeyStore {
  const stages = async () => (await client.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ?? {};
  const versionIn = (all: Record<string, string[]>, stage: string) => Object.entries(all).find(([, names]) => names.includes(stage))?.[0];
  return {
    read: async () => {
      const value = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
      if (!value.SecretString || !value.VersionId) throw new Error('The sealing key secret has no current value');
      return { text: value.SecretString, version: value.VersionId };
    },
    replace: async (set, readVersion) => {
      const before = await stages();
      const pending = versionIn(before, 'AWSPENDING');
      if (pending && pending !== versionIn(before, 'AWSCURRENT')) throw new Error('A rotation of the sealing key set is under way; retire once it has finished');
      if (versionIn(before, 'AWSCURRENT') !== readVersion) throw new Error('The sealing key set changed since it was read; run the retirement again');
      const written = await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(set) }));
      const replaced = versionIn(await stages(), 'AWSPREVIOUS');
      if (replaced !== readVersion) {
        throw new Error(`The sealing key set changed while it was written: version ${written.VersionId} replaced ${replaced}, not ${readVersion}. Make ${replaced} current again (aws secretsmanager update-secret-version-stage) and retire again.`);
      }
    },
  };
}
