import { createLocalJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';
import {
  newSigningKey,
  publishedKeys,
  rotatedKeySet,
  type SigningKeySet,
  signingKeySetSchema,
  TOKEN_ALGORITHM,
  verificationKeySetSchema,
} from './key-set.ts';

/**
 * The token keys' rotation, in Secrets Manager's four steps (the rotation Lambda runs them in order, each
 * may be retried): make the pending key set, publish its public keys to the verifiers' secret, prove a
 * token it signs verifies against what was published, then make it current. Publishing comes before
 * the new key signs anything, so no verifier meets a `kid` it cannot find. The `kid` of the new key is
 * the secret version that introduced it.
 */
export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
export type RotationRequest = { Step: RotationStep; SecretId: string; ClientRequestToken: string };

/** The Secrets Manager calls the rotation makes: the SDK in AWS (functions/key-rotation), a fake in unit tests. */
export interface KeySecrets {
  /** Whether rotation is on, and the stages of each version of the secret. */
  describe(secretId: string): Promise<{ rotationEnabled: boolean; stages: Record<string, string[]> }>;
  /** The value of one version, or of the current one; undefined when there is no such version. */
  read(secretId: string, version: { versionId: string } | 'current'): Promise<string | undefined>;
  /** A new version: the pending one of a rotation, or (without a version) a new current value. */
  write(secretId: string, value: string, pendingVersionId?: string): Promise<void>;
  /** Moves AWSCURRENT from one version to another. */
  makeCurrent(secretId: string, versionId: string, fromVersionId: string): Promise<void>;
}

export async function rotateTokenKeys(request: RotationRequest, secrets: KeySecrets, verificationSecretId: string): Promise<void> {
  const { Step: step, SecretId: secretId, ClientRequestToken: version } = request;
  const { rotationEnabled, stages } = await secrets.describe(secretId);
  if (!rotationEnabled) throw new Error(`Rotation is not enabled on ${secretId}`);
  const stagesOfVersion = stages[version];
  if (!stagesOfVersion) throw new Error(`${secretId} has no version ${version}`);
  if (stagesOfVersion.includes('AWSCURRENT')) return;
  if (!stagesOfVersion.includes('AWSPENDING')) throw new Error(`Version ${version} of ${secretId} is not pending rotation`);

  const keySet = async (at: { versionId: string } | 'current'): Promise<SigningKeySet | undefined> => {
    const text = await secrets.read(secretId, at);
    return text === undefined ? undefined : signingKeySetSchema.parse(JSON.parse(text));
  };
  const current = async () => (await keySet('current')) ?? { keys: [] };
  const pending = async () => {
    const set = await keySet({ versionId: version });
    if (!set?.keys.length) throw new Error(`Version ${version} of ${secretId} holds no key set`);
    return set;
  };

  switch (step) {
    case 'createSecret': {
      if ((await keySet({ versionId: version }))?.keys[0]?.kid === version) return;
      const next = rotatedKeySet(await current(), await newSigningKey(version));
      await secrets.write(secretId, JSON.stringify(next), version);
      return;
    }
    case 'setSecret':
      await secrets.write(verificationSecretId, JSON.stringify(publishedKeys(await pending())));
      return;
    case 'testSecret':
      await proveVerifiable(await pending(), await secrets.read(verificationSecretId, 'current'));
      return;
    case 'finishSecret': {
      const from = Object.entries(stages).find(([, versionStages]) => versionStages.includes('AWSCURRENT'))?.[0];
      if (!from) throw new Error(`${secretId} has no current version`);
      await secrets.makeCurrent(secretId, version, from);
      return;
    }
  }
}

/** A token signed by the pending key verifies against the published keys, or the rotation stops here. */
async function proveVerifiable(pending: SigningKeySet, publishedText: string | undefined): Promise<void> {
  const [signer] = pending.keys;
  if (!signer) throw new Error('The pending key set is empty');
  const published = verificationKeySetSchema.parse(JSON.parse(publishedText ?? '{"keys":[]}'));
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: signer.kid })
    .setIssuedAt()
    .setExpirationTime('1m')
    .sign(await importJWK(signer, TOKEN_ALGORITHM));
  await jwtVerify(token, createLocalJWKSet(published), { algorithms: [TOKEN_ALGORITHM] });
}
