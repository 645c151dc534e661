import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as adminHandler } from '../../functions/admin/handler.ts';
import { resealSealedValues, retireSealingKey } from '../../functions/admin/sealed-values.ts';
import { sealingKeyStore } from '../../functions/admin/sealing-key-store.ts';
import { openTotpSecret } from '../../functions/auth/second-factor-proof.ts';
import { rsvpLinks } from '../../functions/outbox/guest-links.ts';
import { forgetConfigAndClients } from '../../infra/local/function-clients.ts';
import { ensureLocalKeys, type LocalKeyFiles, localKeyEnv, rotateLocalSealingKeys } from '../../infra/local/keys.ts';
import { parseSealingKeySet, SEALING_KEY_HANDOVER_MS } from '../../shared/auth/sealing-key-set.ts';
import { forgetSealingSecret } from '../../shared/auth/sealing-secret.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { listAllGuests } from '../../shared/data/guests/reads.ts';
import { secondFactorKeys, teamKeys } from '../../shared/data/keys.ts';
import { LEGACY_SEALING_KID, sealedKeyId } from '../../shared/domain/sealing/sealed-text.ts';
import { hashInvitationToken } from '../../shared/domain/team/invitation-token.ts';
import { lambdaContext } from '../support/http-event.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { storedItem } from './auth-fixtures.ts';
import { createEvent } from './events-fixtures.ts';
import { guestsApi, people } from './guests-fixtures.ts';
import { uniqueTag } from './invitations-fixtures.ts';
import { enrolledAccount } from './mfa-fixtures.ts';
import { invite, tokenMailedTo } from './team-invitations-fixtures.ts';

/**
 * The sealing keys' lifecycle run locally (docs/token-keys.md, "The sealing keys"): values sealed under
 * the first key (invitation codes, a stored answer, a team-invitation token, a TOTP secret), a rotation
 * (the same set change the rotation Lambda makes in AWS), the operator's re-seal, then the retirement of
 * the old key, refused while anything is still sealed under it. Every value still opens at the end,
 * through the code that uses it. This file has key files of its own: rotating the run's shared ones
 * would change them under the other files; and its own table, so the walks see only its values.
 */
let dir: string;
let files: LocalKeyFiles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epa-sealing-keys-'));
  files = await ensureLocalKeys(dir);
  Object.assign(process.env, localKeyEnv(files));
  forgetConfigAndClients();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The kid of every sealed value in this file's table, read whole with the SDK (not with the code under test). */
async function sealedKids(): Promise<string[]> {
  const kids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const response = item.response as { body?: string; sealed?: boolean } | undefined;
      const details = item.details as { token_sealed?: string } | undefined;
      const values = [item.code_sealed, item.secret_sealed, item.pending_secret_sealed, details?.token_sealed, response?.sealed ? response.body : undefined];
      for (const value of values) if (typeof value === 'string') kids.push(sealedKeyId(value) ?? 'not sealed');
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return kids.sort();
}

const keysInFile = async () => parseSealingKeySet(await readFile(files.sealingKey, 'utf8')).keys.map((key) => key.kid);
const contextWith = (remainingMs: number): Context => ({ ...lambdaContext(), getRemainingTimeInMillis: () => remainingMs });

