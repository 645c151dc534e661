import { createLocalJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { type KeySecrets, type RotationStep, rotateKeySecret, rotateTokenKeys } from '../../shared/auth/key-rotation.ts';
import { signingKeySetSchema, verificationKeySetSchema } from '../../shared/auth/key-set.ts';
import { sealingKeysRotation } from '../../shared/auth/sealing-key-rotation.ts';
import { parseSealingKeySet, type SealingKeySet } from '../../shared/auth/sealing-key-set.ts';
import { deriveSealKey } from '../../shared/domain/invitations/code-seal.ts';
import { LEGACY_SEALING_KID, openText, sealedKeyId, sealingKeyRing, sealText } from '../../shared/domain/sealing/sealed-text.ts';

/**
 * Secrets Manager's versions and stages, in memory: what the rotation Lambda sees in AWS. (The real
 * service cannot run here; functions/key-rotation/secrets-manager.ts is the thin SDK side of this port.)
 */
function fakeSecrets(initial: Record<string, string>) {
  let versionCounter = 0;
  type Version = { value?: string; stages: string[] };
  const secrets = new Map<string, { versions: Map<string, Version> }>();
  const putCurrent = (secretId: string, value: string) => {
    const secret = secrets.get(secretId) ?? { versions: new Map<string, Version>() };
    secrets.set(secretId, secret);
    for (const version of secret.versions.values()) version.stages = version.stages.filter((stage) => stage !== 'AWSCURRENT');
    secret.versions.set(`v${(versionCounter += 1)}`, { value, stages: ['AWSCURRENT'] });
  };
  for (const [secretId, value] of Object.entries(initial)) putCurrent(secretId, value);
  const port: KeySecrets = {
    describe: async (secretId) => ({
      rotationEnabled: true,
      stages: Object.fromEntries([...(secrets.get(secretId)?.versions ?? [])].map(([id, version]) => [id, [...version.stages]])),
    }),
    read: async (secretId, at) => {
      const versions = [...(secrets.get(secretId)?.versions ?? [])];
      const found = at === 'current' ? versions.find(([, version]) => version.stages.includes('AWSCURRENT')) : versions.find(([id]) => id === at.versionId);
      return found?.[1].value;
    },
    write: async (secretId, value, pendingVersionId) => {
      if (pendingVersionId === undefined) return putCurrent(secretId, value);
      const version = secrets.get(secretId)?.versions.get(pendingVersionId);
      if (!version) throw new Error('no such version');
      version.value = value;
    },
    makeCurrent: async (secretId, versionId, fromVersionId) => {
      const versions = secrets.get(secretId)?.versions;
      const to = versions?.get(versionId);
      const from = versions?.get(fromVersionId);
      if (!to || !from?.stages.includes('AWSCURRENT')) throw new Error('stage not on that version');
      from.stages = from.stages.filter((stage) => stage !== 'AWSCURRENT').concat('AWSPREVIOUS');
      to.stages = ['AWSCURRENT'];
    },
  };
  /** What Secrets Manager does before invoking the function: a version staged AWSPENDING, with no value yet. */
  const startRotation = (secretId: string, token: string) => secrets.get(secretId)?.versions.set(token, { stages: ['AWSPENDING'] });
  return { port, startRotation, current: (secretId: string) => port.read(secretId, 'current') };
}

const SIGNING = 'token-signing-keys';
const PUBLISHED = 'token-verification-keys';
const steps: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

async function rotate(fake: ReturnType<typeof fakeSecrets>, token: string, repeatEachStep = false) {
  fake.startRotation(SIGNING, token);
  for (const step of steps) {
    await rotateTokenKeys({ Step: step, SecretId: SIGNING, ClientRequestToken: token }, fake.port, PUBLISHED);
    if (repeatEachStep) await rotateTokenKeys({ Step: step, SecretId: SIGNING, ClientRequestToken: token }, fake.port, PUBLISHED);
  }
}

const signingSet = async (fake: ReturnType<typeof fakeSecrets>) => signingKeySetSchema.parse(JSON.parse((await fake.current(SIGNING)) ?? ''));
const publishedSet = async (fake: ReturnType<typeof fakeSecrets>) => verificationKeySetSchema.parse(JSON.parse((await fake.current(PUBLISHED)) ?? ''));

async function tokenSignedBy(fake: ReturnType<typeof fakeSecrets>) {
  const [key] = (await signingSet(fake)).keys;
  if (!key) throw new Error('no key');
  return new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: key.kid }).setExpirationTime('5m').sign(await importJWK(key, 'ES256'));
}

const verifies = async (fake: ReturnType<typeof fakeSecrets>, token: string) =>
  jwtVerify(token, createLocalJWKSet(await publishedSet(fake)), { algorithms: ['ES256'] }).then(() => true, () => false);

