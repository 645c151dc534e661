import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config, resetConfigForTests } from '../../shared/config.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { loginThrottleKeys } from '../../shared/data/keys.ts';
import { freshIp, login, registered } from './auth-fixtures.ts';

/**
 * Sign-in throttling that a stranger cannot turn into a lockout (docs/accounts.md): failures lock the
 * account only from the address that made them, with a backoff; the account-wide limit holds only
 * addresses the account never signed in from; one address is limited across accounts. The window
 * limits are set low here so a test does not need hundreds of sign-ins.
 */
const limits = { LOGIN_ACCOUNT_FAILURE_LIMIT: '12', LOGIN_SOURCE_FAILURE_LIMIT: '15' };

beforeAll(() => {
  Object.assign(process.env, limits);
  resetConfigForTests();
});

afterAll(() => {
  for (const name of Object.keys(limits)) delete process.env[name];
  resetConfigForTests();
});

/** Different address ranges from auth-fixtures' freshIp, so this file's sources are its own. */
let next = 1;
const strangerIp = () => `198.51.100.${next++}`;
const wrong = (login_: string, address: string) => login({ login: login_, password: 'wrong-password-123' }, address);

describe('sign-in throttling', () => {
  it('lets the owner sign in from another address after an attacker failed 20 times from one', async () => {
    const { registration } = await registered();
    const attacker = strangerIp();
    const owner = freshIp();

    const attacks = [];
    for (let attempt = 0; attempt < 20; attempt += 1) attacks.push((await wrong(registration.username, attacker)).status);
    const fromOwner = await login({ login: registration.email, password: registration.password }, owner);
    const fromAttacker = await login({ login: registration.username, password: registration.password }, attacker);

    expect(attacks.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(attacks.slice(5).every((status) => status === 429)).toBe(true);
    expect(fromOwner.status).toBe(200);
    // The attacker's address stays locked, right password or not.
    expect(fromAttacker.status).toBe(429);
  });

  it('doubles the lock of an address with each failure after it ends, up to 15 minutes', async () => {
    const { registration, userId } = await registered();
    const address = freshIp();
    const key = loginThrottleKeys.pair(`user:${userId}`, address);
    const endLock = () => db().send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET locked_until = :past', ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() } }));
    for (let attempt = 0; attempt < 5; attempt += 1) await wrong(registration.username, address);

    const waits = [];
    for (let round = 0; round < 6; round += 1) {
      await endLock();
      expect((await wrong(registration.username, address)).status).toBe(401);
      waits.push(Number((await wrong(registration.username, address)).headers['Retry-After']));
    }

    expect(waits.map((wait) => Math.round(wait / 10) * 10)).toEqual([60, 120, 240, 480, 900, 900]);
  });

  it('holds an account against addresses it never signed in from, but never against its own', async () => {
    const { registration } = await registered();
    const { LOGIN_ACCOUNT_FAILURE_LIMIT } = config();
    const home = freshIp();
    expect((await login({ login: registration.username, password: registration.password }, home)).status).toBe(200);

    for (let attempt = 0; attempt < LOGIN_ACCOUNT_FAILURE_LIMIT; attempt += 1) expect((await wrong(registration.username, strangerIp())).status).toBe(401);
    const fromNewAddress = await login({ login: registration.username, password: registration.password }, strangerIp());
    const fromHome = await login({ login: registration.email, password: registration.password }, home);

    expect(fromNewAddress.status).toBe(429);
    expect(fromHome.status).toBe(200);
  });

  it('limits one address across accounts', async () => {
    const { LOGIN_SOURCE_FAILURE_LIMIT } = config();
    const { registration } = await registered();
    const address = strangerIp();
    for (let attempt = 0; attempt < LOGIN_SOURCE_FAILURE_LIMIT; attempt += 1) expect((await wrong(`someone_${attempt}_${next}`, address)).status).toBe(401);

    const fromThatAddress = await login({ login: registration.username, password: registration.password }, address);
    const fromElsewhere = await login({ login: registration.username, password: registration.password }, strangerIp());

    expect(fromThatAddress.status).toBe(429);
    expect(fromThatAddress.headers['Retry-After']).toMatch(/^\d+$/);
    expect(fromElsewhere.status).toBe(200);
  });
});
