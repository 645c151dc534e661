import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as authorizer } from '../../functions/authorizer/handler.ts';
import { buildAuthorizerEvent } from '../../infra/local/api-gateway-event.ts';
import { forgetConfigAndClients } from '../../infra/local/function-clients.ts';
import { ensureLocalKeys, type LocalKeyFiles, localKeyEnv, rotateLocalTokenKeys } from '../../infra/local/keys.ts';
import { forgetSigningKeys } from '../../shared/auth/signing-keys.ts';
import { forgetVerificationKeys } from '../../shared/auth/verification-keys.ts';
import { currentUser } from './auth-fixtures.ts';
import { makeHttpEvent } from '../support/http-event.ts';
import { signedInUser } from '../support/signed-in-user.ts';

/**
 * A rotation of the token keys run locally (what the rotation Lambda does in AWS, docs/token-keys.md):
 * tokens signed before keep working until they expire, new ones carry the new `kid`, and a key two
 * rotations back is no longer accepted. This file has key files of its own: rotating the run's shared
 * ones would change them under the other files.
 */
let dir: string;
let files: LocalKeyFiles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epa-keys-'));
  files = await ensureLocalKeys(dir);
  Object.assign(process.env, localKeyEnv(files));
  forgetConfigAndClients();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const authorized = async (token: string) => {
  const authorization = `Bearer ${token}`;
  return (await authorizer(buildAuthorizerEvent(makeHttpEvent({ method: 'GET', path: '/api/auth/user', headers: { authorization } }), [authorization]))).isAuthorized;
};

describe('rotating the token signing keys', () => {
  it('keeps earlier tokens verifying, signs new ones with the new key, and drops the key two rotations back', async () => {
    const before = await signedInUser();

    const { kid: second } = await rotateLocalTokenKeys(files, new Date());
    // The issuer's cache (5 minutes) has run out; the verifiers' cache has not, and meets the new kid.
    forgetSigningKeys();
    const after = await signedInUser();

    expect(kidOf(after.token)).toBe(second);
    expect(kidOf(before.token)).not.toBe(second);
    expect((await currentUser(before.token)).status).toBe(200);
    expect((await currentUser(after.token)).status).toBe(200);
    expect(await authorized(before.token)).toBe(true);
    expect(await authorized(after.token)).toBe(true);

    await rotateLocalTokenKeys(files, new Date());
    forgetSigningKeys();
    forgetVerificationKeys();
    const latest = await signedInUser();

    expect((await currentUser(before.token)).status).toBe(401);
    expect(await authorized(before.token)).toBe(false);
    expect((await currentUser(after.token)).status).toBe(200);
    expect((await currentUser(latest.token)).status).toBe(200);
  });
});
