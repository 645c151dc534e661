import { afterEach, describe, expect, it } from 'vitest';
import { unverifiedAccountKeys, userKeys } from '../../shared/data/keys.ts';
import { type FaultInjector, injectDynamoDbFaults } from '../support/fault-injection.ts';
import { freshIp, login, newRegistration, register, storedItem } from './auth-fixtures.ts';

/**
 * Registration hardening: the per-address limit, and a 503 that always means nothing was written (the
 * answer of a write that landed is never lost to a 503 or a 409). Faults are injected on the one
 * registration transaction only (its items carry the USERNAME# claim), so the seed does not matter.
 */
let injector: FaultInjector | undefined;
afterEach(() => injector?.remove());

/** The documented default of REGISTRATIONS_PER_SOURCE_PER_HOUR. */
const REGISTRATIONS_PER_SOURCE = 10;

const registrationWrite = (input: Record<string, unknown>) => JSON.stringify(input.TransactItems ?? '').includes('USERNAME#');

describe('registration per source address', () => {
  it('allows ten registrations an hour from one address, then answers 429 with Retry-After and writes nothing', async () => {
    const address = freshIp();
    for (let index = 0; index < REGISTRATIONS_PER_SOURCE; index += 1) {
      expect((await register(newRegistration(), address)).status).toBe(201);
    }
    const refused = newRegistration();

    const response = await register(refused, address);

    expect(response.status).toBe(429);
    expect(response.body).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(response.headers['Retry-After']).toMatch(/^[1-9]\d*$/);
    expect(await storedItem(userKeys.usernameClaim(refused.username))).toBeUndefined();
    expect((await register(newRegistration(), freshIp())).status).toBe(201);
  });
});

describe('registration under faults: 503 means nothing was written', () => {
  it('answers 201 when the write landed but its answer was lost and the SDK retried it', async () => {
    injector = injectDynamoDbFaults([{ fault: 'lost-answer', commands: ['TransactWriteItems'], when: registrationWrite, firstCalls: 1 }], { seed: 1 });
    const registration = newRegistration();

    const response = await register(registration);

    expect(injector.injected['lost-answer']).toBe(1);
    expect(response.status).toBe(201);
    const userId = response.body.data.user.id as string;
    expect(await storedItem(userKeys.usernameClaim(registration.username))).toMatchObject({ user_id: userId });
    injector.pause();
    expect((await login({ login: registration.username, password: registration.password }, freshIp())).status).toBe(200);
  });

  it('answers 201, not 503, when every attempt landed-or-not is lost and the account is there', async () => {
    // Every attempt's answer is lost: the SDK gives up (socket hang-up), though the first attempt wrote.
    injector = injectDynamoDbFaults([{ fault: 'lost-answer', commands: ['TransactWriteItems'], when: registrationWrite, firstCalls: 10 }], { seed: 2 });
    const registration = newRegistration();

    const response = await register(registration);

    expect(injector.injected['lost-answer']).toBeGreaterThanOrEqual(2);
    expect(response.status).toBe(201);
    const userId = response.body.data.user.id as string;
    expect(await storedItem(userKeys.item(userId))).toMatchObject({ username: registration.username });
    expect(await storedItem(unverifiedAccountKeys.marker(userId))).toMatchObject({ user_id: userId });
  });

  it('answers 503 with Retry-After when the write never happened, and then nothing is stored', async () => {
    injector = injectDynamoDbFaults([{ fault: 'dynamodb-throughput', commands: ['TransactWriteItems'], when: registrationWrite, firstCalls: 10 }], { seed: 3 });
    const registration = newRegistration();

    const response = await register(registration);

    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'service_unavailable' });
    expect(response.headers['Retry-After']).toMatch(/^[1-9]\d*$/);
    injector.pause();
    expect(await storedItem(userKeys.usernameClaim(registration.username))).toBeUndefined();
    expect(await storedItem(userKeys.emailClaim(registration.email))).toBeUndefined();
  });

  it('answers a repeat with the same Idempotency-Key 201 for the account the first attempt created, not 409', async () => {
    const registration = newRegistration();
    const headers = { 'Idempotency-Key': 'register-7f3a9c1e' };
    const first = await register(registration, freshIp(), headers);

    const repeat = await register(registration, freshIp(), headers);
    const otherKey = await register(registration, freshIp(), { 'Idempotency-Key': 'register-other-key' });
    const otherPassword = await register({ ...registration, password: 'another-password-99' }, freshIp(), headers);

    expect(first.status).toBe(201);
    expect(repeat.status).toBe(201);
    expect(repeat.body.data.user.id).toBe(first.body.data.user.id);
    expect(repeat.body.data.refresh_token).not.toBe(first.body.data.refresh_token);
    expect(otherKey.status).toBe(409);
    expect(otherPassword.status).toBe(409);
  });
});
