import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { COMMON_PASSWORDS_MIN_LENGTH, commonPasswords } from '../../shared/auth/common-passwords.ts';
import {
  dummyPasswordHash,
  hashPassword,
  isCommonPassword,
  needsRehash,
  parsePasswordHash,
  PASSWORD_MIN_LENGTH,
  passwordIsContextWords,
  verifyPassword,
} from '../../shared/auth/passwords.ts';

// Wraps the real timingSafeEqual so a test can see that verification compares through it.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

describe('hashPassword', () => {
  it('stores the algorithm, cost, block size, parallelism, a 16-byte salt and a 64-byte key', async () => {
    const stored = await hashPassword('correct horse battery');

    expect(stored).toMatch(/^scrypt\$12\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    const parsed = parsePasswordHash(stored);
    expect(parsed?.salt).toHaveLength(16);
    expect(parsed?.key).toHaveLength(64);
  });

  it('salts every hash, so one password never hashes the same twice', async () => {
    const [first, second] = await Promise.all([hashPassword('same password 1'), hashPassword('same password 1')]);

    expect(first).not.toBe(second);
  });

  it("hashes at OWASP's N=2^17 without hitting Node's default memory limit", async () => {
    const stored = await hashPassword('correct horse battery', { logN: 17, r: 8, p: 1 });

    expect(stored).toMatch(/^scrypt\$17\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
  });

  it('runs off the event loop: timers fire while a hash is being computed', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);

    await hashPassword('correct horse battery', { logN: 15, r: 8, p: 1 });
    clearInterval(timer);

    expect(ticks).toBeGreaterThan(3);
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('violet kettle 42');

    expect(await verifyPassword('violet kettle 42', stored)).toBe(true);
    expect(await verifyPassword('violet kettle 43', stored)).toBe(false);
    expect(await verifyPassword('Violet kettle 42', stored)).toBe(false);
  });

  it('uses the parameters stored with the hash, not the configured ones', async () => {
    const stored = await hashPassword('violet kettle 42', { logN: 13, r: 4, p: 2 });

    expect(await verifyPassword('violet kettle 42', stored)).toBe(true);
  });

  it('compares the keys in constant time', async () => {
    const stored = await hashPassword('violet kettle 42');
    vi.mocked(crypto.timingSafeEqual).mockClear();

    await verifyPassword('something else entirely', stored);

    expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['empty', ''],
    ['another algorithm', '$2b$12$abcdefghijklmnopqrstuv'],
    ['missing parts', 'scrypt$12$8$1$c2FsdA'],
    ['absurd cost', 'scrypt$30$8$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5'],
  ])('refuses a stored hash that is %s', async (_why, stored) => {
    expect(await verifyPassword('violet kettle 42', stored)).toBe(false);
  });

  it('refuses every password against the dummy hash, which carries the configured cost', async () => {
    const dummy = dummyPasswordHash();

    expect(await verifyPassword('violet kettle 42', dummy)).toBe(false);
    expect(parsePasswordHash(dummy)).toMatchObject({ logN: 12, r: 8, p: 1 });
    expect(dummyPasswordHash()).toBe(dummy);
  });
});

describe('needsRehash', () => {
  it('asks for a new hash only when the stored one is cheaper than configured', async () => {
    const cheaper = await hashPassword('violet kettle 42', { logN: 11, r: 8, p: 1 });
    const configured = await hashPassword('violet kettle 42');
    const dearer = await hashPassword('violet kettle 42', { logN: 13, r: 8, p: 1 });

    expect(needsRehash(cheaper)).toBe(true);
    expect(needsRehash(configured)).toBe(false);
    expect(needsRehash(dearer)).toBe(false);
    expect(needsRehash(configured, { logN: 17, r: 8, p: 1 })).toBe(true);
    expect(needsRehash('not a hash')).toBe(true);
  });
});

describe('password policy', () => {
  it('knows the most common passwords in any case, and not a good passphrase', () => {
    expect(isCommonPassword('password123')).toBe(true);
    expect(isCommonPassword('QWERTYUIOP')).toBe(true);
    expect(isCommonPassword('1q2w3e4r5t')).toBe(true);
    expect(isCommonPassword('violet kettle 42')).toBe(false);
  });

  it('holds a list cut at the policy minimum, so no long common password slips through', () => {
    expect(commonPasswords.size).toBeGreaterThan(1500);
    expect(COMMON_PASSWORDS_MIN_LENGTH).toBeLessThanOrEqual(PASSWORD_MIN_LENGTH);
    expect([...commonPasswords].every((password) => password.length >= COMMON_PASSWORDS_MIN_LENGTH)).toBe(true);
  });

  it('spots a password that is the username, the email or its local part, and not one that only contains them', () => {
    const identity = { username: 'Ada_Lovelace', email: 'countess@example.com' };

    expect(passwordIsContextWords('ada_lovelace', identity)).toBe(true);
    expect(passwordIsContextWords('COUNTESS@EXAMPLE.COM', identity)).toBe(true);
    expect(passwordIsContextWords('countess', identity)).toBe(true);
    expect(passwordIsContextWords('ada_lovelace_notes', identity)).toBe(false);
    expect(passwordIsContextWords('anything', {})).toBe(false);
  });

  it('spots a password made only of the product\'s words and the account\'s names, whatever digits and symbols are added', () => {
    const identity = { username: 'Ada_Lovelace', email: 'countess@example.com' };

    expect(passwordIsContextWords('EventPlanning2026!', {})).toBe(true);
    expect(passwordIsContextWords('wedding-planner-99', {})).toBe(true);
    expect(passwordIsContextWords('RSVP.Guestlist.2027', {})).toBe(true);
    expect(passwordIsContextWords('ada.lovelace1815', identity)).toBe(true);
    expect(passwordIsContextWords('countess-wedding-1', identity)).toBe(true);
    // A word that is not the product's keeps it a passphrase; digits alone are the common list's business.
    expect(passwordIsContextWords('our wedding in june', identity)).toBe(false);
    expect(passwordIsContextWords('1234567890!', identity)).toBe(false);
    // A name too short to be told from other words is not used to split a password.
    expect(passwordIsContextWords('jojo-event-2026x', { username: 'jo' })).toBe(false);
  });
});
