// @ts-nocheck
import { afterEach, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../shared/config.ts';
import { userKeys } from '../../shared/data/keys.ts';
import { freshIp, login, registered, storedItem } from './auth-fixtures.ts';

/** Runs the rest of the test at another scrypt cost, as a deployment raising SCRYPT_LOG_N would. */
function useScryptCost(logN: number): void {
  process.env.SCRYPT_LOG_N = String(logN);
  resetConfigForTests();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

afterEach(() => useScryptCost(12));

describe('password cost at sign-in', () => {
  it('takes about as long for an unknown name as for a wrong password', async () => {
    // At 2^16 scrypt takes ~200 ms, well above DynamoDB Local's latency, so a skipped hash would show
    // (the ratio falls to ~0.2); the bounds are loose because test files run in parallel.
    useScryptCost(16);
    const { registration } = await registered();
    const unknown: number[] = [];
    const wrong: number[] = [];

    for (let round = 0; round < 4; round += 1) {
      unknown.push(await timed(() => login({ username: `ghost_${round}`, password: 'wrong-password-123' }, freshIp())));
      wrong.push(await timed(() => login({ username: registration.username, password: 'wrong-password-123' }, freshIp())));
    }

    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('re-hashes at the configured cost when a sign-in finds a cheaper stored hash', async () => {
    const { registration, userId } = await registered();
    const before = String((await storedItem(userKeys.item(userId)))?.password_hash);
    useScryptCost(13);

    const response = await login({ username: registration.username, password: registration.password }, freshIp());

    expect(response.status).toBe(200);
    expect(before).toMatch(/^scrypt\$12\$/);
    expect((await storedItem(userKeys.item(userId)))?.password_hash).toMatch(/^scrypt\$13\$8\$1\$/);
    expect((await login({ username: registration.username, password: registration.password }, freshIp())).status).toBe(200);
  });

  it('keeps verifying a hash made at a higher cost than configured, without re-hashing it down', async () => {
    useScryptCost(13);
    const { registration, userId } = await registered();
    useScryptCost(12);

    const response = await login({ username: registration.username, password: registration.password }, freshIp());

    expect(response.status).toBe(200);
    expect((await storedItem(userKeys.item(userId)))?.password_hash).toMatch(/^scrypt\$13\$/);
  });
});
