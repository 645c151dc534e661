// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { loginBody, refreshBody, registerBody, username } from '../../shared/schemas/auth.ts';

const valid = { username: 'Ada.Lovelace-1815', email: 'Ada@Example.com', password: 'violet kettle 42', full_name: 'Ada Lovelace' };

describe('username rules', () => {
  it.each(['abc', 'Ada_Lovelace', 'ada.lovelace', 'a-b-c', '0123456789', 'x'.repeat(32)])('accepts %s', (name) => {
    expect(username.safeParse(name).success).toBe(true);
  });

  it.each(['ab', 'x'.repeat(33), 'ada lovelace', 'ada@home', 'adä', 'ada/1', 'ada+1', ''])('refuses %j', (name) => {
    expect(username.safeParse(name).success).toBe(false);
  });

  it('keeps the case as typed (uniqueness compares it lower-cased elsewhere)', () => {
    expect(username.parse(' Ada_Lovelace ')).toBe('Ada_Lovelace');
  });
});

describe('registerBody', () => {
  it('keeps only the fields a person may set and lower-cases the email', () => {
    const parsed = registerBody.parse({ ...valid, id: 'x', events_created: 5, password_hash: 'h', created_at: 'then' });

    expect(parsed).toEqual({ ...valid, email: 'ada@example.com' });
  });

  it('reports every problem at once, including the password echoing the username', () => {
    const result = registerBody.safeParse({ username: 'Ada', email: 'nope', password: 'ada', phone: 'call me' });

    const paths = result.error?.issues.map((issue) => issue.path.join('.')).sort();
    expect(paths).toEqual(['email', 'full_name', 'password', 'password', 'phone']);
  });

  it('refuses a common password and one equal to the email', () => {
    const common = registerBody.safeParse({ ...valid, password: 'Password123' });
    const echo = registerBody.safeParse({ ...valid, password: 'ADA@example.com' });

    expect(common.error?.issues.map((issue) => issue.message)).toEqual([expect.stringMatching(/most common/)]);
    expect(echo.error?.issues.map((issue) => issue.message)).toEqual([expect.stringMatching(/username or email/)]);
  });

  it('does not trim the password: spaces count as characters', () => {
    expect(registerBody.parse({ ...valid, password: '  spaced out  ' }).password).toBe('  spaced out  ');
  });

  it('survives a body that is not an object', () => {
    expect(registerBody.safeParse(undefined).success).toBe(false);
    expect(registerBody.safeParse('text').success).toBe(false);
  });
});

describe('loginBody', () => {
  it.each([
    [{ username: 'ada', password: 'pw' }, 'ada'],
    [{ email: 'ada@example.com', password: 'pw' }, 'ada@example.com'],
    [{ login: ' ada ', password: 'pw' }, 'ada'],
    [{ username: 'ada', email: 'other@example.com', password: 'pw' }, 'ada'],
  ])('takes the login name from %j', (body, expected) => {
    expect(loginBody.parse(body)).toEqual({ login: expected, password: 'pw' });
  });

  it('needs a name and a password, and lists both when both are missing', () => {
    const result = loginBody.safeParse({});

    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['login', 'password']);
  });

  it('survives a missing body', () => {
    expect(loginBody.safeParse(undefined).success).toBe(false);
  });
});

describe('refreshBody', () => {
  it('limits the token length', () => {
    expect(refreshBody.safeParse({ refresh_token: 'x'.repeat(513) }).success).toBe(false);
    expect(refreshBody.safeParse({ refresh_token: 'abc.def' }).success).toBe(true);
  });
});
