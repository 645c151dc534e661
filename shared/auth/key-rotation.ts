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
 * The rotation of a key secret, in Secrets Manager's four steps (the rotation Lambda runs them in order,
 * each may be retried): make the pending key set, hand it on, prove it works, then make it current. For
 * the token keys: publish its public keys to the verifiers' secret, prove a token it signs verifies
 * against what was published; publishing comes before the new key signs anything, so no verifier meets a
 * `kid` it cannot find. For the sealing keys (./sealing-key-rotation.ts): prove the new key seals and
 * every earlier key is still there. The `kid` of the new key is the secret version that introduced it.
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

/**
 * What differs between the rotated secrets: how the pending value is made from the current one, whether
 * a pending value already holds the key made for this version (a retried createSecret), what setSecret
 * hands on (the token keys publish their public halves; the sealing keys have nobody to tell) and what
 * testSecret proves before finishSecret makes the pending value current.
 */
export type RotatedKeys = {
  next(currentText: string | undefined, kid: string, now: Date): Promise<string>;
  holdsKey(pendingText: string, kid: string): boolean;
  publish(pendingText: string): Promise<void>;
  prove(pendingText: string, currentText: string | undefined): Promise<void>;
};

/** Secrets Manager's four steps for one rotated secret, each safe to retry. */
export async function rotateKeySecret(request: RotationRequest, secrets: KeySecrets, keys: RotatedKeys, now = new Date()): Promise<void> {
  const { Step: step, SecretId: secretId, ClientRequestToken: version } = request;
  const { rotationEnabled, stages } = await secrets.describe(secretId);
  if (!rotationEnabled) throw new Error(`Rotation is not enabled on ${secretId}`);
  const stagesOfVersion = stages[version];
  if (!stagesOfVersion) throw new Error(`${secretId} has no version ${version}`);
  if (stagesOfVersion.includes('AWSCURRENT')) return;
  if (!stagesOfVersion.includes('AWSPENDING')) throw new Error(`Version ${version} of ${secretId} is not pending rotation`);

  const pending = async () => {
    const text = await secrets.read(secretId, { versionId: version });
    if (text === undefined || !keys.holdsKey(text, version)) throw new Error(`Version ${version} of ${secretId} holds no key set`);
    return text;
  };

  switch (step) {
    case 'createSecret': {
      const made = await secrets.read(secretId, { versionId: version });
      if (made !== undefined && keys.holdsKey(made, version)) return;
      await secrets.write(secretId, await keys.next(await secrets.read(secretId, 'current'), version, now), version);
      return;
    }
    case 'setSecret':
      await keys.publish(await pending());
      return;
    case 'testSecret':
      await keys.prove(await pending(), await secrets.read(secretId, 'current'));
      return;
    case 'finishSecret': {
      const from = Object.entries(stages).find(([, versionStages]) => versionStages.includes('AWSCURRENT'))?.[0];
      if (!from) throw new Error(`${secretId} has no current version`);
      await secrets.makeCurrent(secretId, version, from);
      return;
    }
  }
}

const signingKeySet = (text: string | undefined): SigningKeySet => (text === undefined ? { keys: [] } : signingKeySetSchema.parse(JSON.parse(text)));

/** The token keys: a new key pair in front, its public half published to the verifiers' secret first. */
export const tokenKeysRotation = (secrets: KeySecrets, verificationSecretId: string): RotatedKeys => ({
  next: async (currentText, kid) => JSON.stringify(rotatedKeySet(signingKeySet(currentText), await newSigningKey(kid))),
  holdsKey: (pendingText, kid) => signingKeySet(pendingText).keys[0]?.kid === kid,
  publish: async (pendingText) => secrets.write(verificationSecretId, JSON.stringify(publishedKeys(signingKeySet(pendingText)))),
  prove: async (pendingText) => proveVerifiable(signingKeySet(pendingText), await secrets.read(verificationSecretId, 'current')),
});

export const rotateTokenKeys = (request: RotationRequest, secrets: KeySecrets, verificationSecretId: string): Promise<void> =>
  rotateKeySecret(request, secrets, tokenKeysRotation(secrets, verificationSecretId));

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
