import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SealingKeySet } from '#shared/auth/sealing-key-set.ts';
import { awsClientOptions } from '#shared/aws/client-options.ts';
import { replaceSecretFile } from '#shared/auth/secret-source.ts';
import { config } from '#shared/config.ts';

/**
 * Where the sealing key set is kept, as a retirement (./sealed-values.ts) reads and replaces it: the
 * secret in Secrets Manager in AWS, the file locally (infra/local/keys.ts makes it), whichever the
 * configuration names, like every reader of the set (shared/auth/sealing-secret.ts). `replace` fails
 * when the set changed since `read` (a rotation in between), so no key a rotation added is lost.
 */
export type SealingKeyStore = {
  read(): Promise<{ text: string; version: string }>;
  replace(set: SealingKeySet, readVersion: string): Promise<void>;
};

let client: SecretsManagerClient | undefined;

export function sealingKeyStore(): SealingKeyStore {
  const { SEALING_KEY_SECRET_ARN: secretArn, SEALING_KEY_FILE: file } = config();
  if (secretArn) return secretsManagerStore((client ??= new SecretsManagerClient(awsClientOptions('secretsmanager'))), secretArn);
  if (file) return fileStore(file);
  throw new Error('Invalid configuration: no source for the sealing key');
}

/** The file's version is its content's hash. */
function fileStore(file: string): SealingKeyStore {
  const read = async () => {
    const text = await readFile(file, 'utf8');
    return { text, version: createHash('sha256').update(text).digest('hex') };
  };
  return {
    read,
    replace: async (set, readVersion) => {
      if ((await read()).version !== readVersion) throw new Error(`${file} changed since it was read; run the retirement again`);
      await replaceSecretFile(file, set);
    },
  };
}

/**
 * Secrets Manager has no conditional write, so the new version is written only while no rotation is
 * under way and the current version is still the one read; a rotation that slipped in between the check
 * and the write is detected afterwards (the version the write replaced is not the one read) and reported,
 * with both versions named, so the operator can put the newer one back (its keys are all still in it).
 */
function secretsManagerStore(sm: SecretsManagerClient, secretId: string): SealingKeyStore {
  const stages = async () => (await sm.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ?? {};
  const versionIn = (all: Record<string, string[]>, stage: string) => Object.entries(all).find(([, names]) => names.includes(stage))?.[0];
  return {
    read: async () => {
      const value = await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
      if (!value.SecretString || !value.VersionId) throw new Error('The sealing key secret has no current value');
      return { text: value.SecretString, version: value.VersionId };
    },
    replace: async (set, readVersion) => {
      const before = await stages();
      const pending = versionIn(before, 'AWSPENDING');
      if (pending && pending !== versionIn(before, 'AWSCURRENT')) throw new Error('A rotation of the sealing key set is under way; retire once it has finished');
      if (versionIn(before, 'AWSCURRENT') !== readVersion) throw new Error('The sealing key set changed since it was read; run the retirement again');
      const written = await sm.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(set) }));
      const replaced = versionIn(await stages(), 'AWSPREVIOUS');
      if (replaced !== readVersion) {
        throw new Error(`The sealing key set changed while it was written: version ${written.VersionId} replaced ${replaced}, not ${readVersion}. Make ${replaced} current again (aws secretsmanager update-secret-version-stage) and retire again.`);
      }
    },
  };
}
