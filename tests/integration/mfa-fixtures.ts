import { Secret, TOTP } from 'otpauth';
import { vi } from 'vitest';
import { secondFactorKeys } from '../../shared/data/keys.ts';
import { transact } from '../../shared/data/transact.ts';
import { call, freshIp, login, registered } from './auth-fixtures.ts';

/**
 * Arrangements of the second-factor tests (docs/mfa.md). Codes come from the same library the API uses,
 * from the secret the enrolment answered. The clock is the tests' own (only `Date` is faked): each code
 * is accepted once per 30-second step, so a test moves to the next step instead of waiting for it.
 */
export const STEP_MS = 30_000;

/** From a moment 5 s into a step, so nothing a test does crosses a step by itself. */
export function useTestClock(): void {
  const start = Math.floor(Date.now() / STEP_MS) * STEP_MS + 5_000;
  vi.useFakeTimers({ toFake: ['Date'], now: start });
}

export const nextStep = (steps = 1): void => {
  vi.setSystemTime(Date.now() + steps * STEP_MS);
};

/** The code an authenticator app shows now for this secret. */
export const codeFor = (secret: string): string => new TOTP({ secret: Secret.fromBase32(secret) }).generate();

/**
 * The code of the next step, for a test on the real clock: after one code was used at the current step,
 * it is still within the one-step window and after the step used, even if the step turns meanwhile.
 */
export const codeForNextStep = (secret: string): string => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + STEP_MS });

/** A code that is certainly wrong now (the right one plus one, modulo a million). */
export const wrongCodeFor = (secret: string): string => String((Number(codeFor(secret)) + 1) % 1_000_000).padStart(6, '0');

export type Account = Awaited<ReturnType<typeof registered>>;

export const startEnrolment = (account: Account, password = account.registration.password) =>
  call('POST', '/api/auth/mfa/totp', { token: account.accessToken, body: { current_password: password } });

export const confirmEnrolment = (account: Account, code: string) =>
  call('POST', '/api/auth/mfa/totp/confirm', { token: account.accessToken, body: { code } });

/**
 * A registered account with a second factor on: its secret and recovery codes. Its first code was used at
 * the current step: on the real clock, the next code to use is codeForNextStep's.
 */
export async function enrolledAccount() {
  const account = await registered();
  const enrolment = await startEnrolment(account);
  if (enrolment.status !== 200) throw new Error(`enrolment answered ${enrolment.status}: ${JSON.stringify(enrolment.body)}`);
  const secret = enrolment.body.data.secret as string;
  const confirmed = await confirmEnrolment(account, codeFor(secret));
  if (confirmed.status !== 200) throw new Error(`confirmation answered ${confirmed.status}: ${JSON.stringify(confirmed.body)}`);
  return { ...account, secret, recoveryCodes: confirmed.body.data.recovery_codes as string[] };
}

/** enrolledAccount on the test clock, moved on to the next step: codeFor gives a code not used yet. */
export async function accountWithSecondFactor() {
  const account = await enrolledAccount();
  nextStep();
  return account;
}

/** The password step from a fresh address; the challenge it answered. */
export async function passwordStep(account: Account, sourceIp = freshIp()): Promise<string> {
  const answer = await login({ login: account.registration.username, password: account.registration.password }, sourceIp);
  if (answer.status !== 200 || typeof answer.body.data.challenge !== 'string') throw new Error(`login answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.data.challenge;
}

export const secondStep = (body: Record<string, unknown>, sourceIp = '203.0.113.90') => call('POST', '/api/auth/login/mfa', { body, sourceIp });

export const ownerProof = (path: '/api/auth/mfa/disable' | '/api/auth/mfa/recovery-codes', account: Account, proof: Record<string, unknown>) =>
  call('POST', path, { token: account.accessToken, body: { current_password: account.registration.password, ...proof } });

/**
 * Marks an account's second factor on straight in the table, for tests about what it unlocks (the team
 * requirement), not about enrolment: signedInUser accounts have no password to enrol with.
 */
export async function markSecondFactorOn(userId: string): Promise<void> {
  await transact([{ Put: { Item: { ...secondFactorKeys.factor(userId), type: 'second_factor', enabled_at: new Date().toISOString(), secret_sealed: 'v1.not.a.secret' } } }]);
}