describe('rotating, re-sealing and retiring the sealing keys', () => {
  it('re-seals every stored value under the new key, refuses to retire the old one until then, and every value still opens afterwards', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner);
    const idempotencyKey = randomUUID();
    const addRequest = { body: { guest_list: people(3, `sealed-${uniqueTag()}`) }, headers: { 'idempotency-key': idempotencyKey } };
    const added = await guestsApi(planner, 'POST', `/api/events/${event.id}/guests`, addRequest);
    const teamAddress = `sealing_${uniqueTag()}@example.com`;
    const invited = await invite(planner, event.id, { email: teamAddress, role: 'viewer' });
    const account = await enrolledAccount();
    // 3 invitation codes, the stored answer that showed them, the team-invitation token, the TOTP secret.
    expect(added.status).toBe(201);
    expect(await sealedKids()).toEqual(Array(6).fill(LEGACY_SEALING_KID));

    const { kid } = await rotateLocalSealingKeys(files.sealingKey, new Date());
    // The containers' cache (5 minutes) has run out: from now on they seal under the new key.
    forgetSealingSecret();
    const handedOver = new Date(Date.now() + SEALING_KEY_HANDOVER_MS);
    const tooSoon = await retireSealingKey(LEGACY_SEALING_KID, sealingKeyStore());
    const whileSealed = await retireSealingKey(LEGACY_SEALING_KID, sealingKeyStore(), { now: handedOver });
    const theSealingKey = await retireSealingKey(kid, sealingKeyStore(), { now: handedOver });
    await guestsApi(planner, 'POST', `/api/events/${event.id}/guests`, { body: { guest_list: people(1, `later-${uniqueTag()}`) } });

    expect(await keysInFile()).toEqual([kid, LEGACY_SEALING_KID]);
    expect(tooSoon).toMatchObject({ retired: false, reason: expect.stringMatching(/less than 15 minutes/) });
    expect(whileSealed).toEqual({ retired: false, kid: LEGACY_SEALING_KID, reason: expect.stringMatching(/reseal-sealed-values/), still_sealed: 6 });
    expect(theSealingKey).toMatchObject({ retired: false, reason: expect.stringMatching(/seals now/) });
    expect(await keysInFile()).toEqual([kid, LEGACY_SEALING_KID]);
    expect(await sealedKids()).toEqual([...Array(6).fill(LEGACY_SEALING_KID), kid].sort());

    const resealed = await resealSealedValues({ segments: 3 });
    const again = await resealSealedValues();
    const retired = await retireSealingKey(LEGACY_SEALING_KID, sealingKeyStore(), { now: handedOver });

    expect(resealed).toEqual({ resealed: 6, already_current: 1, changed_meanwhile: 0, unopenable: 0, current_kid: kid });
    expect(again).toEqual({ resealed: 0, already_current: 7, changed_meanwhile: 0, unopenable: 0, current_kid: kid });
    expect(retired).toEqual({ retired: true, kid: LEGACY_SEALING_KID, keys_left: [kid] });
    expect(await keysInFile()).toEqual([kid]);
    expect(await sealedKids()).toEqual(Array(7).fill(kid));

    // Everything opens under what is left of the set, through the code that uses each value.
    const replayed = await guestsApi(planner, 'POST', `/api/events/${event.id}/guests`, addRequest);
    const guests = (await listAllGuests(event.id)).filter((guest) => added.body.data.some((first: { id: string }) => first.id === guest.id));
    const links = await rsvpLinks(guests, { issueWhenMissing: false, now: new Date() });
    const factor = await storedItem(secondFactorKeys.factor(account.userId));
    const token = await tokenMailedTo(teamAddress);

    expect(replayed.body).toEqual(added.body);
    expect(guests).toHaveLength(3);
    expect(Object.fromEntries(links)).toEqual(Object.fromEntries(added.body.data.map((guest: { id: string; rsvp_url: string }) => [guest.id, guest.rsvp_url])));
    expect(await openTotpSecret(account.userId, factor?.secret_sealed as string)).toBe(account.secret);
    expect(hashInvitationToken(token)).toBe((await storedItem(teamKeys.invite(event.id, invited.id)))?.token_hash);
  });

  it('runs through the admin function: a re-seal out of time answers where to go on, the rest is done from there, and a retirement of the key that seals is refused', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner);
    await guestsApi(planner, 'POST', `/api/events/${event.id}/guests`, { body: { guest_list: people(2, `admin-${uniqueTag()}`) } });
    const { kid } = await rotateLocalSealingKeys(files.sealingKey, new Date());
    forgetSealingSecret();
    const operator = 'oncall';
    // This file's first test left its values under the key that was current then: they are re-sealed too.
    const sealedBefore = (await sealedKids()).length;

    const outOfTime = await adminHandler({ action: 'reseal-sealed-values', operator }, contextWith(1_000));
    const resume = (outOfTime as { result: { resume?: string } }).result.resume;
    const finished = await adminHandler({ action: 'reseal-sealed-values', operator, resume }, contextWith(600_000));
    const refused = await adminHandler({ action: 'retire-sealing-key', operator, kid }, contextWith(600_000));
    const badResume = adminHandler({ action: 'reseal-sealed-values', operator, resume: 'not-a-token' }, contextWith(600_000));
    const badPayload = await adminHandler({ action: 'retire-sealing-key', operator }, contextWith(600_000));

    expect(outOfTime).toEqual({ ok: true, result: { resealed: 0, already_current: 0, changed_meanwhile: 0, unopenable: 0, current_kid: kid, resume: expect.any(String) } });
    expect(sealedBefore).toBeGreaterThanOrEqual(2);
    expect(finished).toEqual({ ok: true, result: { resealed: sealedBefore, already_current: 0, changed_meanwhile: 0, unopenable: 0, current_kid: kid } });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/seals now/) });
    await expect(badResume).rejects.toThrow(/Not a resume token/);
    expect(badPayload).toMatchObject({ ok: false, error: expect.stringContaining('kid') });
    expect((await sealedKids()).filter((sealedUnder) => sealedUnder !== kid)).toEqual([]);
  });

  it('runs through `npm run admin`: a re-seal answers its counts as JSON; a retirement of the key that seals, or without a kid, fails and changes nothing', async () => {
    const admin = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], { env: { ...process.env, OPERATOR: 'oncall' } });
    const keysBefore = await keysInFile();
    const [current] = keysBefore;
    const failure = (error: { code: number; stderr: string }) => error;

    const resealed = await admin('reseal-sealed-values');
    const refused = await admin('retire-sealing-key', '--kid', current as string).catch(failure);
    const withoutKid = await admin('retire-sealing-key').catch(failure);

    expect(JSON.parse(resealed.stdout)).toMatchObject({ resealed: 0, unopenable: 0, current_kid: current });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('seals now') });
    expect(withoutKid).toMatchObject({ code: 2, stderr: expect.stringContaining('retire-sealing-key --kid <kid>') });
    expect(await keysInFile()).toEqual(keysBefore);
  });
});
