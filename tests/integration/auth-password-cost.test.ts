import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetConfigForTests } from '../../shared/config.ts';
import { userKeys } from '../../shared/data/keys.ts';
import { freshIp, login, registered, storedItem } from './auth-fixtures.ts';

/** Every scrypt the product runs, by its cost N: the work a sign-in does, counted instead of timed. */
const scryptCosts = vi.hoisted(() => [] as number[]);
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  const scrypt = (...args: Parameters<typeof crypto.scrypt>) => {
    const options = args[3];
    scryptCosts.push(typeof options === 'object' && options !== null ? Number(options.N ?? options.cost) : 16_384);
    return (crypto.scrypt as (...all: unknown[]) => void)(...args);
  };
  return { ...crypto, default: { ...crypto, scrypt }, scrypt };
});

/** Runs the rest of the test at another scrypt cost, as a deployment raising SCRYPT_LOG_N would. */
function useScryptCost(logN: number): void {
  process.env.SCRYPT_LOG_N = String(logN);
  resetConfigForTests();
}

/** The scrypt costs `action` ran. */
async function costsOf(action: () => Promise<unknown>): Promise<number[]> {
  scryptCosts.length = 0;
  await action();
  return [...scryptCosts];
}

afterEach(() => useScryptCost(12));

describe('password cost at sign-in', () => {
  it('does the same scrypt work for an unknown name as for a wrong password', async () => {
    // The same work, not the same measured time: timing on a loaded test machine only flakes (the bench
    // measures speed). A skipped hash for an unknown name would show here as no scrypt at all.
    useScryptCost(13);
    const { registration } = await registered();

    const unknown = await costsOf(() => login({ username: 'ghost_of_nobody', password: 'wrong-password-123' }, freshIp()));
    const wrong = await costsOf(() => login({ username: registration.username, password: 'wrong-password-123' }, freshIp()));

    expect(wrong).toEqual([2 ** 13]);
    expect(unknown).toEqual(wrong);
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
