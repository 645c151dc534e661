import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import {
  isUnusedStep,
  matchingTimeStep,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  recoveryCodeHash,
} from '../../shared/domain/accounts/second-factor.ts';
import { mfaLoginBody, mfaOwnerProofBody } from '../../shared/schemas/auth.ts';

/** The second factor's pure rules (docs/mfa.md): TOTP steps and their reuse, recovery codes, the bodies. */
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const at = new Date('2026-12-06T10:00:05Z');
const step = Math.floor(at.getTime() / 30_000);
const codeAt = (time: Date) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: time.getTime() });
const seconds = (offset: number) => new Date(at.getTime() + offset * 1000);

describe('TOTP codes (RFC 6238: SHA-1, 6 digits, 30 s)', () => {
  it('matches a code to its time step, one step either side of now and no further', () => {
    expect(matchingTimeStep(secret, codeAt(at), at)).toBe(step);
    expect(matchingTimeStep(secret, codeAt(seconds(-30)), at)).toBe(step - 1);
    expect(matchingTimeStep(secret, codeAt(seconds(30)), at)).toBe(step + 1);
    expect(matchingTimeStep(secret, codeAt(seconds(-60)), at)).toBeNull();
    expect(matchingTimeStep(secret, codeAt(seconds(60)), at)).toBeNull();
  });

  it('knows the RFC 6238 test vector (SHA-1, T = 59 s: 94287082, here its last 6 digits)', () => {
    const rfcSecret = new Secret({ buffer: new TextEncoder().encode('12345678901234567890').buffer }).base32;
    expect(matchingTimeStep(rfcSecret, '287082', new Date(59_000))).toBe(1);
  });

  it('accepts a step only after the last one used: never the same code twice, nor an older one', () => {
    expect(isUnusedStep(step, undefined)).toBe(true);
    expect(isUnusedStep(step, step - 1)).toBe(true);
    expect(isUnusedStep(step, step)).toBe(false);
    expect(isUnusedStep(step - 1, step)).toBe(false);
  });

  it('makes a fresh 160-bit secret each time and the URI an authenticator app reads', () => {
    const fresh = newTotpSecret();
    expect(fresh).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(fresh);
    expect(otpauthUri(secret, 'ada')).toBe(`otpauth://totp/Event%20Planning:ada?issuer=Event%20Planning&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
  });
});

describe('recovery codes', () => {
  it('makes 10 distinct codes of 120 bits, shown in groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){5}$/);
  });

  it('hashes a code the same however it is typed, and apart for another account', () => {
    const code = 'abcd-efgh-ijkl-mnop-qrst-uvwx';
    expect(recoveryCodeHash('user-1', ' ABCDEFGH IJKLMNOP-qrstuvwx ')).toBe(recoveryCodeHash('user-1', code));
    expect(recoveryCodeHash('user-2', code)).not.toBe(recoveryCodeHash('user-1', code));
    expect(recoveryCodeHash('user-1', code)).not.toContain('abcd');
  });
});

describe('the second factor in a request', () => {
  it('takes exactly one of code and recovery_code', () => {
    expect(mfaLoginBody.safeParse({ challenge: 'c', code: '123456' }).success).toBe(true);
    expect(mfaLoginBody.safeParse({ challenge: 'c', recovery_code: 'abcd-efgh' }).success).toBe(true);
    expect(mfaLoginBody.safeParse({ challenge: 'c' }).success).toBe(false);
    expect(mfaLoginBody.safeParse({ challenge: 'c', code: '123456', recovery_code: 'abcd' }).success).toBe(false);
    expect(mfaOwnerProofBody.safeParse({ current_password: 'p', code: '12345' }).success).toBe(false);
  });

  it('lists a missing password and a missing factor together', () => {
    const parsed = mfaOwnerProofBody.safeParse({});
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['code', 'current_password']);
  });
});