describe('token key rotation (Secrets Manager steps)', () => {
  it('makes the first key pair from the empty set the stack deploys, named by the secret version, and publishes only its public half', async () => {
    const fake = fakeSecrets({ [SIGNING]: '{"keys":[]}', [PUBLISHED]: '{"keys":[]}' });

    await rotate(fake, 'version-1');

    const signing = await signingSet(fake);
    const published = await publishedSet(fake);
    expect(signing.keys.map((key) => key.kid)).toEqual(['version-1']);
    expect(published.keys.map((key) => key.kid)).toEqual(['version-1']);
    expect(JSON.stringify(published)).not.toContain('"d"');
  });

  it('keeps tokens of the previous key verifying after a rotation, signs new ones with the new key, and drops the key two rotations back', async () => {
    const fake = fakeSecrets({ [SIGNING]: '{"keys":[]}', [PUBLISHED]: '{"keys":[]}' });
    await rotate(fake, 'version-1');
    const before = await tokenSignedBy(fake);

    await rotate(fake, 'version-2');
    const after = await tokenSignedBy(fake);

    expect(await verifies(fake, before)).toBe(true);
    expect(await verifies(fake, after)).toBe(true);
    expect((await signingSet(fake)).keys.map((key) => key.kid)).toEqual(['version-2', 'version-1']);

    await rotate(fake, 'version-3');

    expect((await publishedSet(fake)).keys.map((key) => key.kid)).toEqual(['version-3', 'version-2']);
    expect(await verifies(fake, before)).toBe(false);
    expect(await verifies(fake, after)).toBe(true);
  });

  it('publishes the new key before it becomes the signing key, so no verifier meets an unknown kid', async () => {
    const fake = fakeSecrets({ [SIGNING]: '{"keys":[]}', [PUBLISHED]: '{"keys":[]}' });
    await rotate(fake, 'version-1');
    fake.startRotation(SIGNING, 'version-2');

    for (const step of ['createSecret', 'setSecret'] as const) await rotateTokenKeys({ Step: step, SecretId: SIGNING, ClientRequestToken: 'version-2' }, fake.port, PUBLISHED);

    expect((await signingSet(fake)).keys.map((key) => key.kid)).toEqual(['version-1']);
    expect((await publishedSet(fake)).keys.map((key) => key.kid)).toEqual(['version-2', 'version-1']);
  });

  it('gives the same result when Secrets Manager retries every step', async () => {
    const fake = fakeSecrets({ [SIGNING]: '{"keys":[]}', [PUBLISHED]: '{"keys":[]}' });
    await rotate(fake, 'version-1', true);
    const first = await signingSet(fake);

    await rotate(fake, 'version-2', true);

    const second = await signingSet(fake);
    expect(second.keys.map((key) => key.kid)).toEqual(['version-2', 'version-1']);
    expect(second.keys[1]).toEqual(first.keys[0]);
  });

  it('refuses a version that is not pending, and a test step whose key was not published', async () => {
    const fake = fakeSecrets({ [SIGNING]: '{"keys":[]}', [PUBLISHED]: '{"keys":[]}' });

    await expect(rotateTokenKeys({ Step: 'createSecret', SecretId: SIGNING, ClientRequestToken: 'unknown' }, fake.port, PUBLISHED)).rejects.toThrow(/no version/);
    fake.startRotation(SIGNING, 'version-1');
    await rotateTokenKeys({ Step: 'createSecret', SecretId: SIGNING, ClientRequestToken: 'version-1' }, fake.port, PUBLISHED);
    await expect(rotateTokenKeys({ Step: 'testSecret', SecretId: SIGNING, ClientRequestToken: 'version-1' }, fake.port, PUBLISHED)).rejects.toThrow();
  });
});

describe('sealing key rotation (the same four steps)', () => {
  const SEALING = 'sealing-key';
  const legacySecret = 'a-generated-sealing-secret-of-64-characters-0123456789abcdefghijk';

  async function rotateSealing(fake: ReturnType<typeof fakeSecrets>, token: string, repeatEachStep = false) {
    fake.startRotation(SEALING, token);
    for (const step of steps) {
      await rotateKeySecret({ Step: step, SecretId: SEALING, ClientRequestToken: token }, fake.port, sealingKeysRotation);
      if (repeatEachStep) await rotateKeySecret({ Step: step, SecretId: SEALING, ClientRequestToken: token }, fake.port, sealingKeysRotation);
    }
  }
  const sealingSet = async (fake: ReturnType<typeof fakeSecrets>) => parseSealingKeySet((await fake.current(SEALING)) ?? '');
  const ringOf = (set: SealingKeySet) => sealingKeyRing(set.keys.map(({ kid, secret }) => [kid, deriveSealKey(new TextEncoder().encode(secret))] as const));

  it('puts a new key in front of the plain secret the stack deploys (kept as the legacy key), keeps every earlier key, and the same on retried steps', async () => {
    const fake = fakeSecrets({ [SEALING]: legacySecret });
    const sealedBefore = sealText('code', 'guest-1', ringOf(await sealingSet(fake)));

    await rotateSealing(fake, 'version-1', true);
    await rotateSealing(fake, 'version-2');

    const set = await sealingSet(fake);
    expect(set.keys.map((key) => key.kid)).toEqual(['version-2', 'version-1', LEGACY_SEALING_KID]);
    expect(set.keys[2]?.secret).toBe(legacySecret);
    expect(sealedKeyId(sealText('code', 'guest-1', ringOf(set)))).toBe('version-2');
    expect(openText(sealedBefore, 'guest-1', ringOf(set))).toBe('code');
  });

  it('refuses to make current a pending set that lost a key of the current one', async () => {
    const fake = fakeSecrets({ [SEALING]: legacySecret });
    fake.startRotation(SEALING, 'version-1');
    await rotateKeySecret({ Step: 'createSecret', SecretId: SEALING, ClientRequestToken: 'version-1' }, fake.port, sealingKeysRotation);
    const pending = parseSealingKeySet((await fake.port.read(SEALING, { versionId: 'version-1' })) ?? '');
    await fake.port.write(SEALING, JSON.stringify({ keys: pending.keys.filter((key) => key.kid !== LEGACY_SEALING_KID) }), 'version-1');

    await expect(rotateKeySecret({ Step: 'testSecret', SecretId: SEALING, ClientRequestToken: 'version-1' }, fake.port, sealingKeysRotation)).rejects.toThrow(/lacks legacy/);
    expect((await sealingSet(fake)).keys.map((key) => key.kid)).toEqual([LEGACY_SEALING_KID]);
  });
});
