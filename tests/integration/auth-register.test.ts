import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { verifyAccessToken } from '../../shared/auth/tokens.ts';
import { verifyPassword } from '../../shared/auth/passwords.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { sessionKeys, userKeys } from '../../shared/data/keys.ts';
import { newRegistration, register, registered, storedItem } from './auth-fixtures.ts';

describe('POST /api/auth/register', () => {
  it('creates the account and answers 201 with the user and tokens, and no password hash anywhere', async () => {
    const registration = newRegistration({ phone: '+1 555 0100' });

    const response = await register(registration);

    expect(response.status).toBe(201);
    expect(response.headers.Location).toBe('/api/auth/user');
    const { user, ...tokens } = response.body.data;
    expect(user).toEqual({
      id: expect.any(String),
      username: registration.username,
      email: registration.email,
      full_name: registration.full_name,
      phone: '+1 555 0100',
      email_verified: false,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      updated_at: user.created_at,
    });
    expect(tokens).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: expect.stringMatching(/^[0-9A-Z]{26}\.[A-Za-z0-9_-]{43}$/),
      refresh_expires_in: expect.any(Number),
    });
    expect(tokens.refresh_expires_in).toBeGreaterThan(29 * 24 * 3600);
    expect(JSON.stringify(response.body)).not.toMatch(/scrypt|password/i);
    expect(await verifyAccessToken(tokens.access_token)).toMatchObject({ userId: user.id, username: registration.username });
  });

  it('stores a scrypt hash of the password, the counters at zero, both claims, the session and an audit entry', async () => {
    const registration = newRegistration({ username: 'Mixed.Case_Name' });

    const response = await register(registration);

    const userId = response.body.data.user.id as string;
    const stored = await storedItem(userKeys.item(userId));
    expect(stored?.password_hash).toMatch(/^scrypt\$12\$8\$1\$/);
    expect(await verifyPassword(registration.password, String(stored?.password_hash))).toBe(true);
    expect(stored?.events_created).toBe(0);
    expect(stored?.username).toBe('Mixed.Case_Name');
    expect(await storedItem(userKeys.usernameClaim('mixed.case_name'))).toMatchObject({ user_id: userId });
    expect(await storedItem(userKeys.emailClaim(registration.email))).toMatchObject({ user_id: userId });
    const sessionId = response.body.data.refresh_token.split('.')[0] as string;
    expect(await storedItem(sessionKeys.item(sessionId))).toMatchObject({ user_id: userId });
    const audit = await db().send(new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': userKeys.item(userId).pk, ':audit': 'AUDIT#' },
    }));
    expect(audit.Items).toEqual([expect.objectContaining({ action: 'register', actor_id: userId, entity_id: userId })]);
    expect(JSON.stringify(audit.Items)).not.toContain(registration.password);
  });

  it('refuses a username that differs only in case with 409 username_taken', async () => {
    const first = await registered({ username: 'Grace_Hopper' });

    const response = await register(newRegistration({ username: 'grace_HOPPER' }));

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'username_taken', status: 409 });
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    expect(await storedItem(userKeys.usernameClaim('grace_hopper'))).toMatchObject({ user_id: first.userId });
  });

  it('gives exactly one 201 when five people register one username at the same moment', async () => {
    const attempts = ['Same_Name', 'same_name', 'SAME_NAME', 'same_Name', 'Same_name'].map((username) =>
      newRegistration({ username }),
    );

    const responses = await Promise.all(attempts.map((attempt) => register(attempt)));

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    expect(responses.filter((response) => response.status === 409).every((response) => response.body.code === 'username_taken')).toBe(true);
    const winner = responses.find((response) => response.status === 201)?.body.data.user.id;
    expect(await storedItem(userKeys.usernameClaim('same_name'))).toMatchObject({ user_id: winner });
    const users = await db().send(new ScanCommand({
      TableName: tableName(),
      FilterExpression: '#type = :user',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':user': 'user' },
    }));
    expect((users.Items ?? []).filter((item) => String(item.username).toLowerCase() === 'same_name')).toHaveLength(1);
    const losers = attempts.filter((attempt) => attempt.username !== responses.find((r) => r.status === 201)?.body.data.user.username);
    for (const loser of losers) expect(await storedItem(userKeys.emailClaim(loser.email))).toBeUndefined();
  });

  it('ignores the read-only fields it answers, and never stores them', async () => {
    const registration = newRegistration();

    const response = await register({
      ...registration,
      id: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
      created_at: '2000-01-01T00:00:00Z',
    } as never);

    expect(response.status).toBe(201);
    const user = response.body.data.user;
    expect(user.id).not.toBe('01HZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(user.created_at).not.toBe('2000-01-01T00:00:00Z');
    const stored = await storedItem(userKeys.item(user.id));
    expect(stored?.events_created).toBe(0);
    expect(await verifyPassword(registration.password, String(stored?.password_hash))).toBe(true);
  });

  it('refuses fields it does not know, naming each, and creates no account', async () => {
    const registration = newRegistration();

    const response = await register({ ...registration, password_hash: 'scrypt$10$1$1$AAAA$AAAA', is_admin: true } as never);

    expect(response.status).toBe(400);
    expect(response.body.errors.map((problem: { path: string }) => problem.path).sort()).toEqual(['is_admin', 'password_hash']);
    expect(await storedItem(userKeys.emailClaim(registration.email))).toBeUndefined();
  });
});
